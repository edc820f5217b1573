package azurerm

import (
	"fmt"
	"slices"
	"strings"
)

// zoneIDs is the argument by which a private endpoint's DNS zone group
// names its private DNS zones.
const zoneIDs = "private_dns_zone_group.private_dns_zone_ids"

// RecordMove is a private endpoint that a change keeps but points at other
// private DNS zones. Terraform updates its DNS zone group in place
// (private_endpoint_resource.go, d.HasChange("private_dns_zone_group"),
// https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/network/private_endpoint_resource.go),
// and Azure moves the endpoint's A records out of the zones before into
// the zones after. Nothing is destroyed, yet clients that resolve through
// the zones before (other VNets linked to them, on-premises forwarders to
// a hub's resolver) no longer find the private address
// (https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration).
// Was and Is are the zone IDs as written; where the text is the same, Via
// is the variable, local or data source whose change moves them, and Why
// says how (see Replacement).
type RecordMove struct {
	Addr, Was, Is string
	Via, Why      string
}

// String says where the records go.
func (m RecordMove) String() string {
	switch {
	case m.Via != "" && m.Why != "":
		return fmt.Sprintf("%s: its records move to other zones: its private_dns_zone_ids refers to %s, whose %s", m.Addr, m.Via, m.Why)
	case m.Via != "":
		return fmt.Sprintf("%s: its records move to other zones: its private_dns_zone_ids refers to %s, which changes them", m.Addr, m.Via)
	}
	return fmt.Sprintf("%s: its records move from %s to %s", m.Addr, m.Was, m.Is)
}

// recordMoves lists the private endpoints in both before and after whose
// DNS zone group names other zones, by address. A zone replaced, a group
// left to Azure Policy (absent, or its changes ignored) on either side,
// or an endpoint deleted or replaced is not one: Replacements lists those
// that Terraform destroys, and a policy's zones are not in the root.
func recordMoves(before, after *config) []RecordMove {
	var out []RecordMove
	for addr, b := range before.resources {
		a, ok := after.resources[addr]
		if !ok || !strings.HasPrefix(addr, PrivateEndpointType+".") || after.replaced[addr] {
			continue
		}
		if ignored := ignoredChanges(a); ignored["all"] || ignored["private_dns_zone_group"] || ignoredChanges(b)["private_dns_zone_group"] {
			continue
		}
		if _, was := attribute(b, zoneIDs); was == nil || isNullLiteral(was) {
			continue
		}
		if _, is := attribute(a, zoneIDs); is == nil || isNullLiteral(is) {
			continue
		}
		r, changed := compare(before, after, b, a, zoneIDs)
		if !changed || (r.Via != "" && !movable(r.Via)) {
			continue
		}
		out = append(out, RecordMove{Addr: addr, Was: r.Was, Is: r.Is, Via: r.Via, Why: r.Why})
	}
	slices.SortFunc(out, func(x, y RecordMove) int { return strings.Compare(x.Addr, y.Addr) })
	return out
}

// movable reports whether a reference whose change moves an endpoint's
// records is a value that names zones (a variable, local or data source),
// not a managed zone that is replaced: Replacements lists that.
func movable(via string) bool {
	root, _, _ := strings.Cut(via, ".")
	return root == "var" || root == "local" || root == "data"
}
