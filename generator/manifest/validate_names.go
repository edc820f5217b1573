package manifest

import (
	"fmt"
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/lazyregexp"
	"github.com/endpointgen/endpointgen/generator/internal/names"
)

// The generated module names its blocks after the Azure names of the
// manifest: a service's resources after its name, a private endpoint after
// its service's name and sub-resource, a subnet after its name, a hub VNet
// link after the VNet's resource group and name. Two different names may
// give one Terraform name, and Terraform takes each address once, so such
// collisions are reported here, at the manifest's lines; the module
// builder's own check (uniqueAddresses) is only a last resort.

// serviceNames reports services whose names collide: the same Azure name
// twice in a type (names are case-insensitive), names that share a host
// name domain, names of one type that give one Terraform name, and private
// endpoints of two services that give one.
func (c *checker) serviceNames(m *Manifest) {
	type claim struct {
		i    int
		name string
	}
	byName := map[string]claim{}       // type/lowercase name
	byScope := map[string]claim{}      // name scope/lowercase name
	byLabel := map[string]claim{}      // type/label
	endpoints := map[string]claim{}    // endpoint label
	endpointSub := map[string]string{} // endpoint label → its sub-resource
	vnetRules := map[string]claim{}    // SQL VNet rule label
	vnetRuleSubnet := map[string]string{}
	for i, s := range m.Services {
		f, ok := s.Type.Facts()
		if !ok || s.Name == "" {
			continue // reported already
		}
		at := fmt.Sprintf("services[%d]", i)
		lower := strings.ToLower(s.Name)
		if first, dup := byName[string(s.Type)+"/"+lower]; dup {
			c.errorf(at+".name", "Duplicate service name", "%q is already the name of services[%d], a %s too (Azure names are case-insensitive).", s.Name, first.i, s.Type)
			continue
		}
		byName[string(s.Type)+"/"+lower] = claim{i, s.Name}
		if !f.Name.Valid(s.Name) {
			continue // reported already
		}
		if f.NameScope != "" {
			if first, dup := byScope[f.NameScope+"/"+lower]; dup {
				other := m.Services[first.i]
				c.errorf(at+".name", "Name taken by another service", "services[%d], the %s %q, has this name already: both would be reached at %s.%s.… (%s and %s share host names), so one name serves one of them.",
					first.i, mustFacts(other).Noun(), other.Name, lower, f.NameScope, mustFacts(other).Title, f.Noun())
				continue
			}
			byScope[f.NameScope+"/"+lower] = claim{i, s.Name}
		}
		key := string(s.Type) + "/" + names.Label(s.Name)
		if first, dup := byLabel[key]; dup {
			c.errorf(at+".name", "Names with one Terraform name", "%q and %q (services[%d]) both become the Terraform name %s, which keeps only lowercase letters, digits and single underscores; rename one.",
				s.Name, first.name, first.i, names.Label(s.Name))
			continue
		}
		byLabel[key] = claim{i, s.Name}
		if f.Resource == "azurerm_mssql_server" && (m.Pattern == PatternServiceEndpoint || m.Phase != PhaseNone) {
			// A SQL server's VNet rule per workload subnet is named after
			// both: sql-a with subnet b-c and sql-a-b with subnet c collide.
			for _, subnet := range m.Network.Subnets {
				if !subnet.Has(RoleWorkload) {
					continue
				}
				l := names.Label(s.Name + "_" + subnet.Name)
				if first, dup := vnetRules[l]; dup && first.i != i {
					c.errorf(at+".name", "VNet rules with one name", "The VNet rule of %q for subnet %s and the one of services[%d] (%q) for subnet %s both become the Terraform name %s; rename one of the servers or subnets.",
						s.Name, subnet.Name, first.i, first.name, vnetRuleSubnet[l], l)
					break
				}
				vnetRules[l], vnetRuleSubnet[l] = claim{i, s.Name}, subnet.Name
			}
		}
		if !m.PrivateEndpoints() {
			continue
		}
		for j, sub := range s.Subresources {
			if _, ok := f.Subresource(sub); !ok {
				continue
			}
			l := names.Label(s.Name + "_" + sub)
			first, dup := endpoints[l]
			if dup && first.i == i {
				continue // a duplicate sub-resource, reported already
			}
			if !dup {
				endpoints[l], endpointSub[l] = claim{i, s.Name}, sub
				continue
			}
			where := fmt.Sprintf("%s.subresources[%d]", at, j)
			if _, given := c.pos[where]; !given {
				where = at + ".name"
			}
			other := m.Services[first.i]
			c.errorf(where, "Private endpoints with one name", "The %s endpoint of %s %q and the %s endpoint of services[%d] (%s %q) are both named pe-%s-%s, as Terraform name %s; rename one of the services.",
				sub, f.Noun(), s.Name, endpointSub[l], first.i, mustFacts(other).Noun(), other.Name, s.Name, strings.ToLower(sub), l)
		}
	}
}

// Private-link names: a private endpoint's name has 2 to 64 characters
// (Microsoft Learn, "Naming rules and restrictions for Azure resources",
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftnetwork);
// network interfaces and zone links 1 to 80, as the provider checks them
// (https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/network/validate/private_link_name.go).
var (
	endpointName    = lazyregexp.New(`^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$`)
	privateLinkName = lazyregexp.New(`^[a-zA-Z0-9]([a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_])?$`)
)

// privateLinkNames checks the names the repo defaults' naming templates
// give the private endpoints, their network interfaces and the zone
// links: each renders, meets its rule, and is the only one of its name
// (two endpoints in one resource group, or two links of one zone, cannot
// share a name). Problems point at the template.
func (c *checker) privateLinkNames(m *Manifest) {
	if !m.PrivateEndpoints() || (m.Naming == Naming{}) {
		return
	}
	type named struct{ path, what string }
	seen := map[string]named{}
	check := func(path, name string, re *lazyregexp.Regexp, rule, what string) {
		if name == "" {
			return
		}
		if !re.MatchString(name) {
			c.errorf(path, "Invalid name", "%q, the name of %s, is not a valid %s.", name, what, rule)
			return
		}
		key := rule + "/" + strings.ToLower(name) // unique per resource type
		if first, dup := seen[key]; dup {
			c.errorf(path, "Names alike", "%s and %s would both be named %q; Azure names are unique in their scope and ignore case: make the template tell them apart.", first.what, what, name)
			return
		}
		seen[key] = named{path, what}
	}
	for _, svc := range m.Services {
		for _, sub := range svc.Subresources {
			pe, nic, err := m.EndpointNames(svc, sub)
			if err != nil {
				c.errorf("naming", "Invalid template", "%s.", err)
				return
			}
			what := "the " + sub + " private endpoint of " + svc.Name
			check("naming.private_endpoint", pe, endpointName, "private endpoint name: 2 to 64 letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with one or an underscore", what)
			// Without a template of its own, the interface's name is
			// the endpoint's: a problem with it is that template's.
			nicTemplate := "naming.network_interface"
			if m.Naming.NetworkInterface == "" {
				nicTemplate = "naming.private_endpoint"
			}
			check(nicTemplate, nic, privateLinkName, "network interface name: 1 to 80 letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with one or an underscore", "the network interface of "+what)
		}
	}
	if m.DNS.Mode != DNSManaged {
		return
	}
	vnet := m.Network.VNet.Name
	if m.Network.VNet.ID == "" && m.Network.SubnetsByID() {
		vnet = LastSegment(SubnetVNetID(m.Network.Subnets[0].ID))
	}
	vnets := []string{vnet}
	for _, id := range m.DNS.LinkVNetIDs {
		vnets = append(vnets, IDSegment(id, "resourceGroups")+"-"+LastSegment(id))
	}
	for _, vnet := range vnets {
		name, err := m.LinkName(vnet)
		if err != nil {
			c.errorf("naming.dns_zone_link", "Invalid template", "%s.", err)
			return
		}
		check("naming.dns_zone_link", name, privateLinkName, "virtual network link name: 1 to 80 letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with one or an underscore", "the zone link to the VNet "+vnet)
	}
}
