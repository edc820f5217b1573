package manifest

import (
	"slices"

	"github.com/endpointgen/endpointgen/generator/catalog"
)

// Manifest is version 1 of the workload manifest: the YAML a platform engineer
// writes. Field tags drive both the decoder (decode.go) and the JSON Schema (schema.go), so
// the two cannot drift: `yaml` names the key, `jsonschema` carries "required",
// "enum=…" and "default=…".
type Manifest struct {
	APIVersion    string            `yaml:"apiVersion" jsonschema:"required,enum=endpointgen/v1" jsonschema_description:"Manifest format version."`
	Name          string            `yaml:"name" jsonschema:"required" jsonschema_description:"Workload name: 2 to 40 lowercase letters, digits and hyphens, starting with a letter. Derives default resource names."`
	Location      string            `yaml:"location" jsonschema:"required" jsonschema_description:"Azure location, programmatic name such as westeurope."`
	Pattern       Pattern           `yaml:"pattern" jsonschema:"required,enum=service-endpoint,enum=private-endpoint" jsonschema_description:"Network-isolation pattern."`
	Provider      string            `yaml:"provider" jsonschema:"enum=4,enum=5,default=5" jsonschema_description:"azurerm provider major to target."`
	Cloud         catalog.Cloud     `yaml:"cloud" jsonschema:"enum=public,enum=usgovernment,enum=china,default=public" jsonschema_description:"Azure cloud: chooses private DNS zone names and the provider's environment."`
	ResourceGroup ResourceGroup     `yaml:"resource_group"`
	Network       Network           `yaml:"network"`
	Services      []Service         `yaml:"services" jsonschema:"required,minItems=1" jsonschema_description:"The PaaS resources of the workload."`
	DNS           DNS               `yaml:"dns"`
	Tags          map[string]string `yaml:"tags" jsonschema_description:"Tags for every resource that takes tags (the default of the module's tags variable)."`

	// Phase is the migration phase the manifest is generated for, PhaseNone
	// outside a migration; set by Load, not by the YAML.
	Phase Phase `yaml:"-"`
}

// ResourceGroup is the resource group every generated resource lives in.
// Name defaults to "rg-<workload name>". Existing references a resource
// group created elsewhere (a data source) instead of creating it.
type ResourceGroup struct {
	Name     string `yaml:"name"`
	Existing bool   `yaml:"existing"`
}

// Network is the virtual network and the one subnet of the workload: the
// subnet carrying the service endpoints (service-endpoint pattern) or holding
// the private endpoints (private-endpoint pattern).
//
// Subnets, instead of Subnet, gives several subnets with roles: workload
// subnets carry the service endpoints and are admitted by the services'
// network rules; the endpoints subnet holds the private endpoints. A subnet
// without roles has both. After the defaults are applied, Subnets always holds the
// subnets (Subnet becomes its only element).
type Network struct {
	VNet    VNet     `yaml:"vnet"`
	Subnet  Subnet   `yaml:"subnet"`
	Subnets []Subnet `yaml:"subnets"`
}

// VNet is the virtual network. Name defaults to "vnet-<workload name>",
// AddressSpace (CIDRs) to [10.0.0.0/16]. An existing VNet (a spoke built
// elsewhere) is referenced by Name with Existing (a data source; its
// ResourceGroup defaults to the workload's) or by its resource ID.
type VNet struct {
	Name          string   `yaml:"name"`
	AddressSpace  []string `yaml:"address_space"`
	Existing      bool     `yaml:"existing"`
	ResourceGroup string   `yaml:"resource_group"`
	ID            string   `yaml:"id" jsonschema_description:"Resource ID of an existing virtual network."`
}

// Subnet is the workload's subnet. Name defaults to "snet-<workload name>",
// AddressPrefixes (CIDRs) to [10.0.1.0/24]. An existing subnet is referenced
// by Name with Existing (in an existing VNet) or by its resource ID; its
// service endpoints are then not managed here.
type Subnet struct {
	Name            string   `yaml:"name"`
	AddressPrefixes []string `yaml:"address_prefixes"`
	Existing        bool     `yaml:"existing"`
	ID              string   `yaml:"id" jsonschema_description:"Resource ID of an existing subnet."`
	Roles           []string `yaml:"roles" jsonschema:"enum=workload,enum=endpoints" jsonschema_description:"network.subnets only: workload (carries service endpoints, admitted by network rules) and/or endpoints (holds the private endpoints); default both."`
}

// Subnet roles.
const (
	RoleWorkload  = "workload"
	RoleEndpoints = "endpoints"
)

// Has reports whether the subnet plays a role.
func (s Subnet) Has(role string) bool { return slices.Contains(s.Roles, role) }

// DNS says who owns the private DNS zones of the private endpoints.
//
// Mode managed (default) creates each zone and links it to the workload VNet
// and to LinkVNetIDs; existing uses zones created elsewhere (a hub), by
// ZoneIDs keyed by zone name, and creates no zone or link; policy leaves the
// zone group to Azure Policy (DeployIfNotExists). ResolutionPolicy sets the
// links' resolution policy (managed only): NxDomainRedirect unless Default.
type DNS struct {
	Mode             DNSMode           `yaml:"mode" jsonschema:"enum=managed,enum=existing,enum=policy,default=managed"`
	ZoneIDs          map[string]string `yaml:"zone_ids" jsonschema_description:"existing mode: private DNS zone resource IDs keyed by zone name."`
	LinkVNetIDs      []string          `yaml:"link_vnet_ids" jsonschema_description:"managed mode: further virtual networks (a hub) to link every zone to."`
	ResolutionPolicy string            `yaml:"resolution_policy" jsonschema:"enum=Default,enum=NxDomainRedirect,default=NxDomainRedirect"`
}

// Service is one PaaS resource of the workload.
//
// Subresources are the private-link sub-resources (group IDs) that get a
// private endpoint each; private-endpoint pattern only, default [blob].
// AllowedIPRanges are public IPv4 addresses or CIDRs allowed through the
// service firewall besides the subnet; service-endpoint pattern only.
//
// The remaining fields opt out of a secure default, for a workload that
// needs it; they carry the azurerm argument names and are nil when not given.
type Service struct {
	Type            ServiceType `yaml:"type" jsonschema:"required"`
	Name            string      `yaml:"name" jsonschema:"required"`
	Subresources    []string    `yaml:"subresources" jsonschema_description:"private-endpoint only: private-link sub-resources (group IDs) that get a private endpoint each, valid for the service type (endpointgen catalog); default: the type's main one."`
	AllowedIPRanges []string    `yaml:"allowed_ip_ranges" jsonschema_description:"service-endpoint only: public IPv4 addresses or CIDRs the firewall admits besides the subnet."`
	// Kind is an Azure AI services account's kind (cognitive_account only;
	// default AIServices).
	Kind string `yaml:"kind" jsonschema:"enum=AIServices,enum=OpenAI,enum=CognitiveServices,enum=TextAnalytics,enum=FormRecognizer,enum=ComputerVision,enum=SpeechServices,enum=TextTranslation" jsonschema_description:"cognitive_account only: the account kind (default AIServices)."`
	// Replication is the account's redundancy (default LRS). Source: "Azure
	// Storage redundancy", https://learn.microsoft.com/azure/storage/common/storage-redundancy
	Replication string `yaml:"replication" jsonschema:"enum=LRS,enum=ZRS,enum=GRS,enum=RAGRS,enum=GZRS,enum=RAGZRS,default=LRS" jsonschema_description:"Storage redundancy; geo-redundant options keep a copy in the paired region."`

	// HTTPSTrafficOnlyEnabled: false also admits plain HTTP (default true).
	HTTPSTrafficOnlyEnabled *bool `yaml:"https_traffic_only_enabled"`
	// MinTLSVersion is the oldest TLS version the account accepts (default TLS1_2).
	MinTLSVersion string `yaml:"min_tls_version" jsonschema:"enum=TLS1_0,enum=TLS1_1,enum=TLS1_2"`
	// AllowNestedItemsToBePublic: true lets containers allow anonymous read (default false).
	AllowNestedItemsToBePublic *bool `yaml:"allow_nested_items_to_be_public"`
	// InfrastructureEncryptionEnabled: false skips the second layer of
	// encryption at rest (default true; fixed when the account is created).
	InfrastructureEncryptionEnabled *bool `yaml:"infrastructure_encryption_enabled"`
	// SharedAccessKeyEnabled: true allows account keys and SAS signed with
	// them besides Entra ID (default false).
	SharedAccessKeyEnabled *bool `yaml:"shared_access_key_enabled"`
}
