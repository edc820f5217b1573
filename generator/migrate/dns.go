package migrate

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/azurerm"
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// existingDNS finds the signs that name resolution for the zones is set
// up already, which managed zones would bypass or break: a zone of the same
// name the root reads with a data source, a link of a same-named zone to
// one of the VNets, and custom DNS servers on one of them (a VNet that
// uses its own DNS servers never asks the zones linked to it: name
// resolution goes wherever those servers forward,
// https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration).
func (r *root) existingDNS(zones []string, vnets []vnet) hcl.Diagnostics {
	var problems hcl.Diagnostics
	zoneOf := map[string]string{} // zone block address → zone name
	for addr, b := range r.data {
		if b.s.Labels[0] != azurerm.PrivateDNSZoneType {
			continue
		}
		name := attrString(b.s.Body, "name")
		zoneOf[addr] = name
		if slices.Contains(zones, name) {
			problems = append(problems, problem(b.s.DefRange(), "the root reads the zone "+name+" with "+addr+", so it is managed elsewhere, and a second zone of that name would hold the private endpoints' records instead",
				"run with --dns existing --zone-id "+name+"="+addr+".id"))
		}
	}
	for addr, b := range r.resources {
		if b.s.Labels[0] == azurerm.PrivateDNSZoneType {
			zoneOf[addr] = attrString(b.s.Body, "name")
		}
	}
	problems = append(problems, r.hubZoneIDs(zones)...)
	linked := map[string]vnet{}
	for _, v := range vnets {
		if v.read == nil {
			linked[v.key] = v
		}
	}
	for addr, b := range r.resources {
		switch b.s.Labels[0] {
		case azurerm.ZoneLinkType:
			zone, zoneID := "", "<the zone's resource ID>"
			for _, attr := range []string{"private_dns_zone_name", "private_dns_zone_id"} {
				a := b.s.Body.Attributes[attr]
				if a == nil {
					continue
				}
				if name := attrString(b.s.Body, attr); name != "" && attr == "private_dns_zone_name" {
					zone = name
				} else if target, _, ok := dataOrResource(a.Expr); ok && zoneOf[target] != "" {
					zone, zoneID = zoneOf[target], target+".id"
				}
			}
			v, ok := linked[referenced(b.s.Body.Attributes["virtual_network_id"], "id")]
			if !slices.Contains(zones, zone) || !ok {
				continue
			}
			problems = append(problems, problem(b.s.DefRange(), addr+" links a zone named "+zone+" to "+v.key+" already, and a VNet can be linked to one zone of a name only",
				"run with --dns existing --zone-id "+zone+"="+zoneID))
		case "azurerm_virtual_network_dns_servers":
			if v, ok := linked[referenced(b.s.Body.Attributes["virtual_network_id"], "id")]; ok {
				problems = append(problems, customDNS(b.s.DefRange(), v.key+" uses custom DNS servers ("+addr+")"))
			}
		case vnetType:
			a := b.s.Body.Attributes["dns_servers"]
			if _, ok := linked[addr]; !ok || a == nil {
				continue
			}
			if tuple, isTuple := a.Expr.(*hclsyntax.TupleConsExpr); isTuple && len(tuple.Exprs) == 0 {
				continue
			}
			problems = append(problems, customDNS(a.SrcRange, addr+" uses custom DNS servers (dns_servers)"))
		}
	}
	sort.Slice(problems, func(i, j int) bool { return problems[i].Error() < problems[j].Error() })
	return problems
}

// endpointsOf finds the root's private endpoints that connect the account
// already: by an expression of it (azurerm_storage_account.sa.id) or by a
// literal resource ID ending in its name. A second endpoint of one
// sub-resource fails on its name (unique in its resource group,
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftnetwork)
// or registers the account in a second zone, so the add phase stops.
func (r *root) endpointsOf(acc *account) hcl.Diagnostics {
	var problems hcl.Diagnostics
	name := attrString(acc.s.Body, "name")
	for _, addr := range r.sortedResources(azurerm.PrivateEndpointType) {
		b := r.resources[addr]
		for _, psc := range blocksOf(b.s.Body, "private_service_connection") {
			a := psc.Body.Attributes["private_connection_resource_id"]
			if a == nil || !connects(a.Expr, acc.address(), name) {
				continue
			}
			what := acc.address()
			if sub := attrListFirst(psc.Body, "subresource_names"); sub != "" {
				what += " (" + sub + ")"
			}
			problems = append(problems, problem(b.s.DefRange(), addr+" is a private endpoint of "+what+" already, and the add phase would give the account endpoints of its own: a second endpoint of one name in one resource group fails, and two endpoints of one sub-resource put its records in two zones",
				"migrate "+acc.address()+" by hand around this endpoint, and leave it out here with --account naming the other accounts"))
		}
	}
	return problems
}

// connects reports whether a private_connection_resource_id refers to the
// account at addr, or is a literal storage account ID of its name.
func connects(e hclsyntax.Expression, addr, name string) bool {
	for _, t := range e.Variables() {
		if len(t) >= 2 {
			if attr, ok := t[1].(hcl.TraverseAttr); ok && t.RootName()+"."+attr.Name == addr {
				return true
			}
		}
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.Type().Equals(cty.String) || v.IsNull() || name == "" {
		return false
	}
	id := strings.ToLower(v.AsString())
	return strings.HasSuffix(id, "/providers/microsoft.storage/storageaccounts/"+strings.ToLower(name))
}

// hubZoneIDs finds zone groups of the root's private endpoints that
// register in a zone of one of these names by its literal resource ID:
// the zone is managed elsewhere, as one read by a data source is.
func (r *root) hubZoneIDs(zones []string) hcl.Diagnostics {
	var problems hcl.Diagnostics
	for _, addr := range r.sortedResources(azurerm.PrivateEndpointType) {
		for _, g := range blocksOf(r.resources[addr].s.Body, "private_dns_zone_group") {
			a := g.Body.Attributes["private_dns_zone_ids"]
			if a == nil {
				continue
			}
			v, diags := a.Expr.Value(nil)
			if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
				continue
			}
			for it := v.ElementIterator(); it.Next(); {
				_, id := it.Element()
				if !id.Type().Equals(cty.String) || id.IsNull() {
					continue
				}
				for _, z := range zones {
					if manifest.IsZoneID(id.AsString(), z) {
						problems = append(problems, problem(a.SrcRange, addr+" registers in the zone "+z+" by its resource ID, so that zone is managed elsewhere, and a second zone of that name would hold the private endpoints' records instead",
							"run with --dns existing --zone-id "+z+"="+id.AsString()))
					}
				}
			}
		}
	}
	return problems
}

func customDNS(rng hcl.Range, what string) *hcl.Diagnostic {
	return problem(rng, what+", which answer for it instead of the private DNS zones linked to it",
		"run with --dns existing --zone-id ZONE=ID and the zones your DNS servers resolve (forwarding the privatelink zones to Azure DNS, 168.63.129.16, from a VNet linked to them), or with --dns policy")
}

// referenced is the block address an attribute references as ADDR.attr,
// "" otherwise.
func referenced(a *hclsyntax.Attribute, attr string) string {
	if a == nil {
		return ""
	}
	if addr, got, ok := dataOrResource(a.Expr); ok && got == attr {
		return addr
	}
	return ""
}

// zoneID reads a --zone-id value: a resource ID (/subscriptions/…), or an
// expression of one such as data.azurerm_private_dns_zone.blob.id, whose
// zone, data source or resource must be in the root.
func (r *root) zoneID(zone, value string) (hclwrite.Tokens, error) {
	if strings.HasPrefix(value, "/") {
		if !manifest.IsZoneID(value, zone) {
			return nil, fmt.Errorf("--zone-id %s=%s is not that zone's resource ID: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/privateDnsZones/%s, SUB a subscription ID (a GUID)", zone, value, zone)
		}
		return hclgen.Literal(value), nil
	}
	e, diags := hclsyntax.ParseExpression([]byte(value), "--zone-id", hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("--zone-id %s=%s: give the zone's resource ID (/subscriptions/…/privateDnsZones/%s) or an expression of it (data.azurerm_private_dns_zone.NAME.id, var.NAME)", zone, value, zone)
	}
	if addr, _, ok := dataOrResource(e); ok && (strings.HasPrefix(addr, "data.") || strings.HasPrefix(addr, "azurerm_")) {
		_, resource := r.resources[addr]
		_, data := r.data[addr]
		if !resource && !data {
			return nil, fmt.Errorf("--zone-id %s=%s: the root module has no %s", zone, value, addr)
		}
	}
	return tokensOf(value)
}
