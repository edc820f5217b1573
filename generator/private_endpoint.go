package generator

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// privateEndpointPattern gives each requested sub-resource a private
// endpoint in the workload subnet, registered in the matching privatelink
// private DNS zone, and disables the service's public network access.
type privateEndpointPattern struct{}

func (privateEndpointPattern) serviceEndpoints(*workload) []string { return nil }

// storageFirewall disables public network access; the firewall still denies
// by default, so the account stays closed if someone re-enables public access
// (the two knobs of pitfalls.md #4).
func (privateEndpointPattern) storageFirewall(*workload, Service) firewall {
	return firewall{publicAccess: false}
}

// endpoint is one private endpoint: one service, one sub-resource.
type endpoint struct {
	svc Service
	sub subresource
}

func (e endpoint) address() ref {
	return ref{"azurerm_private_endpoint", label(e.svc.Name + "_" + e.sub.name)}
}

// azureName is the base of the endpoint's Azure names. Storage accepts one
// sub-resource per endpoint (OnlyOneGroupIdPermitted, azurerm #5820), so
// account + sub-resource is unique and two endpoints never collide.
func (e endpoint) azureName() string { return e.svc.Name + "-" + e.sub.name }

func endpoints(w *workload) []endpoint {
	var eps []endpoint
	for _, svc := range w.Services {
		for _, name := range svc.Subresources {
			if sub, ok := lookupSubresource(svc.Type, name); ok {
				eps = append(eps, endpoint{svc, sub})
			}
		}
	}
	return eps
}

// zoneAddress is keyed by the zone name, so services whose sub-resources share
// a zone share one zone resource (a VNet links one zone of a name only,
// pitfalls.md #12).
func zoneAddress(zone string) ref {
	return ref{"azurerm_private_dns_zone", label(strings.TrimPrefix(zone, "privatelink."))}
}

func zoneLinkAddress(zone string) ref {
	return ref{"azurerm_private_dns_zone_virtual_network_link", zoneAddress(zone)[1]}
}

// zones lists the private DNS zones the endpoints need, in first-use order.
func zones(w *workload) []string {
	var names []string
	for _, e := range endpoints(w) {
		if !contains(names, e.sub.zone) {
			names = append(names, e.sub.zone)
		}
	}
	return names
}

func (privateEndpointPattern) files(w *workload) []*hclFile {
	pe := newHCLFile("private_endpoints.tf")
	for _, e := range endpoints(w) {
		b := pe.block("resource", e.address()...)
		setString(b, "name", "pe-"+e.azureName())
		w.placeIn(b)
		setRef(b, "subnet_id", w.subnet().dot("id"))
		setString(b, "custom_network_interface_name", "nic-pe-"+e.azureName())
		setRef(b, "tags", tagsVar)

		psc := nested(b, "private_service_connection")
		setString(psc, "name", "psc-"+e.azureName())
		setRef(psc, "private_connection_resource_id", storageAccount(e.svc).dot("id"))
		setStrings(psc, "subresource_names", []string{e.sub.name})
		setBool(psc, "is_manual_connection", false)

		group := nested(b, "private_dns_zone_group")
		setString(group, "name", "pdzg-"+e.azureName())
		setRefs(group, "private_dns_zone_ids", zoneAddress(e.sub.zone).dot("id"))
	}

	dns := newHCLFile("dns.tf")
	for _, zone := range zones(w) {
		z := dns.block("resource", zoneAddress(zone)...)
		setString(z, "name", zone)
		setRef(z, "resource_group_name", resourceGroup.dot("name"))
		setRef(z, "tags", tagsVar)

		link := dns.block("resource", zoneLinkAddress(zone)...)
		setString(link, "name", "link-"+w.Network.VNet.Name)
		w.major.zoneLink(link, zoneAddress(zone))
		setRef(link, "virtual_network_id", virtualNetwork.dot("id"))
		setBool(link, "registration_enabled", false)
		setRef(link, "tags", tagsVar)
	}
	return []*hclFile{dns, pe}
}

func (privateEndpointPattern) outputs(w *workload, svc Service) []output {
	var outs []output
	for _, e := range endpoints(w) {
		if e.svc.Name != svc.Name {
			continue
		}
		base := label(e.svc.Name + "_" + e.sub.name)
		// private_service_connection is a list of at most one block.
		ip := hclwrite.TokensForTraversal(append(e.address().dot("private_service_connection").traversal(),
			hcl.TraverseIndex{Key: cty.NumberIntVal(0)}, hcl.TraverseAttr{Name: "private_ip_address"}))
		outs = append(outs,
			output{base + "_fqdn", "Host name of the " + e.sub.name + " endpoint of " + svc.Name + "; inside the VNet it resolves to the private endpoint.", storageAccount(svc).dot(e.sub.hostAttribute).tokens()},
			output{base + "_private_ip", "Private IP address of the " + e.sub.name + " private endpoint of " + svc.Name + ".", ip},
		)
	}
	return outs
}
