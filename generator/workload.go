package generator

import (
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// workload is a validated manifest with its defaults applied, plus the
// choices derived from it: the provider major and the pattern.
type workload struct {
	*Manifest
	major   major
	pattern pattern
}

// pattern is one network-isolation pattern. Each lives in a file of its own
// (service_endpoint.go, private_endpoint.go).
type pattern interface {
	// serviceEndpoints lists the service endpoints the workload subnet carries.
	serviceEndpoints(w *workload) []string
	// storageFirewall is a storage account's public network access and
	// firewall rules.
	storageFirewall(w *workload, svc Service) firewall
	// files returns the files only this pattern emits.
	files(w *workload) []*hclFile
	// outputs lists the pattern's outputs for one service.
	outputs(w *workload, svc Service) []output
}

func newWorkload(m *Manifest) *workload {
	w := &workload{Manifest: m, major: majors[m.Provider]}
	switch m.Pattern {
	case PatternServiceEndpoint:
		w.pattern = serviceEndpointPattern{}
	default:
		w.pattern = privateEndpointPattern{}
	}
	return w
}

// Resource addresses. The resource group and virtual network are singletons;
// the subnet and services are labelled by their Azure names so that adding a
// second one later leaves the first one's address alone.
var (
	resourceGroup  = ref{"azurerm_resource_group", "this"}
	virtualNetwork = ref{"azurerm_virtual_network", "this"}
)

func (w *workload) subnet() ref { return ref{"azurerm_subnet", label(w.Network.Subnet.Name)} }

func storageAccount(svc Service) ref { return ref{"azurerm_storage_account", label(svc.Name)} }

var tagsVar = ref{"var", "tags"}

// mainFile holds the resource group and the network.
func (w *workload) mainFile() *hclFile {
	f := newHCLFile("main.tf")
	rg := f.block("resource", resourceGroup...)
	setString(rg, "name", w.ResourceGroup.Name)
	setString(rg, "location", w.Location)
	setRef(rg, "tags", tagsVar)

	vnet := f.block("resource", virtualNetwork...)
	setString(vnet, "name", w.Network.VNet.Name)
	w.placeIn(vnet)
	setStrings(vnet, "address_space", w.Network.VNet.AddressSpace)
	setRef(vnet, "tags", tagsVar)

	// A standalone subnet, never one inline in the VNet: the two styles fight
	// each other (pitfalls.md #23).
	subnet := f.block("resource", w.subnet()...)
	setString(subnet, "name", w.Network.Subnet.Name)
	setRef(subnet, "resource_group_name", resourceGroup.dot("name"))
	setRef(subnet, "virtual_network_name", virtualNetwork.dot("name"))
	setStrings(subnet, "address_prefixes", w.Network.Subnet.AddressPrefixes)
	if eps := w.pattern.serviceEndpoints(w); len(eps) > 0 {
		w.major.serviceEndpoints(subnet, eps)
	}
	return f
}

// placeIn sets a resource's resource group and location to the workload's.
func (w *workload) placeIn(b *hclwrite.Body) {
	setRef(b, "resource_group_name", resourceGroup.dot("name"))
	setRef(b, "location", resourceGroup.dot("location"))
}

// storageFile holds the storage accounts with the secure settings both
// patterns share; the pattern adds public access and the firewall.
func (w *workload) storageFile() *hclFile {
	f := newHCLFile("storage.tf")
	for _, svc := range w.Services {
		b := f.block("resource", storageAccount(svc)...)
		setString(b, "name", svc.Name)
		w.placeIn(b)
		setString(b, "account_kind", "StorageV2")
		setString(b, "account_tier", "Standard")
		setString(b, "account_replication_type", svc.Replication)
		setBool(b, "https_traffic_only_enabled", *svc.HTTPSTrafficOnlyEnabled)
		setString(b, "min_tls_version", svc.MinTLSVersion)
		setBool(b, "allow_nested_items_to_be_public", *svc.AllowNestedItemsToBePublic)
		// By default Entra ID only: no account keys, no SAS signed with
		// them. The provider authenticates its own data-plane calls with
		// Entra ID too (storage_use_azuread in providers.tf).
		setBool(b, "shared_access_key_enabled", *svc.SharedAccessKeyEnabled)
		setBool(b, "default_to_oauth_authentication", true)
		setBool(b, "infrastructure_encryption_enabled", *svc.InfrastructureEncryptionEnabled)
		fw := w.pattern.storageFirewall(w, svc)
		setBool(b, "public_network_access_enabled", fw.publicAccess)
		setRef(b, "tags", tagsVar)

		// The firewall always denies by default: "no restriction" is never
		// written by omission (pitfalls.md #2), and an allow-only rule set
		// drifts on every plan (#3).
		nr := nested(b, "network_rules")
		setString(nr, "default_action", "Deny")
		setStrings(nr, "bypass", []string{"AzureServices"})
		if len(fw.ipRules) > 0 {
			setStrings(nr, "ip_rules", fw.ipRules)
		}
		if len(fw.subnets) > 0 {
			setRefs(nr, "virtual_network_subnet_ids", fw.subnets...)
		}
	}
	return f
}

// firewall is how a storage account is reached: public network access on or
// off, and the public IP ranges and subnets its network rules admit.
type firewall struct {
	publicAccess bool
	ipRules      []string
	subnets      []ref
}

// variable is one input variable of the generated module.
type variable struct {
	name, description string
	typ               hclwrite.Tokens
	value             cty.Value
}

func (w *workload) variables() []variable {
	return []variable{
		{
			name:        "subscription_id",
			description: "ID of the Azure subscription to deploy into. When null, the azurerm provider reads ARM_SUBSCRIPTION_ID.",
			typ:         hclwrite.TokensForIdentifier("string"),
			value:       cty.NullVal(cty.String),
		},
		{
			name:        "tags",
			description: "Tags applied to every resource that takes tags.",
			typ:         hclwrite.TokensForFunctionCall("map", hclwrite.TokensForIdentifier("string")),
			value:       stringMap(w.Tags),
		},
	}
}

func (w *workload) variablesFile() *hclFile {
	f := newHCLFile("variables.tf")
	for _, v := range w.variables() {
		b := f.block("variable", v.name)
		b.SetAttributeRaw("type", v.typ)
		setString(b, "description", v.description)
		b.SetAttributeValue("default", v.value)
	}
	return f
}

// output is one output of the generated module.
type output struct {
	name, description string
	value             hclwrite.Tokens
}

func (w *workload) outputs() []output {
	outs := []output{
		{"resource_group_id", "ID of the resource group.", resourceGroup.dot("id").tokens()},
		{"virtual_network_id", "ID of the virtual network.", virtualNetwork.dot("id").tokens()},
		{"subnet_id", "ID of the workload subnet.", w.subnet().dot("id").tokens()},
	}
	for _, svc := range w.Services {
		outs = append(outs, output{label(svc.Name) + "_id", "ID of the storage account " + svc.Name + ".", storageAccount(svc).dot("id").tokens()})
		outs = append(outs, w.pattern.outputs(w, svc)...)
	}
	return outs
}

func (w *workload) outputsFile() *hclFile {
	f := newHCLFile("outputs.tf")
	for _, o := range w.outputs() {
		b := f.block("output", o.name)
		setString(b, "description", o.description)
		b.SetAttributeRaw("value", o.value)
	}
	return f
}
