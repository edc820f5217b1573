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
