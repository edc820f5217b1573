package manifest

import (
	"fmt"
	"net/netip"
)

// Ranges that are never public internet addresses: shared address space
// (RFC 6598), benchmarking (RFC 2544) and the reserved class E block.
var (
	cgnat     = netip.MustParsePrefix("100.64.0.0/10")
	benchmark = netip.MustParsePrefix("198.18.0.0/15")
	reserved  = netip.MustParsePrefix("240.0.0.0/4")
	private   = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16"), cgnat}
)

// ipRanges validates the IP rules of the firewall of svc (a service's
// title and name, for messages) and returns them normalised to the form
// the storage firewall needs: public IPv4 only, a single address without a
// prefix, and no /31 (https://github.com/hashicorp/terraform-provider-azurerm/issues/5444;
// "Azure Storage firewall rules",
// https://learn.microsoft.com/azure/storage/common/storage-network-security-limitations).
func (c *checker) ipRanges(path, svc string, values []string) []string {
	var out []string
	seen := map[string]bool{}
	for i, v := range values {
		at := fmt.Sprintf("%s[%d]", path, i)
		p, err := netip.ParsePrefix(v)
		if err != nil {
			a, aerr := netip.ParseAddr(v)
			if aerr != nil {
				c.errorf(at, "Invalid IP range", "%q is neither an IPv4 address (203.0.113.7) nor a CIDR (203.0.113.0/24).", v)
				continue
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		a := p.Addr()
		switch {
		case !a.Is4():
			c.errorf(at, "Invalid IP range", "%q is not IPv4; the firewall rules of the %s take IPv4 addresses and CIDRs only.", v, svc)
			continue
		case p.Masked() != p:
			c.errorf(at, "Invalid IP range", "%q has host bits set; the network is %s.", v, p.Masked())
			continue
		case p.Bits() == 0:
			c.errorf(at, "IP range too broad", "%q admits the whole internet, which makes the firewall pointless; list the public ranges that need access.", v)
			continue
		case a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsUnspecified() || a.IsMulticast() || cgnat.Contains(a) ||
			benchmark.Overlaps(p) || reserved.Overlaps(p) || overlapsAny(p, private):
			c.errorf(at, "Private IP range", "%q is not a public address. IP rules apply to traffic from the internet; clients in a virtual network reach the %s through the subnet's service endpoint (a VNet rule) or a private endpoint.", v, svc)
			continue
		}
		var normal []string
		switch p.Bits() {
		case 32:
			normal = []string{a.String()}
		case 31:
			normal = []string{a.String(), a.Next().String()}
		default:
			normal = []string{p.String()}
		}
		for _, n := range normal {
			if q, ok := overlapping(n, out); ok && !seen[n] {
				c.errorf(at, "Overlapping IP ranges", "%s overlaps %s, listed earlier.", n, q)
				continue
			}
			if seen[n] {
				c.errorf(at, "Duplicate IP range", "%s is already allowed by an earlier entry.", n)
				continue
			}
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
