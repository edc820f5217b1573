package generator

import (
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// Azure naming rules. Sources: azurerm validators (storage account:
// internal/services/storage/validate/storage_account_name.go) and "Naming
// rules and restrictions for Azure resources",
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
var (
	workloadName       = regexp.MustCompile(`^[a-z][a-z0-9-]{0,38}[a-z0-9]$`)
	locationName       = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	resourceGroupName  = regexp.MustCompile(`^[-\w.()]{0,89}[-\w()]$`)
	vnetName           = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$`)
	subnetName         = regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_])?$`)
	storageAccountName = regexp.MustCompile(`^[a-z0-9]{3,24}$`)
)

// checker collects the problems of a decoded manifest, each placed at the
// value it concerns.
type checker struct {
	pos   positions
	diags hcl.Diagnostics
}

func (c *checker) at(path string) *hcl.Range {
	for p := path; p != ""; {
		if r, ok := c.pos[p]; ok {
			return &r
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	r := c.pos[""]
	return &r
}

func (c *checker) errorf(path, summary, detail string, args ...any) {
	c.diags = append(c.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: c.at(path),
	})
}

func (c *checker) warnf(path, summary, detail string, args ...any) {
	c.diags = append(c.diags, &hcl.Diagnostic{
		Severity: hcl.DiagWarning, Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: c.at(path),
	})
}

// name checks a name the manifest gives; defaults derived from a valid
// workload name are valid by construction and not checked again.
func (c *checker) name(path, value string, re *regexp.Regexp, rule string) {
	if _, given := c.pos[path]; given && value != "" && !re.MatchString(value) {
		c.errorf(path, "Invalid name", "%q is not a valid %s.", value, rule)
	}
}

// validateManifest checks the Azure rules a decoded manifest must meet before
// any Terraform is generated. It normalises allowed_ip_ranges in place (a /32
// becomes a bare address, a /31 its two addresses) because the storage
// firewall accepts neither prefix (pitfalls.md #5).
func validateManifest(m *Manifest, pos positions) hcl.Diagnostics {
	c := &checker{pos: pos}
	c.name("name", m.Name, workloadName, "workload name: 2 to 40 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen; it is used to derive resource names")
	c.name("location", m.Location, locationName, `Azure location: use the programmatic name, such as "westeurope" (see az account list-locations --query "[].name")`)
	if locationName.MatchString(m.Location) && !contains(knownLocations, m.Location) {
		c.warnf("location", "Unknown location", "%q is not a known Azure public-cloud region.%s Check it with az account list-locations --query \"[].name\".", m.Location, suggest(m.Location, knownLocations))
	}
	c.name("resource_group.name", m.ResourceGroup.Name, resourceGroupName, "resource group name: 1 to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending with a period")
	c.name("network.vnet.name", m.Network.VNet.Name, vnetName, "virtual network name: 2 to 64 letters, digits, underscores, hyphens and periods, starting with a letter or digit and ending with a letter, digit or underscore")
	c.name("network.subnet.name", m.Network.Subnet.Name, subnetName, "subnet name: 1 to 80 letters, digits, underscores, hyphens and periods, starting with a letter or digit and ending with a letter, digit or underscore")

	spaces := c.prefixes("network.vnet.address_space", m.Network.VNet.AddressSpace)
	subnets := c.prefixes("network.subnet.address_prefixes", m.Network.Subnet.AddressPrefixes)
	for i, p := range subnets {
		if p.IsValid() && !insideAny(p, spaces) {
			c.errorf(fmt.Sprintf("network.subnet.address_prefixes[%d]", i), "Subnet outside the virtual network",
				"%s is not inside the virtual network's address space (%s).", p, strings.Join(m.Network.VNet.AddressSpace, ", "))
		}
	}

	c.tags(m.Tags)

	if len(m.Services) == 0 && pos["services"] != (hcl.Range{}) {
		c.errorf("services", "No services", "List at least one service, such as:\n  services:\n    - type: storage\n      name: stmyworkload01")
	}
	seen := map[string]int{}
	for i := range m.Services {
		c.service(m, i, seen)
	}
	return c.diags
}

func (c *checker) service(m *Manifest, i int, seen map[string]int) {
	s := &m.Services[i]
	path := fmt.Sprintf("services[%d]", i)
	c.name(path+".name", s.Name, storageAccountName, "storage account name: 3 to 24 lowercase letters and digits, unique across Azure")
	if first, dup := seen[s.Name]; dup && s.Name != "" {
		c.errorf(path+".name", "Duplicate service name", "%q is already the name of services[%d].", s.Name, first)
	} else {
		seen[s.Name] = i
	}

	switch m.Pattern {
	case PatternServiceEndpoint:
		if len(s.Subresources) > 0 {
			c.errorf(path+".subresources", "Field does not apply", "subresources choose private endpoints and apply only to pattern: private-endpoint; remove them or change the pattern.")
		}
		s.AllowedIPRanges = c.ipRanges(path+".allowed_ip_ranges", s.AllowedIPRanges)
	case PatternPrivateEndpoint:
		if len(s.AllowedIPRanges) > 0 {
			c.errorf(path+".allowed_ip_ranges", "Field does not apply", "allowed_ip_ranges open the public endpoint, which pattern: private-endpoint disables; remove them or use pattern: service-endpoint.")
		}
		have := map[string]bool{}
		for j, sub := range s.Subresources {
			if sub != "" && have[sub] {
				c.errorf(fmt.Sprintf("%s.subresources[%d]", path, j), "Duplicate sub-resource", "%q is listed twice; each sub-resource gets one private endpoint.", sub)
			}
			have[sub] = true
		}
		// "If you create a private endpoint for the Data Lake Storage storage
		// resource, then you should also create one for the Blob Storage
		// resource." (storage-private-endpoints, Microsoft Learn)
		if have["dfs"] && !have["blob"] {
			c.warnf(path+".subresources", "dfs without blob", "Data Lake Storage (dfs) operations also call the blob endpoint; add blob to subresources so both resolve privately.")
		}
	}
}

// tags checks Azure's tag limits ("Use tags to organize your Azure
// resources", Limitations,
// https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations):
// at most 50 tags; names of at most 128 characters on storage accounts
// without < > % & \ ? /; values of at most 256 characters. Any other text,
// ${ and %{ included, is escaped on its way into HCL.
func (c *checker) tags(tags map[string]string) {
	if len(tags) > 50 {
		c.errorf("tags", "Too many tags", "Azure resources take at most 50 tags; found %d.", len(tags))
	}
	for _, k := range sortedKeys(tags) {
		at := "tags." + k
		switch {
		case k == "" || utf8.RuneCountInString(k) > 128:
			c.errorf(at, "Invalid tag name", "Tag names must have 1 to 128 characters (the limit on storage accounts).")
		case strings.ContainsAny(k, `<>%&\?/`):
			c.errorf(at, "Invalid tag name", "Tag name %q contains one of < > %% & \\ ? /, which Azure does not allow in tag names.", k)
		}
		if utf8.RuneCountInString(tags[k]) > 256 {
			c.errorf(at, "Invalid tag value", "Tag values have at most 256 characters; %q has %d.", k, utf8.RuneCountInString(tags[k]))
		}
	}
}

// prefixes parses a list of IPv4 CIDRs, reporting each invalid one.
func (c *checker) prefixes(path string, values []string) []netip.Prefix {
	out := make([]netip.Prefix, len(values))
	for i, v := range values {
		p, err := netip.ParsePrefix(v)
		at := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case err != nil || !p.Addr().Is4():
			c.errorf(at, "Invalid CIDR", "%q is not an IPv4 CIDR such as 10.20.0.0/16.", v)
		case p.Masked() != p:
			c.errorf(at, "Invalid CIDR", "%q has host bits set; the network is %s.", v, p.Masked())
		default:
			out[i] = p
		}
	}
	for i := range out {
		for j := 0; j < i; j++ {
			if out[i].IsValid() && out[j].IsValid() && out[i].Overlaps(out[j]) {
				c.errorf(fmt.Sprintf("%s[%d]", path, i), "Overlapping CIDRs", "%s overlaps %s.", out[i], out[j])
			}
		}
	}
	return out
}

func insideAny(p netip.Prefix, spaces []netip.Prefix) bool {
	for _, s := range spaces {
		if s.IsValid() && s.Bits() <= p.Bits() && s.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// cgnat is the shared address space of RFC 6598, not routable on the internet.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// ipRanges validates storage firewall IP rules and returns them in the form
// the firewall accepts: public IPv4 only, a single address without a prefix,
// and no /31 (pitfalls.md #5; "Azure Storage firewall rules",
// https://learn.microsoft.com/azure/storage/common/storage-network-security-limitations).
func (c *checker) ipRanges(path string, values []string) []string {
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
			c.errorf(at, "Invalid IP range", "%q is not IPv4; the storage firewall takes IPv4 rules only.", v)
			continue
		case p.Masked() != p:
			c.errorf(at, "Invalid IP range", "%q has host bits set; the network is %s.", v, p.Masked())
			continue
		case p.Bits() == 0:
			c.errorf(at, "IP range too broad", "%q admits the whole internet, which makes the firewall pointless; list the public ranges that need access.", v)
			continue
		case a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsUnspecified() || a.IsMulticast() || cgnat.Contains(a):
			c.errorf(at, "Private IP range", "%q is not a public address. IP rules apply to traffic from the internet; clients in a virtual network reach the account through the subnet's service endpoint (a VNet rule) or a private endpoint.", v)
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

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
