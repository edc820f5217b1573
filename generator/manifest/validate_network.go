package manifest

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/names"
)

// network checks the VNet and subnets, created or existing.
func (c *checker) network(m *Manifest) {
	vnet := m.Network.VNet
	c.name("network.vnet.name", vnet.Name, vnetName, "virtual network name: 2 to 64 letters, digits, underscores, hyphens and periods, starting with a letter or digit and ending with a letter, digit or underscore")
	if _, given := c.pos["network.vnet.id"]; given && !vnetIDPattern.MatchString(vnet.ID) {
		c.errorf("network.vnet.id", "Invalid resource ID", "%q is not a virtual network ID: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/NAME, SUB a subscription ID (a GUID).%s", vnet.ID, idCaseHint(vnet.ID, vnetIDPattern))
	} else if given {
		c.placeholderSubscription("network.vnet.id", vnet.ID)
	}
	if vnet.ID != "" {
		c.notApplicable("network.vnet.name", "The virtual network is given by id; its name comes from the ID.")
		c.notApplicable("network.vnet.existing", "A virtual network given by id is existing already.")
		c.notApplicable("network.vnet.resource_group", "The virtual network is given by id; its resource group comes from the ID.")
	}
	switch {
	case vnet.ID != "" || m.Network.SubnetsByID():
		c.location("network.vnet.location", vnet.Location, m)
		if !m.PrivateEndpoints() {
			c.migrationOnly("network.vnet.location", "network.vnet.location", "")
		}
	case vnet.Existing:
		c.notApplicable("network.vnet.location", "A virtual network read by name brings its own location; network.vnet.location is for one given by id.")
	default:
		c.notApplicable("network.vnet.location", "A new virtual network goes in the workload's location; network.vnet.location is for one given by id.")
	}
	if vnet.IsExisting() {
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
	if !vnet.IsExisting() && !m.Network.SubnetsByID() {
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
	seen := map[string]bool{} // subnet names, lower case
	labels := map[string]int{}
	byID := m.Network.SubnetsByID()
	endpointSubnets, workloadSubnets := 0, 0
	for i, subnet := range m.Network.Subnets {
		at := path(i)
		if subnet.Has(RoleEndpoints) {
			endpointSubnets++
		}
		if subnet.Has(RoleWorkload) {
			workloadSubnets++
		}
		c.name(at+".name", subnet.Name, subnetName, "subnet name: 1 to 80 letters, digits, underscores, hyphens and periods, starting with a letter or digit and ending with a letter, digit or underscore")
		switch first, labelled := labels[names.Label(subnet.Name)]; {
		case subnet.Name == "":
		case seen[strings.ToLower(subnet.Name)]:
			c.errorf(at+".name", "Duplicate subnet", "%q is listed twice.", subnet.Name)
		case labelled:
			// The subnet's resource, data source, ID local and output are named after it.
			c.errorf(at+".name", "Names with one Terraform name", "%q and %q (%s) both become the Terraform name %s, which keeps only lowercase letters, digits and single underscores; rename one.",
				subnet.Name, m.Network.Subnets[first].Name, path(first), names.Label(subnet.Name))
		default:
			labels[names.Label(subnet.Name)] = i
		}
		seen[strings.ToLower(subnet.Name)] = true
		if _, given := c.pos[at+".id"]; given && subnet.ID == "" {
			c.errorf(at+".id", "Invalid resource ID", "An empty id names no subnet: give /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/VNET/subnets/NAME (SUB a subscription ID, a GUID), or leave id out.")
		}
		if (subnet.ID != "") != byID {
			c.errorf(at+keySuffix, "Subnets given two ways", "Give every subnet by id, or none: the VNet follows from the IDs.")
		}
		if subnet.ID != "" {
			if !subnetIDPattern.MatchString(subnet.ID) {
				c.errorf(at+".id", "Invalid resource ID", "%q is not a subnet ID: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/VNET/subnets/NAME, SUB a subscription ID (a GUID).%s", subnet.ID, idCaseHint(subnet.ID, subnetIDPattern))
			} else if !subnetName.MatchString(subnet.Name) {
				c.errorf(at+".id", "Invalid name", "The subnet name %q in the ID is not a valid subnet name.", subnet.Name)
			} else if sub := IDSegment(subnet.ID, "subscriptions"); isNilGUID(sub) {
				c.placeholderSubscription(at+".id", subnet.ID)
			} else if first := m.Network.Subnets[0].ID; i > 0 && first != "" && !strings.EqualFold(SubnetVNetID(subnet.ID), SubnetVNetID(first)) {
				c.errorf(at+".id", "Subnets in two VNets", "All subnets of a workload are in one virtual network; this one is not in %s.", SubnetVNetID(first))
			}
			c.notApplicable(at+".name", "The subnet is given by id; its name comes from the ID.")
			c.notApplicable(at+".existing", "A subnet given by id is existing already.")
			if i == 0 {
				for _, f := range []string{"name", "address_space", "existing", "resource_group", "id"} {
					c.notApplicable("network.vnet."+f, "The subnets are given by id, and their virtual network follows from the IDs; of network.vnet, only location applies.")
				}
			}
		}
		if vnet.ID != "" && subnet.Existing {
			c.errorf(at+".existing"+keySuffix, "Existing subnet by name in a VNet given by ID", "The VNet may be in another subscription, which a subnet read by name cannot reach: give the subnet by id instead.")
		}
		// A subnet is created by its VNet's resource group and name, in
		// the provider's subscription: the module's.
		if sub := IDSegment(vnet.ID, "subscriptions"); vnet.ID != "" && !subnet.IsExisting() && m.SubscriptionID != "" && sub != "" && !strings.EqualFold(sub, m.SubscriptionID) {
			c.errorf(at+keySuffix, "New subnet in a VNet of another subscription", "The VNet is in subscription %s, and the module deploys into %s (subscription_id), where endpointgen would create the subnet (by the VNet's resource group and name) and the VNet is not: create the subnet with the VNet's own Terraform and give it by id.", sub, m.SubscriptionID)
		}
		if subnet.IsExisting() {
			c.notApplicable(at+".address_prefixes", "The subnet exists already; its prefixes are managed where it was created.")
			if subnet.Existing && !vnet.IsExisting() {
				c.errorf(at+".existing"+keySuffix, "Existing subnet in a new network", "An existing subnet lives in an existing virtual network: set network.vnet.existing: true (with its name and resource_group) or give network.vnet.id.")
			}
			if m.Pattern == PatternServiceEndpoint && subnet.Has(RoleWorkload) {
				c.warnf(at, "Service endpoints not managed", "endpointgen does not change a subnet it did not create (its service-endpoint list is written whole: https://github.com/Azure/azure-cli/issues/20109): the subnet must already carry the service endpoints of every service here, or the network rules fail.")
			}
			continue
		}
		if len(subnet.AddressPrefixes) == 0 && vnet.IsExisting() {
			c.errorf(at+keySuffix, "Missing address_prefixes", "A new subnet of an existing virtual network needs address_prefixes: free CIDRs inside that network's address space, such as [10.20.9.0/27]. Or set existing: true to use a subnet that is there already.")
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
	switch {
	case list == "" || len(m.Network.Subnets) == 0:
	case m.PrivateEndpoints() && endpointSubnets != 1:
		c.errorf(list+keySuffix, "One endpoints subnet", "Private endpoints go into one subnet: give exactly one subnet the endpoints role (found %d).", endpointSubnets)
	case m.Pattern == PatternServiceEndpoint && workloadSubnets == 0:
		c.errorf(list+keySuffix, "No workload subnet", "The service-endpoint pattern admits workload subnets: give at least one subnet the workload role.")
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
