package generator

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
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
	workloadName      = regexp.MustCompile(`^[a-z][a-z0-9-]{0,38}[a-z0-9]$`)
	locationName      = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	resourceGroupName = regexp.MustCompile(`^[-\w.()]{0,89}[-\w()]$`)
	vnetName          = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$`)
	subnetName        = regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_])?$`)
)

// checker collects the problems of a decoded manifest, each placed at the
// value it concerns.
type checker struct {
	pos       positions
	diags     hcl.Diagnostics
	migrating bool
}

func (c *checker) at(path string) *hcl.Range {
	if r, ok := c.pos[path]; ok {
		return &r
	}
	path = strings.TrimSuffix(path, keySuffix)
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

// name checks a name the manifest gives, empty included; defaults derived
// from a valid workload name are valid by construction and not checked again.
func (c *checker) name(path, value string, re *regexp.Regexp, rule string) {
	if _, given := c.pos[path]; given && !re.MatchString(value) {
		c.errorf(path, "Invalid name", "%q is not a valid %s.", value, rule)
	}
}

// notApplicable reports a field that was given but means nothing here, at
// its key.
func (c *checker) notApplicable(path, why string) {
	if _, given := c.pos[path]; given {
		c.errorf(path+keySuffix, "Field does not apply", "%s", why)
	}
}

// migrationOnly warns about a private-endpoint field on a service-endpoint
// manifest: generate ignores it, endpointgen migrate uses it.
func (c *checker) migrationOnly(path, field string) {
	if _, given := c.pos[path]; given {
		c.diags = append(c.diags, &hcl.Diagnostic{
			Severity: hcl.DiagWarning, Summary: "Used only when migrating",
			Detail:  field + " configures private endpoints: generate ignores it for pattern: service-endpoint, and endpointgen migrate uses it to add them.",
			Subject: c.at(path + keySuffix),
		})
	}
}

// validateManifest checks the Azure rules a decoded manifest must meet before
// any Terraform is generated. It normalises allowed_ip_ranges in place (a /32
// becomes a bare address, a /31 its two addresses) because the storage
// firewall accepts neither prefix (pitfalls.md #5).
//
// When migrating, the manifest is a service-endpoint one whose private
// endpoints are being added: the fields of both patterns apply.
func validateManifest(m *Manifest, pos positions, migrating bool) hcl.Diagnostics {
	c := &checker{pos: pos, migrating: migrating}
	c.name("name", m.Name, workloadName, "workload name: 2 to 40 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen; it is used to derive resource names")
	c.name("location", m.Location, locationName, `Azure location: use the programmatic name, such as "westeurope" (see az account list-locations --query "[].name")`)
	if m.Cloud == CloudPublic && locationName.MatchString(m.Location) && !slices.Contains(knownLocations, m.Location) {
		c.warnf("location", "Unknown location", "%q is not a known Azure public-cloud region.%s Check it with az account list-locations --query \"[].name\".", m.Location, suggest(m.Location, knownLocations))
	}
	c.name("resource_group.name", m.ResourceGroup.Name, resourceGroupName, "resource group name: 1 to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending with a period")
	c.network(m)
	c.tags(m.Tags)

	if len(m.Services) == 0 && pos["services"] != (hcl.Range{}) {
		c.errorf("services", "No services", "List at least one service, such as:\n  services:\n    - type: storage\n      name: stmyworkload01")
	}
	seen := map[string]int{}
	for i := range m.Services {
		c.service(m, i, seen)
	}
	c.dns(m)
	return c.diags
}

var (
	// Resource IDs in the casing the azurerm provider parses; it rejects
	// "/RESOURCEGROUPS/" and the like.
	vnetIDPattern   = regexp.MustCompile(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/virtualNetworks/[^/]+$`)
	subnetIDPattern = regexp.MustCompile(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/virtualNetworks/[^/]+/subnets/[^/]+$`)
	zoneIDPattern   = regexp.MustCompile(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/privateDnsZones/[^/]+$`)
)

// network checks the VNet and subnets, created or existing.
func (c *checker) network(m *Manifest) {
	vnet := m.Network.VNet
	c.name("network.vnet.name", vnet.Name, vnetName, "virtual network name: 2 to 64 letters, digits, underscores, hyphens and periods, starting with a letter or digit and ending with a letter, digit or underscore")
	if vnet.ID != "" && !vnetIDPattern.MatchString(vnet.ID) {
		c.errorf("network.vnet.id", "Invalid resource ID", "%q is not a virtual network ID: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/NAME.", vnet.ID)
	}
	if vnet.ID != "" {
		c.notApplicable("network.vnet.name", "The virtual network is given by id; its name comes from the ID.")
		c.notApplicable("network.vnet.existing", "A virtual network given by id is existing already.")
		c.notApplicable("network.vnet.resource_group", "The virtual network is given by id; its resource group comes from the ID.")
	}
	if vnet.existing() {
		c.notApplicable("network.vnet.address_space", "The virtual network exists already; its address space is managed where it was created.")
	} else {
		c.notApplicable("network.vnet.resource_group", "resource_group names where an existing virtual network lives; add existing: true or remove it.")
	}

	// The subnets: network.subnet (one, both roles) or network.subnets.
	list := "network.subnets"
	if _, many := c.pos[list]; !many {
		list = ""
	} else if _, one := c.pos["network.subnet"]; one {
		c.errorf("network.subnet"+keySuffix, "Field does not apply", "Give network.subnet or network.subnets, not both.")
	}
	path := func(i int) string {
		if list == "" {
			return "network.subnet"
		}
		return fmt.Sprintf("%s[%d]", list, i)
	}
	if list == "" {
		c.notApplicable("network.subnet.roles", "roles tell the subnets of network.subnets apart; the one network.subnet has both.")
	}
	if list != "" && len(m.Network.Subnets) == 0 {
		c.errorf(list+keySuffix, "No subnets", "List at least one subnet, or use network.subnet.")
	}

	var spaces []netip.Prefix
	if !vnet.existing() && !m.Network.subnetsByID() {
		spaces = c.prefixes("network.vnet.address_space", vnet.AddressSpace, 0)
	}
	var valid []string
	for _, sp := range spaces {
		if sp.IsValid() {
			valid = append(valid, sp.String())
		}
	}
	var all []netip.Prefix
	var allPaths []string
	names := map[string]bool{}
	byID := m.Network.subnetsByID()
	endpointSubnets, workloadSubnets := 0, 0
	for i, subnet := range m.Network.Subnets {
		at := path(i)
		if subnet.has(RoleEndpoints) {
			endpointSubnets++
		}
		if subnet.has(RoleWorkload) {
			workloadSubnets++
		}
		c.name(at+".name", subnet.Name, subnetName, "subnet name: 1 to 80 letters, digits, underscores, hyphens and periods, starting with a letter or digit and ending with a letter, digit or underscore")
		if names[strings.ToLower(subnet.Name)] && subnet.Name != "" {
			c.errorf(at+".name", "Duplicate subnet", "%q is listed twice.", subnet.Name)
		}
		names[strings.ToLower(subnet.Name)] = true
		if (subnet.ID != "") != byID {
			c.errorf(at+keySuffix, "Subnets given two ways", "Give every subnet by id, or none: the VNet follows from the IDs.")
		}
		if subnet.ID != "" {
			if !subnetIDPattern.MatchString(subnet.ID) {
				c.errorf(at+".id", "Invalid resource ID", "%q is not a subnet ID: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/VNET/subnets/NAME.", subnet.ID)
			} else if !subnetName.MatchString(subnet.Name) {
				c.errorf(at+".id", "Invalid name", "The subnet name %q in the ID is not a valid subnet name.", subnet.Name)
			} else if first := m.Network.Subnets[0].ID; i > 0 && !strings.EqualFold(subnetVNetID(subnet.ID), subnetVNetID(first)) {
				c.errorf(at+".id", "Subnets in two VNets", "All subnets of a workload are in one virtual network; this one is not in %s.", subnetVNetID(first))
			}
			c.notApplicable(at+".name", "The subnet is given by id; its name comes from the ID.")
			c.notApplicable(at+".existing", "A subnet given by id is existing already.")
			if i == 0 {
				for _, f := range []string{"name", "address_space", "existing", "resource_group", "id"} {
					c.notApplicable("network.vnet."+f, "The subnets are given by id, and their virtual network follows from the IDs; remove network.vnet.")
				}
			}
		}
		if vnet.ID != "" && subnet.Existing {
			c.errorf(at+".existing"+keySuffix, "Existing subnet by name in a VNet given by ID", "The VNet may be in another subscription, which a subnet read by name cannot reach: give the subnet by id instead.")
		}
		if subnet.existing() {
			c.notApplicable(at+".address_prefixes", "The subnet exists already; its prefixes are managed where it was created.")
			if subnet.Existing && !vnet.existing() {
				c.errorf(at+".existing"+keySuffix, "Existing subnet in a new network", "An existing subnet lives in an existing virtual network: set network.vnet.existing: true (with its name and resource_group) or give network.vnet.id.")
			}
			if m.Pattern == PatternServiceEndpoint && subnet.has(RoleWorkload) {
				c.warnf(at, "Service endpoints not managed", "endpointgen does not change a subnet it did not create (its service-endpoint list is written whole, pitfalls.md #8): the subnet must already carry the service endpoints of every service here, or the network rules fail.")
			}
			continue
		}
		ps := c.prefixes(at+".address_prefixes", subnet.AddressPrefixes, 29)
		for j, p := range ps {
			if !p.IsValid() {
				continue
			}
			pp := fmt.Sprintf("%s.address_prefixes[%d]", at, j)
			if len(valid) > 0 && !insideAny(p, spaces) {
				c.errorf(pp, "Subnet outside the virtual network", "%s is not inside the virtual network's address space (%s).", p, strings.Join(valid, ", "))
			}
			for k, q := range all {
				if q.Overlaps(p) && !strings.HasPrefix(allPaths[k], at+".") {
					c.errorf(pp, "Overlapping subnets", "%s overlaps %s of %s.", p, q, allPaths[k])
				}
			}
			all = append(all, p)
			allPaths = append(allPaths, pp)
		}
	}
	privateEndpoints := m.Pattern == PatternPrivateEndpoint || c.migrating
	switch {
	case list == "" || len(m.Network.Subnets) == 0:
	case privateEndpoints && endpointSubnets != 1:
		c.errorf(list+keySuffix, "One endpoints subnet", "Private endpoints go into one subnet: give exactly one subnet the endpoints role (found %d).", endpointSubnets)
	case m.Pattern == PatternServiceEndpoint && workloadSubnets == 0:
		c.errorf(list+keySuffix, "No workload subnet", "The service-endpoint pattern admits workload subnets: give at least one subnet the workload role.")
	}
}

// storageOnly are the fields only a storage account has.
var storageOnly = []string{"replication", "https_traffic_only_enabled", "min_tls_version", "allow_nested_items_to_be_public", "infrastructure_encryption_enabled", "shared_access_key_enabled"}

func (c *checker) service(m *Manifest, i int, seen map[string]int) {
	s := &m.Services[i]
	path := fmt.Sprintf("services[%d]", i)
	st, ok := serviceTypes[s.Type]
	if !ok {
		return // the decoder has reported the type
	}
	f := st.facts()
	c.name(path+".name", s.Name, f.nameRule, f.nameText)
	if (s.Type == "key_vault" && strings.Contains(s.Name, "--")) ||
		(s.Type == "servicebus" && (strings.HasSuffix(s.Name, "-sb") || strings.HasSuffix(s.Name, "-mgmt"))) {
		c.errorf(path+".name", "Invalid name", "%q is not a valid %s.", s.Name, f.nameText)
	}
	key := s.Type + "/" + s.Name
	if first, dup := seen[key]; dup && s.Name != "" {
		c.errorf(path+".name", "Duplicate service name", "%q is already the name of services[%d], a %s too.", s.Name, first, s.Type)
	} else {
		seen[key] = i
	}
	if s.Type != "cognitive_account" {
		c.notApplicable(path+".kind", "kind is the kind of an Azure AI services account (type: cognitive_account); "+s.Type+" has none.")
	}
	if s.Type != "storage" {
		for _, field := range storageOnly {
			c.notApplicable(path+"."+field, field+" is a setting of storage accounts; "+s.Type+" has no such field.")
		}
	}

	if m.Pattern == PatternServiceEndpoint {
		if !c.migrating {
			c.migrationOnly(path+".subresources", "subresources")
		}
		if f.ServiceEndpoint == "" {
			c.errorf(path+".type", "No service endpoint", "%s: %s; use pattern: private-endpoint.", f.Title, f.NoServiceEndpoint)
		}
		s.AllowedIPRanges = c.ipRanges(path+".allowed_ip_ranges", s.AllowedIPRanges)
	}
	if m.Pattern == PatternPrivateEndpoint || c.migrating {
		if !c.migrating {
			c.notApplicable(path+".allowed_ip_ranges", "allowed_ip_ranges open the public endpoint, which pattern: private-endpoint disables; remove them or use pattern: service-endpoint.")
		}
		have := map[string]bool{}
		for j, sub := range s.Subresources {
			at := fmt.Sprintf("%s.subresources[%d]", path, j)
			r, ok := subresourceOf(s.Type, sub)
			switch {
			case sub == "":
			case !ok:
				c.errorf(at, "Unsupported sub-resource", "%s has no sub-resource %q.%s Allowed: %s.", f.Title, sub, suggest(sub, subresourceNames(s.Type)), strings.Join(subresourceNames(s.Type), ", "))
			case len(r.Zones[m.Cloud]) == 0:
				c.errorf(at, "No private DNS zone in this cloud", "No confirmed private DNS zone exists for %s %s in the %s cloud, so endpointgen does not guess one.", f.Title, sub, m.Cloud)
			case have[sub]:
				c.errorf(at, "Duplicate sub-resource", "%q is listed twice; each sub-resource gets one private endpoint.", sub)
			}
			have[sub] = true
		}
		if len(s.Subresources) == 0 {
			c.errorf(path+".subresources"+keySuffix, "No sub-resources", "List at least one of %s, or leave subresources out for the default.", strings.Join(subresourceNames(s.Type), ", "))
		}
		// "If you create a private endpoint for the Data Lake Storage storage
		// resource, then you should also create one for the Blob Storage
		// resource." (storage-private-endpoints, Microsoft Learn)
		if have["dfs"] && !have["blob"] {
			c.warnf(path+".subresources", "dfs without blob", "Data Lake Storage (dfs) operations also call the blob endpoint; add blob to subresources so both resolve privately.")
		}
	}
}

// dns checks the DNS settings against the mode and the zones the private
// endpoints need.
func (c *checker) dns(m *Manifest) {
	d := m.DNS
	if m.Pattern == PatternServiceEndpoint && !c.migrating {
		c.migrationOnly("dns", "dns")
		return
	}
	if d.Mode != DNSExisting {
		c.notApplicable("dns.zone_ids", "zone_ids name zones created elsewhere and apply only to dns.mode: existing.")
	}
	if d.Mode != DNSManaged {
		c.notApplicable("dns.link_vnet_ids", "link_vnet_ids link the zones endpointgen creates, in dns.mode: managed only.")
		c.notApplicable("dns.resolution_policy", "resolution_policy is set on the zone links endpointgen creates, in dns.mode: managed only.")
	}
	own := m.Network.VNet.ID
	if own == "" && m.Network.subnetsByID() && subnetIDPattern.MatchString(m.Network.Subnets[0].ID) {
		own = subnetVNetID(m.Network.Subnets[0].ID)
	}
	seenLinks := map[string]bool{}
	for i, id := range d.LinkVNetIDs {
		at := fmt.Sprintf("dns.link_vnet_ids[%d]", i)
		switch {
		case !vnetIDPattern.MatchString(id):
			c.errorf(at, "Invalid resource ID", "%q is not a virtual network ID: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/NAME.", id)
		case seenLinks[strings.ToLower(id)]:
			c.errorf(at, "Duplicate VNet link", "%q is listed twice; a zone can be linked to a VNet once.", id)
		case strings.EqualFold(id, own):
			c.errorf(at, "Duplicate VNet link", "%q is the workload's own VNet, which every zone is linked to already.", id)
		}
		seenLinks[strings.ToLower(id)] = true
	}
	if d.Mode != DNSExisting {
		return
	}
	var needed []string
	for _, svc := range m.Services {
		for _, sub := range svc.Subresources {
			if r, ok := subresourceOf(svc.Type, sub); ok {
				for _, z := range r.Zones[m.Cloud] {
					if !slices.Contains(needed, z) {
						needed = append(needed, z)
					}
				}
			}
		}
	}
	for _, zone := range sortedKeys(d.ZoneIDs) {
		id, at := d.ZoneIDs[zone], "dns.zone_ids."+zone
		switch {
		case !slices.Contains(needed, zone):
			c.errorf(at, "Zone not needed", "No private endpoint here uses %q.%s Needed: %s.", zone, suggest(zone, needed), strings.Join(needed, ", "))
		case !zoneIDPattern.MatchString(id):
			c.errorf(at, "Invalid resource ID", "%q is not a private DNS zone ID: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/privateDnsZones/%s.", id, zone)
		case !strings.EqualFold(lastSegment(id), zone):
			c.errorf(at, "Zone ID names another zone", "The ID ends in %q, not %q: a private endpoint registers only in the zone of its exact privatelink name.", lastSegment(id), zone)
		}
	}
	for _, zone := range needed {
		if _, ok := d.ZoneIDs[zone]; !ok {
			c.errorf("dns"+keySuffix, "Missing zone ID", "dns.mode: existing needs the ID of the hub's %q zone in dns.zone_ids.", zone)
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

// prefixes parses a list of private-use IPv4 CIDRs, reporting each invalid
// one. A subnet passes maxBits 29, the smallest Azure allows ("Azure Virtual
// Network FAQ": the smallest supported subnet is /29).
func (c *checker) prefixes(path string, values []string, maxBits int) []netip.Prefix {
	out := make([]netip.Prefix, len(values))
	for i, v := range values {
		p, err := netip.ParsePrefix(v)
		at := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case err != nil || !p.Addr().Is4():
			c.errorf(at, "Invalid CIDR", "%q is not an IPv4 CIDR such as 10.20.0.0/16.", v)
		case p.Masked() != p:
			c.errorf(at, "Invalid CIDR", "%q has host bits set; the network is %s.", v, p.Masked())
		case p.Bits() < 8 || p.Addr().IsLoopback() || p.Addr().IsMulticast() || p.Addr().IsLinkLocalUnicast() || reserved.Overlaps(p):
			c.errorf(at, "Invalid CIDR", "%q cannot be a virtual network range: use private address space such as 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.", v)
		case maxBits > 0 && p.Bits() > maxBits:
			c.errorf(at, "Subnet too small", "%q is smaller than /%d, the smallest subnet Azure allows.", v, maxBits)
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

// Ranges that are never public internet addresses: shared address space
// (RFC 6598), benchmarking (RFC 2544) and the reserved class E block.
var (
	cgnat     = netip.MustParsePrefix("100.64.0.0/10")
	benchmark = netip.MustParsePrefix("198.18.0.0/15")
	reserved  = netip.MustParsePrefix("240.0.0.0/4")
	private   = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16"), cgnat}
)

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
		case a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsUnspecified() || a.IsMulticast() || cgnat.Contains(a) ||
			benchmark.Overlaps(p) || reserved.Overlaps(p) || overlapsAny(p, private):
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

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func overlapsAny(p netip.Prefix, list []netip.Prefix) bool {
	for _, q := range list {
		if p.Overlaps(q) {
			return true
		}
	}
	return false
}

// overlapping returns the first of ranges that overlaps r.
func overlapping(r string, ranges []string) (string, bool) {
	p := asPrefix(r)
	for _, q := range ranges {
		if q != r && asPrefix(q).Overlaps(p) {
			return q, true
		}
	}
	return "", false
}

func asPrefix(s string) netip.Prefix {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p
	}
	a, _ := netip.ParseAddr(s)
	return netip.PrefixFrom(a, a.BitLen())
}
