package manifest

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/names"
)

// ClaimKind is the kind of Azure resource a claim is for.
type ClaimKind string

// The resources a workload's module creates that another workload's could
// create too.
const (
	ClaimResourceGroup ClaimKind = "resource group"
	ClaimVNet          ClaimKind = "virtual network"
	ClaimSubnet        ClaimKind = "subnet"
	ClaimNSG           ClaimKind = "network security group"
	ClaimZone          ClaimKind = "private DNS zone"
	// ClaimZoneLink is a link of a private DNS zone to a VNet: its Name
	// is the zone's, its Scope the VNet. Azure links a VNet to one zone
	// of a name only, whatever the zones' resource groups or
	// subscriptions: "A virtual network cannot be linked to multiple
	// zones with overlapping namespaces" (Private Link FAQ, "Can we link
	// multiple private DNS zones with the same name?",
	// https://learn.microsoft.com/azure/private-link/private-link-faq;
	// reported at https://github.com/Azure/ARO-RP/issues/796).
	ClaimZoneLink ClaimKind = "private DNS zone link"
	// ClaimService is a service account (a storage account, key vault,
	// server, namespace, registry, web app): its name is the first label
	// of its public host name (NAME.blob.core.windows.net,
	// NAME.vault.azure.net, …), so it is unique in the cloud, whatever
	// the subscription ("Scope: global",
	// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).
	// Its Scope is the service type and the cloud.
	ClaimService ClaimKind = "service"
)

// Claim is an Azure resource a workload's module creates, by the name and
// scope that Azure keeps unique: two modules that claim the same resource
// cannot both apply, as the provider refuses to create a resource that
// exists ("needs to be imported into the State", ImportAsExistsError in
// https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/tf/errors.go).
// Resources the workload reads (existing: true, or given by ID) are not
// claims, but a VNet it links zones to is a claim's scope.
type Claim struct {
	Kind ClaimKind
	// Name is the resource's name; a zone link's is its zone's.
	Name string
	// Scope is where Name is unique: "" for a resource group (its
	// subscription), the resource group's name for what lives in one,
	// "RG/VNET" for a subnet, and for a zone link its VNet: "RG/VNET",
	// or the VNet's resource ID when ScopeIsID.
	Scope string `json:",omitempty"`
	// ScopeIsID: Scope is a full resource ID, so two claims of it are
	// one resource whatever the subscriptions the modules deploy to.
	// Otherwise the subscription is the module's provider's, which
	// endpointgen does not know.
	ScopeIsID bool `json:",omitempty"`
	// Subscription is the manifest's subscription_id, the subscription
	// the module deploys into: "" when it does not say. Two claims of one
	// Key in the same known subscription are one resource; in two known
	// ones, two.
	Subscription string `json:",omitempty"`
	// Prefixes are a virtual network's address space or a subnet's
	// address prefixes (CIDRs), for the check that a subnet another
	// workload creates in the network lies in its space.
	Prefixes []string `json:",omitempty"`
	// At is where the name was given, as FILE:LINE:COLUMN: the field of
	// the manifest, or of its repo defaults (a naming template, an
	// inherited link_vnet_ids entry); the manifest's name where the name
	// derives from it.
	At string `json:",omitempty"`
	// PrefixesAt is where Prefixes are given (address_space,
	// address_prefixes), as At; At where the manifest does not give them.
	PrefixesAt string `json:",omitempty"`
}

// Outside lists the prefixes of c, a subnet's claim, that lie outside the
// address space of vnet, a virtual network's claim (both CIDRs, as
// validated).
func (c Claim) Outside(vnet Claim) []string {
	var space []netip.Prefix
	for _, s := range vnet.Prefixes {
		if p, err := netip.ParsePrefix(s); err == nil {
			space = append(space, p)
		}
	}
	var out []string
	for _, s := range c.Prefixes {
		if p, err := netip.ParsePrefix(s); err == nil && !insideAny(p, space) {
			out = append(out, s)
		}
	}
	return out
}

// Overlaps lists the prefixes of c, a subnet's claim, that overlap one of
// other's, another subnet's claim, each as "A overlaps B" (both CIDRs, as
// validated).
func (c Claim) Overlaps(other Claim) []string {
	var out []string
	for _, s := range c.Prefixes {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			continue
		}
		for _, t := range other.Prefixes {
			if q, err := netip.ParsePrefix(t); err == nil && p.Overlaps(q) {
				out = append(out, s+" overlaps "+t)
			}
		}
	}
	return out
}

// Global reports whether two claims of one Key are one resource whatever
// the subscriptions their modules deploy to: a service's name, unique in
// its cloud, or a zone link whose VNet is given by resource ID (the
// caller compares the two IDs).
func (c Claim) Global() bool { return c.Kind == ClaimService || c.ScopeIsID }

// Key identifies the resource by names only (Azure's names are not case
// sensitive): two claims of one key are the same resource if their
// modules deploy to one subscription, or if both scopes are the same
// resource ID.
func (c Claim) Key() string {
	scope := c.Scope
	if c.Kind == ClaimService {
		typ, cloud, _ := strings.Cut(c.Scope, " ")
		scope = nameScope(ServiceType(typ)) + " " + cloud
	}
	if c.ScopeIsID {
		scope = IDSegment(c.Scope, "resourceGroups") + "/" + LastSegment(c.Scope)
	}
	return strings.ToLower(string(c.Kind) + "|" + scope + "|" + c.Name)
}

// String describes the resource: "the subnet snet-a of the virtual network
// vnet-a in rg-a".
func (c Claim) String() string {
	switch c.Kind {
	case ClaimResourceGroup:
		return "the resource group " + c.Name
	case ClaimService:
		typ, _, _ := strings.Cut(c.Scope, " ")
		if f, ok := ServiceType(typ).Facts(); ok {
			typ = f.Noun()
		}
		return "the " + typ + " " + c.Name
	case ClaimSubnet:
		return "the subnet " + c.Name + " of the virtual network " + vnetByName(c.Scope)
	case ClaimZoneLink:
		return "a link of a private DNS zone " + c.Name + " to the virtual network " + c.VNet()
	default:
		return "the " + string(c.Kind) + " " + c.Name + " in " + c.Scope
	}
}

// VNet is the virtual network a zone link's claim is of: its resource ID,
// or "VNET in RG" where it is known by names.
func (c Claim) VNet() string {
	if c.ScopeIsID {
		return c.Scope
	}
	return vnetByName(c.Scope)
}

// vnetByName is "VNET in RG" for "RG/VNET".
func vnetByName(scope string) string {
	rg, vnet, _ := strings.Cut(scope, "/")
	return vnet + " in " + rg
}

// At is where the field at path (services[0].allowed_ip_ranges, say) is
// given, as FILE:LINE:COLUMN; "" when the manifest does not give it.
func (m *Manifest) At(path string) string {
	r, ok := m.pos[path]
	if !ok {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// atFirst is where the first of paths given stands, as At; "" when the
// manifest gives none of them.
func (m *Manifest) atFirst(paths ...string) string {
	for _, p := range paths {
		if at := m.At(p); at != "" {
			return at
		}
	}
	return ""
}

// Claims lists the Azure resources the workload's module creates that
// another workload's module could create too, in the order the module
// writes them: the services, the resource group, VNet, subnets and their network
// security groups, and in dns.mode managed the private DNS zones and
// their links to the workload's VNet and to dns.link_vnet_ids. The
// manifest must have been loaded (defaults applied, names rendered).
func (m *Manifest) Claims() []Claim {
	var out []Claim
	// at is where the first of paths given stands; the manifest's name,
	// which the default names derive from, when none is.
	at := func(paths ...string) string {
		if given := m.atFirst(paths...); given != "" {
			return given
		}
		return m.At("name")
	}
	// prefixesAt is where the first of paths given stands; orAt when
	// none is.
	prefixesAt := func(orAt string, paths ...string) string {
		if given := m.atFirst(paths...); given != "" {
			return given
		}
		return orAt
	}
	for i, svc := range m.Services {
		out = append(out, Claim{Kind: ClaimService, Name: svc.Name, Scope: string(svc.Type) + " " + string(m.Cloud),
			At: at(fmt.Sprintf("services[%d].name", i))})
	}
	rg := m.ResourceGroup.Name
	if !m.ResourceGroup.Existing {
		out = append(out, Claim{Kind: ClaimResourceGroup, Name: rg, At: at("resource_group.name")})
	}
	vnet := m.Network.VNet
	vnetAt := at("network.vnet.id", "network.vnet.name")
	// The VNet by resource group and name, as its subnets are created
	// (in the provider's subscription, even for a VNet given by ID).
	vnetScope := rg + "/" + vnet.Name
	switch {
	case vnet.ID != "":
		vnetScope = IDSegment(vnet.ID, "resourceGroups") + "/" + LastSegment(vnet.ID)
	case vnet.Existing:
		vnetScope = vnet.ResourceGroup + "/" + vnet.Name
	case m.Network.SubnetsByID():
		// Subnets given by ID: nothing of the network is created.
		vnetAt = at("network.subnets[0].id", "network.subnet.id")
	default:
		out = append(out, Claim{Kind: ClaimVNet, Name: vnet.Name, Scope: rg, Prefixes: vnet.AddressSpace, At: vnetAt,
			PrefixesAt: prefixesAt(vnetAt, "network.vnet.address_space")})
	}
	for i, s := range m.Network.Subnets {
		if s.IsExisting() {
			continue
		}
		subnetAt := at(fmt.Sprintf("network.subnets[%d].name", i), "network.subnet.name")
		out = append(out,
			Claim{Kind: ClaimSubnet, Name: s.Name, Scope: vnetScope, Prefixes: s.AddressPrefixes, At: subnetAt,
				PrefixesAt: prefixesAt(subnetAt, fmt.Sprintf("network.subnets[%d].address_prefixes", i), "network.subnet.address_prefixes")},
			Claim{Kind: ClaimNSG, Name: s.NSGName(), Scope: rg, At: subnetAt})
	}
	if !m.PrivateEndpoints() || m.DNS.Mode != DNSManaged {
		return m.inSubscription(out)
	}
	// The zones' links: the workload's VNet, by ID where the manifest
	// gives one, then each of dns.link_vnet_ids.
	own := Claim{Kind: ClaimZoneLink, Scope: vnetScope, At: vnetAt}
	switch {
	case vnet.ID != "":
		own.Scope, own.ScopeIsID = vnet.ID, true
	case m.Network.SubnetsByID():
		own.Scope, own.ScopeIsID = SubnetVNetID(m.Network.Subnets[0].ID), true
	}
	for _, zone := range neededZones(m) {
		out = append(out, Claim{Kind: ClaimZone, Name: zone, Scope: rg, At: at("dns.mode", "pattern")})
		own.Name = zone
		out = append(out, own)
		for i, id := range m.DNS.LinkVNetIDs {
			out = append(out, Claim{Kind: ClaimZoneLink, Name: zone, Scope: id, ScopeIsID: true,
				At: at(fmt.Sprintf("dns.link_vnet_ids[%d]", i))})
		}
	}
	return m.inSubscription(out)
}

// inSubscription marks each claim with its subscription where it is
// known: a VNet's given by ID, else the manifest's subscription_id, if it
// gives one (a service's name is unique in the cloud: none).
func (m *Manifest) inSubscription(claims []Claim) []Claim {
	for i, c := range claims {
		switch {
		case c.ScopeIsID:
			claims[i].Subscription = IDSegment(c.Scope, "subscriptions")
		case c.Kind != ClaimService:
			claims[i].Subscription = m.SubscriptionID
		}
	}
	return claims
}

// NSGName is the name of the network security group of a subnet the
// module creates: nsg-SUBNET, within the 80 characters Azure allows.
func (s Subnet) NSGName() string { return names.Shorten("nsg-"+s.Name, 80) }

// nameScope is the set a service's name is unique in: its type's, or the
// one it shares with another type (catalog.Service.NameScope: an Event
// Hubs namespace takes a Service Bus namespace's host name).
func nameScope(t ServiceType) string {
	if f, ok := t.Facts(); ok && f.NameScope != "" {
		return f.NameScope
	}
	return string(t)
}
