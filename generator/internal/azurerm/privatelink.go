package azurerm

import (
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// The resource types of the private-link construct. This file is the only
// one that writes them; everything else refers to these names.
const (
	PrivateEndpointType = "azurerm_private_endpoint"
	PrivateDNSZoneType  = "azurerm_private_dns_zone"
	ZoneLinkType        = "azurerm_private_dns_zone_virtual_network_link"
)

// privateLink reports whether typ is one of the private-link resource
// types: an endpoint, a private DNS zone or a zone's link.
func privateLink(typ string) bool {
	return typ == PrivateEndpointType || typ == PrivateDNSZoneType || typ == ZoneLinkType
}

// Azure's length limits for the names the construct carries ("Naming rules
// and restrictions for Azure resources", Microsoft.Network,
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftnetwork).
const (
	endpointNameMax = 64
	childNameMax    = 80 // NIC, service connection, zone group, link
)

// EndpointAddress is the address of the private endpoint labelled label.
func EndpointAddress(label string) hclgen.Ref { return hclgen.Ref{PrivateEndpointType, label} }

// ZoneAddress is the address of a private DNS zone, labelled by its name
// without "privatelink.", so services whose sub-resources share a zone share
// one zone resource (a VNet links one zone of a name only:
// https://github.com/Azure/ARO-RP/issues/796).
func ZoneAddress(zone string) hclgen.Ref {
	return hclgen.Ref{PrivateDNSZoneType, ZoneLabel(zone)}
}

// ZoneLabel is the resource label of a zone ("privatelink.blob.core.windows.net"
// → "blob_core_windows_net"); its links are labelled from it too.
func ZoneLabel(zone string) string { return names.Label(strings.TrimPrefix(zone, "privatelink.")) }

// Name is the base of an Azure name: a literal from a manifest, shortened
// with a hash when a prefix makes it too long, or an expression from a
// hand-written root, written as format().
type Name struct {
	literal string
	exprs   []hclwrite.Tokens
}

// LiteralName is a name known when generating.
func LiteralName(s string) Name { return Name{literal: s} }

// ExprName is a name only the configuration knows (azurerm_storage_account.x.name);
// several parts are joined by "-" (a resource group and a VNet name).
func ExprName(parts ...hclwrite.Tokens) Name { return Name{exprs: parts} }

// with is prefix+name+suffix, at most max characters when it is a literal.
func (n Name) with(prefix, suffix string, max int) hclwrite.Tokens {
	if n.exprs != nil {
		return hclgen.Format(prefix+strings.Repeat("%s-", len(n.exprs)-1)+"%s"+suffix, n.exprs...)
	}
	return hclgen.Literal(names.Shorten(prefix+n.literal+suffix, max))
}

// named is name when it is set, else n.with(prefix, suffix, max).
func (n Name) named(name, prefix, suffix string, max int) hclwrite.Tokens {
	if name != "" {
		return hclgen.Literal(name)
	}
	return n.with(prefix, suffix, max)
}

// Endpoint is one private endpoint: one sub-resource of one service.
type Endpoint struct {
	Label       string // resource label
	Name        Name   // the service's name: names are pe-NAME-SUB, nic-pe-…, psc-…, pdzg-…
	Subresource string // the private-link group ID
	// Expressions of where the endpoint goes and what it connects to. A
	// private endpoint lives in its VNet's region, which may differ from
	// the service's.
	ResourceGroup, Location, SubnetID, Target hclwrite.Tokens
	Tags                                      hclwrite.Tokens // nil: none
	// ZoneIDs are the expressions of the zones the DNS zone group registers
	// in (at most 5, one per name: https://github.com/hashicorp/terraform-provider-azurerm/issues/28966).
	ZoneIDs []hclwrite.Tokens
	// EndpointName and NICName, when set, are the names of the endpoint
	// and its network interface (from a naming template) instead of
	// pe-NAME-SUB and nic-pe-NAME-SUB.
	EndpointName, NICName string
	// PolicyDNS leaves the zone group to Azure Policy (DeployIfNotExists):
	// the endpoint has none and ignores it, or Terraform would delete it on
	// every apply (https://github.com/Azure/terraform-azurerm-avm-res-storage-storageaccount/issues/138).
	PolicyDNS bool
	// Provider is the provider configuration (azurerm.ALIAS) of the
	// endpoint's subscription; nil: the default one.
	Provider hclwrite.Tokens
}

// Address is the endpoint's resource address.
func (e Endpoint) Address() hclgen.Ref { return EndpointAddress(e.Label) }

// PrivateEndpoint writes the endpoint into f. Storage accepts one
// sub-resource per endpoint (OnlyOneGroupIdPermitted,
// https://github.com/hashicorp/terraform-provider-azurerm/issues/5820), so
// service name + sub-resource is unique and two endpoints never collide.
func PrivateEndpoint(f *hclgen.File, e Endpoint) {
	suffix := "-" + strings.ToLower(e.Subresource)
	b := f.Resource(e.Address())
	setProvider(b, e.Provider)
	b.SetAttributeRaw("name", e.Name.named(e.EndpointName, "pe-", suffix, endpointNameMax))
	b.SetAttributeRaw("resource_group_name", e.ResourceGroup)
	b.SetAttributeRaw("location", e.Location)
	b.SetAttributeRaw("subnet_id", e.SubnetID)
	b.SetAttributeRaw("custom_network_interface_name", e.Name.named(e.NICName, "nic-pe-", suffix, childNameMax))
	if e.Tags != nil {
		b.SetAttributeRaw("tags", e.Tags)
	}

	psc := hclgen.Nested(b, "private_service_connection")
	psc.SetAttributeRaw("name", e.Name.with("psc-", suffix, childNameMax))
	psc.SetAttributeRaw("private_connection_resource_id", e.Target)
	hclgen.SetStrings(psc, "subresource_names", []string{e.Subresource})
	hclgen.SetBool(psc, "is_manual_connection", false)

	if e.PolicyDNS {
		hclgen.IgnoreChanges(b, "private_dns_zone_group")
		return
	}
	group := hclgen.Nested(b, "private_dns_zone_group")
	group.SetAttributeRaw("name", e.Name.with("pdzg-", suffix, childNameMax))
	hclgen.SetRaws(group, "private_dns_zone_ids", e.ZoneIDs...)
}

// setProvider writes the provider meta-argument first, when there is one.
func setProvider(b *hclgen.Body, provider hclwrite.Tokens) {
	if provider != nil {
		b.SetAttributeRaw("provider", provider)
	}
}

// Zone writes the private DNS zone named zone into f, with the provider
// configuration of its resource group's subscription (nil: the default).
func Zone(f *hclgen.File, zone string, resourceGroup, tags, provider hclwrite.Tokens) {
	z := f.Resource(ZoneAddress(zone))
	setProvider(z, provider)
	hclgen.SetString(z, "name", zone)
	z.SetAttributeRaw("resource_group_name", resourceGroup)
	if tags != nil {
		z.SetAttributeRaw("tags", tags)
	}
}

// Link is a virtual network link of a zone.
type Link struct {
	Label  string // resource label; ZoneLabel(zone) for the workload VNet
	Zone   string // zone name
	VNet   Name   // the VNet's name: the link is link-VNET
	Name   string // when set, the link's name (from a naming template) instead
	VNetID hclwrite.Tokens
	Tags   hclwrite.Tokens // nil: none
	// ResolutionPolicy is "" (Azure's default) or NxDomainRedirect: fall
	// back to public resolution for names the zone has no record of.
	ResolutionPolicy string
	// Provider is the zone's provider configuration; nil: the default one.
	Provider hclwrite.Tokens
}

// ZoneLink writes the link into f, pointing at its zone in the major's
// syntax.
func (m Major) ZoneLink(f *hclgen.File, l Link) {
	link := f.Resource(hclgen.Ref{ZoneLinkType, l.Label})
	setProvider(link, l.Provider)
	link.SetAttributeRaw("name", l.VNet.named(l.Name, "link-", "", childNameMax))
	m.zoneLink(link, ZoneAddress(l.Zone))
	link.SetAttributeRaw("virtual_network_id", l.VNetID)
	hclgen.SetBool(link, "registration_enabled", false)
	if l.ResolutionPolicy != "" {
		hclgen.SetString(link, "resolution_policy", l.ResolutionPolicy)
	}
	if l.Tags != nil {
		link.SetAttributeRaw("tags", l.Tags)
	}
}
