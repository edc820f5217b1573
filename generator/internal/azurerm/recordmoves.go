package azurerm

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// zoneIDs is the argument by which a private endpoint's DNS zone group
// names its private DNS zones.
const zoneIDs = "private_dns_zone_group.private_dns_zone_ids"

// RecordMove is a private endpoint that a change keeps but whose DNS zone
// group it points at other private DNS zones. Terraform updates the group
// in place (private_endpoint_resource.go, d.HasChange("private_dns_zone_group"),
// https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/network/private_endpoint_resource.go),
// and Azure moves the endpoint's A records out of the zones the group
// leaves. Nothing is destroyed, yet clients that resolve through those
// zones (other VNets linked to them, on-premises forwarders to a hub's
// resolver) no longer find the private address
// (https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration).
type RecordMove struct {
	Addr string
	// Left and Joined are the zone IDs, as written, that the group leaves
	// and takes; a zone only added moves nothing.
	Left, Joined []string
	// Policy: the group was left to Azure Policy (its changes ignored)
	// and the module now sets it: the records leave the zones the policy
	// chose for Joined, which holds the whole list.
	Policy bool
	// Stale: the group is left to Azure Policy now, so Terraform keeps it
	// as it is, naming zones of the module that the change deletes (Left):
	// their records go with them, and the policy adds no group to an
	// endpoint that has one (its deployIfNotExists looks for any
	// privateDnsZoneGroups child,
	// https://learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/private-link-and-dns-integration-at-scale).
	Stale bool
	// Endpoint and Group are the endpoint's and its group's names where
	// the root writes them as literals (for the command that deletes it).
	Endpoint, Group string
	// Via is the variable, local or data source whose change moves them
	// where the text is the same, and Why says how (see Replacement).
	Via, Why string
	// Deletes are the private DNS zones the records leave that the change
	// deletes, with their virtual network links, by address: one event
	// with the move (Replacements lists them too). Each is given with the
	// first endpoint, by address, whose records leave it.
	Deletes []string
}

// String says where the records go, and what the change deletes with
// them.
func (m RecordMove) String() string {
	return m.where() + m.deletes()
}

func (m RecordMove) where() string {
	switch {
	case m.Stale:
		endpoint, group := m.Endpoint, m.Group
		if endpoint == "" {
			endpoint = "ENDPOINT"
		}
		if group == "" {
			group = "GROUP"
		}
		return fmt.Sprintf("%s: its DNS zone group, left to Azure Policy now, stays as it is and names zones this change deletes (%s), so no record of it is left, and Azure Policy adds no group to an endpoint that has one: delete the group after applying (az network private-endpoint dns-zone-group delete --resource-group RG --endpoint-name %s --name %s)",
			m.Addr, strings.Join(m.Left, ", "), endpoint, group)
	case m.Policy:
		return fmt.Sprintf("%s: its DNS zone group, left to Azure Policy so far, becomes the module's: its records move from the zones the policy chose to %s (a brief gap where those are the same)",
			m.Addr, strings.Join(m.Joined, ", "))
	case m.Via != "" && m.Why != "":
		return fmt.Sprintf("%s: its records move to other zones: its private_dns_zone_ids refers to %s, whose %s", m.Addr, m.Via, m.Why)
	case m.Via != "":
		return fmt.Sprintf("%s: its records move to other zones: its private_dns_zone_ids refers to %s, which changes them", m.Addr, m.Via)
	case len(m.Joined) == 0:
		return fmt.Sprintf("%s: its records leave %s", m.Addr, strings.Join(m.Left, ", "))
	}
	return fmt.Sprintf("%s: its records move from %s to %s", m.Addr, strings.Join(m.Left, ", "), strings.Join(m.Joined, ", "))
}

// deletes is what String adds for Deletes: where already said, the
// zones' links only.
func (m RecordMove) deletes() string {
	if !m.Stale {
		if len(m.Deletes) == 0 {
			return ""
		}
		return "; the change deletes " + strings.Join(m.Deletes, ", ")
	}
	var links []string
	for _, addr := range m.Deletes {
		if strings.HasPrefix(addr, ZoneLinkType+".") {
			links = append(links, addr)
		}
	}
	if len(links) == 0 {
		return ""
	}
	return "; it deletes their virtual network links too: " + strings.Join(links, ", ")
}

// recordMoves lists the private endpoints in both before and after whose
// DNS zone group leaves a zone, or is left to Azure Policy naming zones
// the change deletes, by address. A zone replaced (listed by
// Replacements), a zone ID in other letter case (the same zone: Azure's
// names are case-insensitive), a group whose changes after ignores (left
// to Azure Policy) otherwise, or an endpoint deleted or replaced is not
// one.
func recordMoves(before, after *config) []RecordMove {
	var out []RecordMove
	for addr, b := range before.resources {
		a, ok := after.resources[addr]
		if !ok || !strings.HasPrefix(addr, PrivateEndpointType+".") || after.replaced[addr] {
			continue
		}
		wasIgnored, isIgnored := ignoredChanges(b), ignoredChanges(a)
		_, was := attribute(b, zoneIDs)
		_, is := attribute(a, zoneIDs)
		if isNullLiteral(was) {
			was = nil
		}
		if isNullLiteral(is) {
			is = nil
		}
		switch {
		case isIgnored["all"] || isIgnored["private_dns_zone_group"]:
			// Left to Azure Policy now: Terraform keeps the group as it is.
			if deleted := deletedZones(b, after); len(deleted) > 0 && !wasIgnored["all"] && !wasIgnored["private_dns_zone_group"] {
				left := make([]string, len(deleted))
				for i, t := range deleted {
					left[i] = traversalText(t)
				}
				out = append(out, RecordMove{Addr: addr, Stale: true, Left: left, Endpoint: stringLiteral(b, "name"), Group: stringLiteral(b, "private_dns_zone_group.name")})
			}
		case wasIgnored["private_dns_zone_group"] && is != nil:
			// Azure Policy's group is in the state (the provider reads
			// it), and the module's replaces it.
			out = append(out, RecordMove{Addr: addr, Policy: true, Joined: []string{oneLine(is.Expr.Range().SliceBytes(a.src))}})
		case wasIgnored["all"] || wasIgnored["private_dns_zone_group"] || was == nil:
		case is == nil:
			// The group taken out: azurerm deletes it
			// (private_endpoint_resource.go, needToRemove).
			out = append(out, RecordMove{Addr: addr, Left: elements(was.Expr, b.src)})
		default:
			if m, moved := zonesMove(before, after, b, a, was.Expr, is.Expr); moved {
				m.Addr = addr
				out = append(out, m)
			}
		}
	}
	slices.SortFunc(out, func(x, y RecordMove) int { return strings.Compare(x.Addr, y.Addr) })
	given := map[string]bool{}
	for i, m := range out {
		for _, addr := range deletedWith(before, after, before.resources[m.Addr]) {
			if !given[addr] {
				given[addr] = true
				out[i].Deletes = append(out[i].Deletes, addr)
			}
		}
	}
	return out
}

// deletedWith are the private DNS zones of before that the endpoint b's
// zone group names and after deletes, each followed by its virtual
// network links that after deletes too.
func deletedWith(before, after *config, b block) []string {
	var out []string
	for _, t := range deletedZones(b, after) {
		zone, _, _ := referenced(t)
		if slices.Contains(out, zone) {
			continue
		}
		out = append(out, zone)
		var links []string
		for addr, l := range before.resources {
			if l.Labels[0] == ZoneLinkType && after.deletes(addr) && refersTo(l.Body, zone) {
				links = append(links, addr)
			}
		}
		slices.Sort(links)
		out = append(out, links...)
	}
	return out
}

// stringLiteral is arg of b where it is a string literal, else "".
func stringLiteral(b block, arg string) string {
	if v, ok := literal(b, arg); ok && !v.IsNull() && v.Type() == cty.String {
		return v.AsString()
	}
	return ""
}

// elements are the elements of a tuple expression as written, or the
// whole expression where it is none.
func elements(expr hclsyntax.Expression, src []byte) []string {
	list, ok := expr.(*hclsyntax.TupleConsExpr)
	if !ok {
		return []string{oneLine(expr.Range().SliceBytes(src))}
	}
	out := make([]string, len(list.Exprs))
	for i, e := range list.Exprs {
		out[i] = oneLine(e.Range().SliceBytes(src))
	}
	return out
}

// deletedZones are the references of b's DNS zone group to private DNS
// zones of the root that after deletes.
func deletedZones(b block, after *config) []hcl.Traversal {
	_, ids := attribute(b, zoneIDs)
	if ids == nil {
		return nil
	}
	var out []hcl.Traversal
	for _, t := range ids.Expr.Variables() {
		if addr, _, _ := referenced(t); strings.HasPrefix(addr, PrivateDNSZoneType+".") && after.deletes(addr) {
			out = append(out, t)
		}
	}
	return out
}

// deletes reports whether c, the configuration a change makes, deletes
// the resource addr: it is gone, and no removed block forgets it.
func (c *config) deletes(addr string) bool {
	_, kept := c.resources[addr]
	return !kept && !c.removed[addr]
}

// zonesMove compares the zone IDs was (of b, before) and is (of a,
// after), element by element where both are tuples: an element is kept
// where the other side has one of the same value but for letter case, or
// written the same and naming a managed zone (whose replacement
// Replacements lists). One written the same that reads another value (a
// variable, local, data source or each.value that changes) moves the
// records through that reference (Via). moved is false where no zone is
// left.
func zonesMove(before, after *config, b, a block, was, is hclsyntax.Expression) (m RecordMove, moved bool) {
	wasList, ok1 := was.(*hclsyntax.TupleConsExpr)
	isList, ok2 := is.(*hclsyntax.TupleConsExpr)
	if !ok1 || !ok2 {
		// Whole expressions, as Replacements compares them.
		wasList = &hclsyntax.TupleConsExpr{Exprs: []hclsyntax.Expression{was}}
		isList = &hclsyntax.TupleConsExpr{Exprs: []hclsyntax.Expression{is}}
	}
	text := func(e hclsyntax.Expression, src []byte) string { return withoutLayout(e.Range().SliceBytes(src)) }
	instances := instancesChange(before, after, b, a)
	sameText := func(x, y hclsyntax.Expression) bool { return text(x, b.src) == text(y, a.src) }
	same := func(x, y hclsyntax.Expression) bool {
		if instanceRef(y) != "" && instances {
			return false
		}
		return strings.EqualFold(before.value(x, b.src), after.value(y, a.src)) || sameText(x, y) && changedRef(before, after, x) == ""
	}
	for _, x := range wasList.Exprs {
		switch {
		case slices.ContainsFunc(isList.Exprs, func(y hclsyntax.Expression) bool { return same(x, y) }):
		case slices.ContainsFunc(isList.Exprs, func(y hclsyntax.Expression) bool { return sameText(x, y) }):
			if m.Via == "" {
				m.Via = changedRef(before, after, x)
				if instanceRef(x) != "" && instances {
					m.Via = instanceRef(x)
				}
				if movable(m.Via) {
					m.Why = whyChanged(before, after, m.Via)
				}
			}
		default:
			m.Left = append(m.Left, oneLine(x.Range().SliceBytes(b.src)))
		}
	}
	for _, y := range isList.Exprs {
		if !slices.ContainsFunc(wasList.Exprs, func(x hclsyntax.Expression) bool { return same(x, y) || sameText(x, y) }) {
			m.Joined = append(m.Joined, oneLine(y.Range().SliceBytes(a.src)))
		}
	}
	return m, len(m.Left) > 0 || m.Via != ""
}

// changedRef is the variable, local or data source that expr (of before)
// reads whose value after differs, "" where there is none: a managed
// zone replaced is Replacements' to list.
func changedRef(before, after *config, expr hclsyntax.Expression) string {
	for _, t := range expr.Variables() {
		if addr, _, _ := referenced(t); movable(addr) && before.resolve(t) != after.resolve(t) {
			return addr
		}
	}
	return ""
}

// movable reports whether a reference whose change moves an endpoint's
// records is a value that names zones (a variable, local or data source),
// not a managed zone that is replaced: Replacements lists that.
func movable(via string) bool {
	root, _, _ := strings.Cut(via, ".")
	return root == "var" || root == "local" || root == "data"
}
