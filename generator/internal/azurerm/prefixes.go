package azurerm

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// subnetType is the azurerm resource of a subnet.
const subnetType = "azurerm_subnet"

// PrefixDropped is a subnet that a change keeps but takes address
// prefixes from (address_prefixes, updated in place). Azure refuses to
// delete a prefix that has addresses in use: "If any resources exist in
// the subnet, you must either move the resources to another subnet, or
// delete them from the subnet first"
// (https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-subnet#change-subnet-settings),
// and the apply fails with InUsePrefixCannotBeDeleted
// (https://github.com/hashicorp/terraform-provider-azurerm/issues/11211).
// Endpoints are the private endpoints in the subnet that the change keeps:
// with any, where the subnet loses every prefix, it fails for certain;
// otherwise it fails if they, or anything else (a workload's network
// interface), have addresses in the prefixes lost.
type PrefixDropped struct {
	Addr      string   // azurerm_subnet.endpoints
	Prefixes  []string // the prefixes it loses (`"10.0.1.0/24"`), or the whole expression where its value is not known (a call)
	Endpoints []string // by address, sorted
	// All: the subnet loses every prefix it had, so the endpoints' addresses
	// are in one it loses; otherwise they may be in one it keeps.
	All bool
}

// String is the warning's line: the subnet, what it loses and the
// endpoints that hold addresses there.
func (p PrefixDropped) String() string {
	s := p.Addr + " loses address prefix"
	if len(p.Prefixes) > 1 {
		s += "es"
	}
	s += " " + strings.Join(p.Prefixes, ", ")
	if len(p.Endpoints) == 0 {
		return s + ": the apply fails if anything (a workload's network interface, another root's private endpoint) has an address in it"
	}
	if !p.All {
		return s + ": the apply fails if the private endpoint" + plural(len(p.Endpoints), " ", "s ") + strings.Join(p.Endpoints, ", ") +
			plural(len(p.Endpoints), ", or anything else, has its address", ", or anything else, have addresses") + " in it (InUsePrefixCannotBeDeleted)"
	}
	return s + ", which the private endpoint" + plural(len(p.Endpoints), " ", "s ") + strings.Join(p.Endpoints, ", ") +
		plural(len(p.Endpoints), " has", " have") + " addresses in: the apply fails there (InUsePrefixCannotBeDeleted)"
}

func plural(n int, one, more string) string {
	if n == 1 {
		return one
	}
	return more
}

// prefixesDropped lists the subnets of before and after that after keeps
// (neither replaced nor deleted) but takes address prefixes from, by
// address.
func prefixesDropped(before, after *config) []PrefixDropped {
	var out []PrefixDropped
	for addr, a := range after.resources {
		b, ok := before.resources[addr]
		if !ok || b.Labels[0] != subnetType || after.replaced[addr] {
			continue
		}
		if _, goes := parentReplaced(after, a, subnetType); goes {
			continue // its network replaced: Replacements says so
		}
		if ignored := ignoredChanges(a); ignored["all"] || ignored["address_prefixes"] {
			continue
		}
		_, was := attribute(b, "address_prefixes")
		_, is := attribute(a, "address_prefixes")
		if was == nil || is == nil || before.value(was.Expr, b.src) == after.value(is.Expr, a.src) {
			continue
		}
		lost, all := lostElements(before, after, b, a, was.Expr, is.Expr)
		if len(lost) == 0 {
			continue // prefixes added only
		}
		p := PrefixDropped{Addr: addr, Prefixes: lost, All: all}
		id := after.resolve(hcl.Traversal{hcl.TraverseRoot{Name: subnetType}, hcl.TraverseAttr{Name: a.Labels[1]}, hcl.TraverseAttr{Name: "id"}})
		for pe, e := range after.resources {
			_, existed := before.resources[pe]
			if !existed || e.Labels[0] != PrivateEndpointType || after.replaced[pe] {
				continue
			}
			if s := e.Body.Attributes["subnet_id"]; s != nil && after.value(s.Expr, e.src) == id {
				p.Endpoints = append(p.Endpoints, pe)
			}
		}
		slices.Sort(p.Endpoints)
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y PrefixDropped) int { return strings.Compare(x.Addr, y.Addr) })
	return out
}

// lostElements are the elements of the list was (of b, in before) that
// the list is (of a, in after) no longer has, as written, and whether
// that is every one; where either is not a list literal, was whole, and
// not known to be all.
func lostElements(before, after *config, b, a block, was, is hclsyntax.Expression) (lost []string, all bool) {
	wasList, ok1 := was.(*hclsyntax.TupleConsExpr)
	isList, ok2 := is.(*hclsyntax.TupleConsExpr)
	if !ok1 || !ok2 {
		// A variable's default or a local written as a list of strings
		// is compared by value.
		old, ok1 := before.strings(was)
		next, ok2 := after.strings(is)
		if !ok1 || !ok2 {
			return []string{oneLine(was.Range().SliceBytes(b.src))}, false
		}
		for _, p := range old {
			if !slices.Contains(next, p) {
				lost = append(lost, fmt.Sprintf("%q", p))
			}
		}
		return lost, len(lost) == len(old)
	}
	kept := map[string]bool{}
	for _, e := range isList.Exprs {
		kept[after.value(e, a.src)] = true
	}
	for _, e := range wasList.Exprs {
		if !kept[before.value(e, b.src)] {
			lost = append(lost, oneLine(e.Range().SliceBytes(b.src)))
		}
	}
	return lost, len(lost) == len(wasList.Exprs)
}

// SpaceShrunk is a virtual network that a change keeps but whose
// address_space no longer holds a prefix that one of its subnets had
// before. Azure refuses that while the subnet is there: "You can decrease
// the address range for a virtual network as long as it still includes the
// ranges of any associated subnets"
// (https://learn.microsoft.com/azure/virtual-network/manage-virtual-network#add-or-remove-an-address-range),
// and Terraform updates the network before the subnets that depend on it,
// so moving the subnets in the same apply does not help.
type SpaceShrunk struct {
	Addr    string   // azurerm_virtual_network.this
	Outside []string // `azurerm_subnet.app ("10.0.1.0/24")`, by subnet address
}

// String is the warning's line.
func (s SpaceShrunk) String() string {
	return s.Addr + " leaves out of its address space what its subnets hold: " + strings.Join(s.Outside, ", ") +
		"; the apply fails there (keep the old range beside the new one until no subnet is in it)"
}

// spacesShrunk lists the virtual networks of before and after that after
// keeps but whose address space leaves out a prefix that a subnet of
// theirs, kept too, had in before, by address. Only list literals of
// CIDRs are compared.
func spacesShrunk(before, after *config) []SpaceShrunk {
	var out []SpaceShrunk
	for addr, a := range after.resources {
		b, ok := before.resources[addr]
		if !ok || b.Labels[0] != "azurerm_virtual_network" || after.replaced[addr] {
			continue
		}
		if ignored := ignoredChanges(a); ignored["all"] || ignored["address_space"] {
			continue
		}
		space, ok := cidrs(a, "address_space")
		if !ok {
			continue
		}
		name := b.Body.Attributes["name"]
		if name == nil {
			continue
		}
		s := SpaceShrunk{Addr: addr}
		for subnetAddr, sb := range before.resources {
			// A subnet deleted or replaced goes before the network's
			// update (Terraform destroys a dependent first).
			_, kept := after.resources[subnetAddr]
			vnet := sb.Body.Attributes["virtual_network_name"]
			if sb.Labels[0] != subnetType || !kept || after.replaced[subnetAddr] || vnet == nil || before.value(vnet.Expr, sb.src) != before.value(name.Expr, b.src) {
				continue
			}
			prefixes, ok := cidrs(sb, "address_prefixes")
			if !ok {
				continue
			}
			for _, p := range prefixes {
				if !slices.ContainsFunc(space, func(r netip.Prefix) bool { return r.Bits() <= p.Bits() && r.Contains(p.Addr()) }) {
					s.Outside = append(s.Outside, fmt.Sprintf("%s (%q)", subnetAddr, p))
				}
			}
		}
		if len(s.Outside) > 0 {
			slices.Sort(s.Outside)
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(x, y SpaceShrunk) int { return strings.Compare(x.Addr, y.Addr) })
	return out
}

// cidrs is arg of b where it is a list literal of CIDRs.
func cidrs(b block, arg string) ([]netip.Prefix, bool) {
	v, ok := literal(b, arg)
	if !ok || v.IsNull() || !v.CanIterateElements() {
		return nil, false
	}
	var out []netip.Prefix
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.Type() != cty.String {
			return nil, false
		}
		p, err := netip.ParsePrefix(e.AsString())
		if err != nil {
			return nil, false
		}
		out = append(out, p.Masked())
	}
	return out, true
}

// strings is the value of expr in c where it is a list of strings, written
// so or held by the variable's default or local it reads.
func (c *config) strings(expr hclsyntax.Expression) ([]string, bool) {
	if t, ok := expr.(*hclsyntax.ScopeTraversalExpr); ok {
		addr, _, rest := referenced(t.Traversal)
		for _, named := range []map[string]expression{c.variables, c.locals} {
			if e, ok := named[addr]; ok && len(rest) == 0 {
				expr = e.Expression
			}
		}
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() || !v.CanIterateElements() {
		return nil, false
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.Type() != cty.String {
			return nil, false
		}
		out = append(out, e.AsString())
	}
	return out, true
}
