package manifest

import (
	"slices"

	"github.com/endpointgen/endpointgen/generator/catalog"
)

// Manifest is version 1 of the workload manifest: the YAML a platform engineer
// writes. Field tags drive both the decoder (decode.go) and the JSON Schema (schema_reflect_test.go), so
// the two cannot drift: `yaml` names the key, `jsonschema` carries "required",
// "enum=…" and "default=…".
type Manifest struct {
	APIVersion string `yaml:"apiVersion" jsonschema:"required,enum=endpointgen/v1" jsonschema_description:"Manifest format version."`
	Name       string `yaml:"name" jsonschema:"required" jsonschema_description:"Workload name: 2 to 40 lowercase letters, digits and hyphens, starting with a letter. Derives default resource names."`
	Location   string `yaml:"location" jsonschema_description:"Required here or in the repo defaults file (endpointgen.yaml). Azure region of the workload's resources, by programmatic name (westeurope, usgovvirginia, chinanorth3); one of the chosen cloud's regions."`
	// LocationUnlisted admits a location (and network.vnet.location) that
	// is not in endpointgen's region list of the cloud: a region newer
	// than the list.
	LocationUnlisted bool          `yaml:"location_unlisted" jsonschema:"default=false" jsonschema_description:"true: location (and network.vnet.location) may be a region newer than endpointgen's list of the cloud's regions; only its form is checked."`
	Pattern          Pattern       `yaml:"pattern" jsonschema:"required,enum=service-endpoint,enum=private-endpoint" jsonschema_description:"Network-isolation pattern: service-endpoint (subnet service endpoints and firewall rules) or private-endpoint (private endpoints, public access disabled)."`
	Provider         string        `yaml:"provider" jsonschema:"enum=4,enum=5,default=5" jsonschema_description:"azurerm provider major to target: 4 or 5 (a number or a string)."`
	Cloud            catalog.Cloud `yaml:"cloud" jsonschema:"enum=public,enum=usgovernment,enum=china,default=public" jsonschema_description:"Azure cloud: chooses private DNS zone names and the provider's environment."`
	// SubscriptionID is the subscription the module deploys into, when
	// the manifest (or its repo defaults) knows it: the default of the
	// module's subscription_id variable, and what tells apart two
	// workloads that create resources of one name.
	SubscriptionID string            `yaml:"subscription_id" jsonschema_description:"ID (a GUID) of the subscription the workload deploys into: the default of the module's subscription_id variable. Workloads of a repo with different subscriptions may create resources of one name; with the same one, generate DIR refuses it."`
	ResourceGroup  ResourceGroup     `yaml:"resource_group" jsonschema_description:"The resource group of every generated resource: created (default), or existing and read with a data source."`
	Network        Network           `yaml:"network" jsonschema_description:"The virtual network and its subnets: created (default), existing and read by name, or given by resource ID."`
	Services       []Service         `yaml:"services" jsonschema:"required,minItems=1" jsonschema_description:"The PaaS resources of the workload."`
	DNS            DNS               `yaml:"dns" jsonschema_description:"private-endpoint only: who owns the private DNS zones of the endpoints."`
	Migration      Migration         `yaml:"migration" jsonschema_description:"service-endpoint only: how far the workload has moved to private endpoints; endpointgen migrate -f records it."`
	Tags           map[string]string `yaml:"tags" jsonschema_description:"Tags for every resource that takes tags (the default of the module's tags variable)."`
	// IgnoreTagChanges are tag names that something else writes (Azure
	// Policy's modify or append effects): Terraform leaves them alone.
	IgnoreTagChanges []string `yaml:"ignore_tag_changes" jsonschema_description:"Tag names that Azure Policy (or anything else) adds to the resources: every resource that takes tags ignores changes to them (lifecycle ignore_changes)."`

	// Phase is the migration phase the manifest is generated for: the one
	// Load was asked for, else Migration.Phase; PhaseNone outside a
	// migration. Not a YAML field.
	Phase Phase `yaml:"-"`
	// Backend is the remote state backend of the module, from the repo
	// defaults, with its key rendered; nil for local state. Not a YAML
	// field.
	Backend *Backend `yaml:"-"`
	// Naming holds the private-link name templates of the repo defaults
	// (the others are rendered into the names when loading). Not a YAML
	// field.
	Naming Naming `yaml:"-"`

	// pos is where each field's value was given, in the manifest or in
	// its repo defaults (see LoadWith), for what is said about it later.
	pos positions `yaml:"-"`
}

// ResourceGroup is the resource group every generated resource lives in.
// Name defaults to "rg-<workload name>". Existing references a resource
// group created elsewhere (a data source) instead of creating it.
type ResourceGroup struct {
	Name     string `yaml:"name" jsonschema_description:"Resource group name, 1 to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending with a period; default rg-<name>."`
	Existing bool   `yaml:"existing" jsonschema_description:"true: the resource group exists; it is read with a data source instead of created. The resources still go in location."`
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
	VNet    VNet     `yaml:"vnet" jsonschema_description:"The virtual network."`
	Subnet  Subnet   `yaml:"subnet" jsonschema_description:"The one workload subnet: carries the service endpoints or holds the private endpoints. Use subnets instead for several."`
	Subnets []Subnet `yaml:"subnets" jsonschema:"minItems=1" jsonschema_description:"Instead of subnet: several subnets, each with roles."`
}

// VNet is the virtual network. Name defaults to "vnet-<workload name>",
// AddressSpace (CIDRs) to [10.0.0.0/16]. An existing VNet (a spoke built
// elsewhere) is referenced by Name with Existing (a data source; its
// ResourceGroup defaults to the workload's) or by its resource ID.
type VNet struct {
	Name          string   `yaml:"name" jsonschema_description:"Virtual network name, 2 to 64 letters, digits, underscores, hyphens and periods; default vnet-<name>."`
	AddressSpace  []string `yaml:"address_space" jsonschema_description:"New VNet only: its private IPv4 CIDRs, not overlapping; default [10.0.0.0/16]."`
	Existing      bool     `yaml:"existing" jsonschema_description:"true: the VNet exists (a spoke built elsewhere) and is read by name and resource_group."`
	ResourceGroup string   `yaml:"resource_group" jsonschema_description:"Existing VNet only: its resource group; default the workload's."`
	ID            string   `yaml:"id" jsonschema_description:"Resource ID of an existing virtual network."`
	// Location is the region of a VNet given by ID (or of the subnets
	// given by ID), where the private endpoints go; "" is the workload's
	// location. A VNet read by name brings its own.
	Location string `yaml:"location" jsonschema_description:"VNet given by id, or subnets given by id: the VNet's region, where the private endpoints go (they must be in their VNet's region); default: location."`
}

// Subnet is the workload's subnet. Name defaults to "snet-<workload name>",
// AddressPrefixes (CIDRs) to [10.0.1.0/24]. An existing subnet is referenced
// by Name with Existing (in an existing VNet) or by its resource ID; its
// service endpoints are then not managed here.
type Subnet struct {
	Name            string   `yaml:"name" jsonschema_description:"Subnet name, 1 to 80 letters, digits, underscores, hyphens and periods; default snet-<name> for the one subnet."`
	AddressPrefixes []string `yaml:"address_prefixes" jsonschema_description:"New subnet only: IPv4 CIDRs inside the VNet's address space, /29 or larger; default [10.0.1.0/24]."`
	Existing        bool     `yaml:"existing" jsonschema_description:"true: the subnet exists in the existing VNet and is read by name; endpointgen does not change it."`
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
	Mode             DNSMode           `yaml:"mode" jsonschema:"enum=managed,enum=existing,enum=policy,default=managed" jsonschema_description:"managed: create each zone and link it to the VNet; existing: use zones created elsewhere (a hub), by zone_ids; policy: Azure Policy creates the endpoints' zone groups."`
	ZoneIDs          map[string]string `yaml:"zone_ids" jsonschema_description:"existing mode: private DNS zone resource IDs keyed by zone name."`
	LinkVNetIDs      []string          `yaml:"link_vnet_ids" jsonschema_description:"managed mode: further virtual networks (a hub) to link every zone to."`
	ResolutionPolicy string            `yaml:"resolution_policy" jsonschema:"enum=Default,enum=NxDomainRedirect,default=NxDomainRedirect" jsonschema_description:"managed mode: the zone links' resolution policy (default NxDomainRedirect: names without a record in the zone fall back to public resolution, so other accounts stay reachable; Default answers NXDOMAIN)."`
}

// Migration records how far a service-endpoint workload has moved to
// private endpoints, so that generate, --check, --diff and migrate -f
// always produce the same phase: the workload's state lives in the
// manifest, not only in its output directory.
type Migration struct {
	Phase Phase `yaml:"phase" jsonschema:"required,enum=add,enum=cutover,enum=cleanup" jsonschema_description:"The migration phase applied last: add (private endpoints beside the rules), cutover (public access off, rules gone), cleanup (service endpoints gone). endpointgen migrate -f advances it."`
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
	Type            ServiceType `yaml:"type" jsonschema:"required" jsonschema_description:"Service type; endpointgen catalog lists each with its azurerm resource, service endpoint and sub-resources."`
	Name            string      `yaml:"name" jsonschema:"required" jsonschema_description:"The service's Azure name, checked against its type's naming rule; globally unique for most types."`
	Subresources    []string    `yaml:"subresources" jsonschema_description:"private-endpoint only: private-link sub-resources (group IDs) that get a private endpoint each, valid for the service type (endpointgen catalog); default: the type's main one."`
	AllowedIPRanges []string    `yaml:"allowed_ip_ranges" jsonschema_description:"service-endpoint only: public IPv4 addresses or CIDRs the firewall admits besides the subnet."`
	// Kind is an Azure AI services account's kind (cognitive_account only;
	// default AIServices).
	Kind string `yaml:"kind" jsonschema:"enum=AIServices,enum=OpenAI,enum=CognitiveServices,enum=TextAnalytics,enum=FormRecognizer,enum=ComputerVision,enum=SpeechServices,enum=TextTranslation" jsonschema_description:"cognitive_account only: the account kind (default AIServices)."`
	// Replication is the account's redundancy (default LRS). Source: "Azure
	// Storage redundancy", https://learn.microsoft.com/azure/storage/common/storage-redundancy
	Replication string `yaml:"replication" jsonschema:"enum=LRS,enum=ZRS,enum=GRS,enum=RAGRS,enum=GZRS,enum=RAGZRS,default=LRS" jsonschema_description:"Storage only: redundancy (default LRS); geo-redundant options keep a copy in the paired region."`

	// HTTPSTrafficOnlyEnabled: false also admits plain HTTP (default true).
	HTTPSTrafficOnlyEnabled *bool `yaml:"https_traffic_only_enabled" jsonschema_description:"Storage only. Opt-out: false also admits plain HTTP (default true)."`
	// MinTLSVersion is the oldest TLS version the account accepts (default TLS1_2).
	MinTLSVersion string `yaml:"min_tls_version" jsonschema:"enum=TLS1_0,enum=TLS1_1,enum=TLS1_2" jsonschema_description:"Storage only. Opt-out: the oldest TLS version the account accepts (default TLS1_2)."`
	// AllowNestedItemsToBePublic: true lets containers allow anonymous read (default false).
	AllowNestedItemsToBePublic *bool `yaml:"allow_nested_items_to_be_public" jsonschema_description:"Storage only. Opt-out: true lets containers allow anonymous read (default false)."`
	// InfrastructureEncryptionEnabled: false skips the second layer of
	// encryption at rest (default true; fixed when the account is created).
	InfrastructureEncryptionEnabled *bool `yaml:"infrastructure_encryption_enabled" jsonschema_description:"Storage only. Opt-out: false skips the second layer of encryption at rest (default true; fixed when the account is created)."`
	// SharedAccessKeyEnabled: true allows account keys and SAS signed with
	// them besides Entra ID (default false).
	SharedAccessKeyEnabled *bool `yaml:"shared_access_key_enabled" jsonschema_description:"Storage only. Opt-out: true allows account keys and SAS signed with them besides Entra ID (default false)."`
	// IsHNSEnabled turns on the hierarchical namespace that Data Lake
	// Storage (dfs) needs (default: true when subresources has dfs). Fixed
	// when the account is created: changing it replaces the account.
	// OutboundNetworkRestrictionEnabled: false lets a SQL server open
	// outbound connections anywhere (default true: only to the FQDNs of
	// azurerm_mssql_outbound_firewall_rule resources).
	OutboundNetworkRestrictionEnabled *bool `yaml:"outbound_network_restriction_enabled" jsonschema_description:"sql_server only: opt-out; false lets the server connect out to any address (default true: outbound only to FQDNs allowed by outbound firewall rules)."`
	IsHNSEnabled                      *bool `yaml:"is_hns_enabled" jsonschema_description:"storage only: the hierarchical namespace Data Lake Storage (dfs) needs; default true when subresources has dfs. Fixed when the account is created."`
}
