package azurerm

import (
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// AccessClosed is a service whose public network access a change turns
// off (public_network_access_enabled, or public_network_access of the
// flexible servers), from on or left out (Azure's default: on).
// NewEndpoints are the private endpoints to it that the same change
// creates: its clients reach it only once those exist and their DNS
// answers with the private addresses, so they lose access in between,
// which a migration's phases avoid.
type AccessClosed struct {
	Addr         string
	NewEndpoints []string
}

// accessClosed lists the services of before and after whose public
// network access after turns off, by address.
func accessClosed(before, after *config) []AccessClosed {
	var out []AccessClosed
	for addr, a := range after.resources {
		b, ok := before.resources[addr]
		if !ok || after.replaced[addr] || !publicAccess(before, b) || publicAccess(after, a) {
			continue
		}
		c := AccessClosed{Addr: addr}
		for pe, e := range after.resources {
			if _, existed := before.resources[pe]; !existed && strings.HasPrefix(pe, PrivateEndpointType+".") && refersTo(e.Body, addr) {
				c.NewEndpoints = append(c.NewEndpoints, pe)
			}
		}
		slices.Sort(c.NewEndpoints)
		out = append(out, c)
	}
	slices.SortFunc(out, func(x, y AccessClosed) int { return strings.Compare(x.Addr, y.Addr) })
	return out
}

// publicAccess reports whether b, in c, leaves public network access on:
// set so, or a service that leaves it out (Azure's default is on). A
// resource around the services (network, private link) has no public
// endpoint to close: false.
func publicAccess(c *config, b block) bool {
	if a := b.Body.Attributes["public_network_access_enabled"]; a != nil {
		return c.value(a.Expr, b.src) != valueKey(cty.False)
	}
	if a := b.Body.Attributes["public_network_access"]; a != nil {
		return !strings.EqualFold(c.value(a.Expr, b.src), valueKey(cty.StringVal("Disabled")))
	}
	return forceNew[b.Labels[0]] != nil && (Replacement{Type: b.Labels[0]}).LosesData()
}
