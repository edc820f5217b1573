package build

import (
	"slices"
	"strings"

	"github.com/endpointgen/endpointgen/generator/catalog"
	"github.com/endpointgen/endpointgen/generator/internal/azurerm"
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// privateEndpointPattern gives each requested sub-resource a private
// endpoint in the workload subnet, registered in the matching privatelink
// private DNS zone, and disables the service's public network access.
type privateEndpointPattern struct{}

func (privateEndpointPattern) serviceEndpoints(*workload) []string { return nil }

// firewall disables public network access; the firewall still denies by
// default, so the service stays closed if someone re-enables public access
// (two knobs, three states: "Configure Azure Storage firewalls and virtual
// networks", https://learn.microsoft.com/azure/storage/common/storage-network-security).
func (privateEndpointPattern) firewall(*workload, manifest.Service) firewall {
	return firewall{publicAccess: false}
}

// endpoint is one private endpoint: one service, one sub-resource, and the
// private DNS zones of that sub-resource in the workload's cloud.
type endpoint struct {
	svc   manifest.Service
	sub   string
	zones []string
}

func (e endpoint) label() string { return names.Label(e.svc.Name + "_" + e.sub) }

func (e endpoint) address() hclgen.Ref { return azurerm.EndpointAddress(e.label()) }

func endpoints(w *workload) []endpoint {
	var eps []endpoint
	for _, svc := range w.Services {
		for _, name := range svc.Subresources {
			if zones, ok := catalog.PrivateDNSZones(string(svc.Type), name, svc.Kind, w.Cloud); ok {
				eps = append(eps, endpoint{svc, name, zones})
			}
		}
	}
	return eps
}

// zones lists the private DNS zones the endpoints need, in first-use order.
func zones(w *workload) []string {
	var names []string
	for _, e := range endpoints(w) {
		for _, z := range e.zones {
			if !slices.Contains(names, z) {
				names = append(names, z)
			}
		}
	}
	return names
}

// zoneID is the expression of a zone's ID: the zone we create, or the hub's
// zone named in dns.zone_ids.
func (w *workload) zoneID(zone string) hclwrite.Tokens {
	if w.DNS.Mode == manifest.DNSExisting {
		return hclgen.Literal(w.DNS.ZoneIDs[zone])
	}
	return azurerm.ZoneAddress(zone).Dot("id").Tokens()
}

func (privateEndpointPattern) files(w *workload) []*hclgen.File {
	pe := hclgen.NewFile("private_endpoints.tf")
	for _, e := range endpoints(w) {
		ids := make([]hclwrite.Tokens, len(e.zones))
		for i, z := range e.zones {
			ids[i] = w.zoneID(z)
		}
		// Validation has rendered the naming templates already.
		peName, nicName, _ := w.EndpointNames(e.svc, e.sub)
		azurerm.PrivateEndpoint(pe, azurerm.Endpoint{
			Label:         e.label(),
			Name:          azurerm.LiteralName(e.svc.Name),
			EndpointName:  peName,
			NICName:       nicName,
			Subresource:   e.sub,
			ResourceGroup: w.net.rgName,
			Location:      w.net.vnetLocation,
			SubnetID:      w.net.endpointSubnet().id,
			Target:        builders[e.svc.Type].address(e.svc).Dot("id").Tokens(),
			Tags:          tagsVar.Tokens(),
			ZoneIDs:       ids,
			PolicyDNS:     w.DNS.Mode == manifest.DNSPolicy,
		})
	}
	if w.DNS.Mode != manifest.DNSManaged {
		return []*hclgen.File{pe}
	}

	dns := hclgen.NewFile("dns.tf")
	for _, zone := range zones(w) {
		azurerm.Zone(dns, zone, w.net.rgName, tagsVar.Tokens(), nil)
		for _, l := range w.links(zone) {
			w.major.ZoneLink(dns, l.Link)
		}
	}
	return []*hclgen.File{dns, pe}
}

// zoneLink is a virtual network link of a zone, with the VNet's ID in the
// posture test.
type zoneLink struct {
	azurerm.Link
	testVNetID string
}

// links are a zone's virtual network links: the workload's VNet, then each
// VNet of dns.link_vnet_ids.
func (w *workload) links(zone string) []zoneLink {
	link := azurerm.Link{
		Label:            azurerm.ZoneLabel(zone),
		Zone:             zone,
		VNet:             azurerm.LiteralName(w.net.vnetName),
		VNetID:           w.net.vnetID,
		Tags:             tagsVar.Tokens(),
		ResolutionPolicy: w.DNS.ResolutionPolicy,
	}
	// Validation has rendered the naming template already.
	link.Name, _ = w.LinkName(w.net.vnetName)
	out := []zoneLink{{link, w.testVNetID()}}
	for _, id := range w.DNS.LinkVNetIDs {
		// By resource group and name: two hub VNets may share a name.
		name := manifest.IDSegment(id, "resourceGroups") + "-" + manifest.LastSegment(id)
		link.Label = azurerm.ZoneLabel(zone) + "_" + names.Label(name)
		link.VNet, link.VNetID = azurerm.LiteralName(name), hclgen.Literal(id)
		link.Name, _ = w.LinkName(name)
		out = append(out, zoneLink{link, id})
	}
	return out
}

func (privateEndpointPattern) outputs(w *workload, svc manifest.Service) []output {
	var outs []output
	st, f := builders[svc.Type], facts(svc)
	for _, e := range endpoints(w) {
		if e.svc.Name != svc.Name || e.svc.Type != svc.Type {
			continue
		}
		base := outputPrefix(svc) + "_" + names.Label(e.sub)
		// private_service_connection is a list of at most one block.
		ip := hclgen.Index(e.address().Dot("private_service_connection"), 0, "private_ip_address")
		outs = append(outs,
			output{base + "_" + hostSuffix(f), capitalize(f.HostKind) + " of the " + e.sub + " endpoint of " + svc.Name + "; inside the VNet it resolves to the private endpoint.", st.host(w, svc, e.sub)},
			output{base + "_private_ip", "Private IP address of the " + e.sub + " private endpoint of " + svc.Name + ".", ip},
		)
	}
	return outs
}

func (privateEndpointPattern) checks(w *workload, svc manifest.Service) []check {
	return endpointChecks(w, svc)
}

func (privateEndpointPattern) networkChecks(w *workload) []check { return zoneChecks(w) }

// endpointChecks check each private endpoint of svc: its sub-resource
// (group ID), the service it connects to with automatic approval, its
// subnet, and the zones its zone group registers in (those of the
// sub-resource in the workload's cloud), or none when Azure Policy adds
// the group.
func endpointChecks(w *workload, svc manifest.Service) []check {
	var checks []check
	for _, e := range endpoints(w) {
		if e.svc.Name != svc.Name || e.svc.Type != svc.Type {
			continue
		}
		addr := e.address()
		at := addr.Address()
		psc := addr.Dot("private_service_connection")
		subnet := w.net.endpointSubnet()
		checks = append(checks,
			exactly(hclgen.Index(psc, 0, "subresource_names"), []string{e.sub}, at+" connects to the sub-resource (group ID) "+e.sub+"."),
			isString(hclgen.Index(psc, 0, "private_connection_resource_id"), w.testServiceID(svc), at+" connects to "+builders[svc.Type].address(svc).Address()+"."),
			isBool(hclgen.Index(psc, 0, "is_manual_connection"), false, at+" is approved automatically."),
			isString(addr.Dot("subnet_id").Tokens(), w.testSubnetID(subnet.Subnet), at+" sits in the subnet "+subnet.Name+"."),
		)
		group := addr.Dot("private_dns_zone_group")
		if w.DNS.Mode == manifest.DNSPolicy {
			checks = append(checks, is(hclgen.Call("length", group.Tokens()), hclgen.Number(0), at+" has no DNS zone group: Azure Policy adds it."))
			continue
		}
		ids := make([]string, len(e.zones))
		for i, z := range e.zones {
			ids[i] = w.testZoneID(z)
		}
		checks = append(checks, exactly(hclgen.Index(group, 0, "private_dns_zone_ids"), ids, at+" registers in the private DNS zone "+strings.Join(e.zones, ", ")+"."))
	}
	return checks
}

// zoneChecks check each zone the module creates (its name) and its links:
// one per VNet that resolves through it, each pointing at the zone.
func zoneChecks(w *workload) []check {
	if w.DNS.Mode != manifest.DNSManaged {
		return nil
	}
	var checks []check
	for _, zone := range zones(w) {
		z := azurerm.ZoneAddress(zone)
		checks = append(checks, isString(z.Dot("name").Tokens(), zone, z.Address()+" is the zone "+zone+"."))
		for _, l := range w.links(zone) {
			link := hclgen.Ref{azurerm.ZoneLinkType, l.Label}
			arg, byName := w.major.LinkedZone(link)
			want := w.testZoneID(zone)
			if byName {
				want = zone
			}
			checks = append(checks,
				isString(link.Dot("virtual_network_id").Tokens(), l.testVNetID, link.Address()+" links the VNet "+manifest.LastSegment(l.testVNetID)+"."),
				isString(arg, want, link.Address()+" links the zone "+zone+"."),
			)
		}
	}
	return checks
}
