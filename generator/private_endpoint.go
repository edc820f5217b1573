package generator

import (
	"slices"
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

// firewall disables public network access; the firewall still denies by
// default, so the service stays closed if someone re-enables public access
// (the two knobs of pitfalls.md #4).
func (privateEndpointPattern) firewall(*workload, Service) firewall {
	return firewall{publicAccess: false}
}

// endpoint is one private endpoint: one service, one sub-resource, and the
// private DNS zones of that sub-resource in the workload's cloud.
type endpoint struct {
	svc   Service
	sub   string
	zones []string
}

func (e endpoint) address() ref {
	return ref{"azurerm_private_endpoint", label(e.svc.Name + "_" + e.sub)}
}

// azureName is the base of the endpoint's Azure names. Storage accepts one
// sub-resource per endpoint (OnlyOneGroupIdPermitted, azurerm #5820), so
// service + sub-resource is unique and two endpoints never collide.
func (e endpoint) azureName() string { return e.svc.Name + "-" + strings.ToLower(e.sub) }

func endpoints(w *workload) []endpoint {
	var eps []endpoint
	for _, svc := range w.Services {
		for _, name := range svc.Subresources {
			if sub, ok := subresourceOf(svc.Type, name); ok {
				eps = append(eps, endpoint{svc, name, sub.Zones[w.Cloud]})
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
	if w.DNS.Mode == DNSExisting {
		return literal(w.DNS.ZoneIDs[zone])
	}
	return zoneAddress(zone).dot("id").tokens()
}

func (privateEndpointPattern) files(w *workload) []*hclFile {
	pe := newHCLFile("private_endpoints.tf")
	for _, e := range endpoints(w) {
		st := serviceTypes[e.svc.Type]
		b := pe.block("resource", e.address()...)
		setString(b, "name", shorten("pe-"+e.azureName(), 64))
		b.SetAttributeRaw("resource_group_name", w.net.rgName)
		b.SetAttributeRaw("location", w.net.vnetLocation)
		b.SetAttributeRaw("subnet_id", w.net.endpointSubnet().id)
		setString(b, "custom_network_interface_name", shorten("nic-pe-"+e.azureName(), 80))
		setRef(b, "tags", tagsVar)

		psc := nested(b, "private_service_connection")
		setString(psc, "name", shorten("psc-"+e.azureName(), 80))
		setRef(psc, "private_connection_resource_id", st.address(e.svc).dot("id"))
		setStrings(psc, "subresource_names", []string{e.sub})
		setBool(psc, "is_manual_connection", false)

		if w.DNS.Mode == DNSPolicy {
			// Azure Policy (DeployIfNotExists) creates the zone group;
			// without this Terraform would delete it on every apply
			// (pitfalls.md #14).
			ignoreChanges(b, "private_dns_zone_group")
			continue
		}
		// The sub-resource's zones, distinct by name: within the limits of
		// at most 5 zones and one zone per name (pitfalls.md #13).
		group := nested(b, "private_dns_zone_group")
		setString(group, "name", shorten("pdzg-"+e.azureName(), 80))
		ids := make([]hclwrite.Tokens, len(e.zones))
		for i, z := range e.zones {
			ids[i] = w.zoneID(z)
		}
		setRaws(group, "private_dns_zone_ids", ids...)
	}
	if w.DNS.Mode != DNSManaged {
		return []*hclFile{pe}
	}

	dns := newHCLFile("dns.tf")
	for _, zone := range zones(w) {
		z := dns.block("resource", zoneAddress(zone)...)
		setString(z, "name", zone)
		z.SetAttributeRaw("resource_group_name", w.net.rgName)
		setRef(z, "tags", tagsVar)

		w.zoneLink(dns, zone, zoneAddress(zone)[1], w.net.vnetName, w.net.vnetID)
		for _, id := range w.DNS.LinkVNetIDs {
			// By resource group and name: two hub VNets may share a name.
			name := idSegment(id, "resourceGroups") + "-" + lastSegment(id)
			w.zoneLink(dns, zone, zoneAddress(zone)[1]+"_"+label(name), name, literal(id))
		}
	}
	return []*hclFile{dns, pe}
}

// zoneLink links a zone we create to a virtual network.
func (w *workload) zoneLink(f *hclFile, zone, lbl, vnetName string, vnetID hclwrite.Tokens) {
	link := f.block("resource", "azurerm_private_dns_zone_virtual_network_link", lbl)
	setString(link, "name", shorten("link-"+vnetName, 80))
	w.major.zoneLink(link, zoneAddress(zone))
	link.SetAttributeRaw("virtual_network_id", vnetID)
	setBool(link, "registration_enabled", false)
	if w.DNS.ResolutionPolicy != "" {
		setString(link, "resolution_policy", w.DNS.ResolutionPolicy)
	}
	setRef(link, "tags", tagsVar)
}

func (privateEndpointPattern) outputs(w *workload, svc Service) []output {
	var outs []output
	st := serviceTypes[svc.Type]
	for _, e := range endpoints(w) {
		if e.svc.Name != svc.Name || e.svc.Type != svc.Type {
			continue
		}
		base := outputPrefix(svc) + "_" + label(e.sub)
		// private_service_connection is a list of at most one block.
		ip := hclwrite.TokensForTraversal(append(e.address().dot("private_service_connection").traversal(),
			hcl.TraverseIndex{Key: cty.NumberIntVal(0)}, hcl.TraverseAttr{Name: "private_ip_address"}))
		outs = append(outs,
			output{base + "_" + hostSuffix(st), capitalize(st.facts().HostKind) + " of the " + e.sub + " endpoint of " + svc.Name + "; inside the VNet it resolves to the private endpoint.", st.host(w, svc, e.sub)},
			output{base + "_private_ip", "Private IP address of the " + e.sub + " private endpoint of " + svc.Name + ".", ip},
		)
	}
	return outs
}
