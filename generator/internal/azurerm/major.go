// Package azurerm knows what differs between the azurerm provider majors
// endpointgen targets, and holds the one builder of the private-link
// construct (private endpoint, service connection, DNS zone group, private
// DNS zone, virtual network link) that generate and migrate both use. Names
// and references come in as tokens, so a literal from a manifest and an
// expression from a hand-written root go through the same code.
package azurerm

import (
	"fmt"

	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/lazyregexp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// Major is what differs between the azurerm provider majors we target. Every
// other argument we emit is spelled the same in both (checked by the schema
// test against azurerm 4.81.0 and 5.2). Source: the azurerm 5.0 upgrade guide,
// https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/guides/5.0-upgrade-guide
type Major struct {
	// Name is "4" or "5".
	Name string
	// Version is the provider constraint written into versions.tf: the
	// oldest release whose schema we check against, up to the next major.
	Version string
	// serviceEndpoints writes a subnet's service endpoints.
	serviceEndpoints func(subnet *hclgen.Body, names []string)
	// zoneLink points a virtual network link at its private DNS zone.
	zoneLink func(link *hclgen.Body, zone hclgen.Ref)
	// SubnetNSGWriteOnly: the subnet takes its network security group
	// inline, in the request that creates it, through a write-only
	// argument (Terraform 1.11 or newer); otherwise an association resource
	// adds it after the subnet exists.
	SubnetNSGWriteOnly bool
	// serviceEndpointNames is the expression of a subnet's service
	// endpoint names, for the posture test.
	serviceEndpointNames func(subnet hclgen.Ref) hclwrite.Tokens
	// linkedZone is the argument by which a link names its zone, and
	// whether it holds the zone's name (else its ID).
	linkedZone func(link hclgen.Ref) (arg hclwrite.Tokens, byName bool)
}

var majors = map[string]Major{
	// azurerm 4: service_endpoints is a set of strings; the link names its
	// zone by name and resource group.
	"4": {
		Name:    "4",
		Version: "~> 4.81",
		serviceEndpoints: func(b *hclgen.Body, names []string) {
			hclgen.SetStrings(b, "service_endpoints", names)
		},
		zoneLink: func(b *hclgen.Body, zone hclgen.Ref) {
			hclgen.SetRef(b, "private_dns_zone_name", zone.Dot("name"))
			hclgen.SetRef(b, "resource_group_name", zone.Dot("resource_group_name"))
		},
		serviceEndpointNames: func(subnet hclgen.Ref) hclwrite.Tokens { return subnet.Dot("service_endpoints").Tokens() },
		linkedZone: func(link hclgen.Ref) (hclwrite.Tokens, bool) {
			return link.Dot("private_dns_zone_name").Tokens(), true
		},
	},
	// azurerm 5: one service_endpoint block per endpoint; the link takes the
	// zone's ID.
	"5": {
		Name:    "5",
		Version: "~> 5.2",
		serviceEndpoints: func(b *hclgen.Body, names []string) {
			for _, n := range names {
				hclgen.SetString(hclgen.Nested(b, "service_endpoint"), "service", n)
			}
		},
		zoneLink: func(b *hclgen.Body, zone hclgen.Ref) {
			hclgen.SetRef(b, "private_dns_zone_id", zone.Dot("id"))
		},
		// azurerm 5.0 added network_security_group_id_wo "for environments
		// where Azure Policy requires Network Security Groups to be specified
		// during Subnet creation/update"
		// (https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/subnet).
		SubnetNSGWriteOnly: true,
		serviceEndpointNames: func(subnet hclgen.Ref) hclwrite.Tokens {
			return hclgen.Splat(subnet.Dot("service_endpoint").Tokens(), "service")
		},
		linkedZone: func(link hclgen.Ref) (hclwrite.Tokens, bool) {
			return link.Dot("private_dns_zone_id").Tokens(), false
		},
	},
}

// ParseMajor returns the provider major named "4" or "5".
func ParseMajor(name string) (Major, error) {
	m, ok := majors[name]
	if !ok {
		return Major{}, fmt.Errorf("unknown azurerm major %q: use 4 or 5", name)
	}
	return m, nil
}

// ServiceEndpoints writes a subnet's service endpoints in the major's syntax.
func (m Major) ServiceEndpoints(subnet *hclgen.Body, names []string) {
	m.serviceEndpoints(subnet, names)
}

// SubnetNSG gives a subnet the module creates its network security group:
// azurerm 5 inline, so the subnet never exists without one (a landing zone's
// "subnets must have an NSG" deny policy passes); azurerm 4's azurerm_subnet
// has no such argument, so an association resource follows the subnet, which
// such a deny policy rejects. nsgBody is the group's resource block.
func (m Major) SubnetNSG(f *hclgen.File, subnet, nsgBody *hclgen.Body, subnetAddr, nsg hclgen.Ref) {
	if m.SubnetNSGWriteOnly {
		hclgen.SetRef(subnet, "network_security_group_id_wo", nsg.Dot("id"))
		subnet.SetAttributeRaw("network_security_group_id_wo_version", idVersion(nsg.Dot("id")))
		// A replaced group (another resource group) is created first, the
		// subnet moved to it, and only then the old one deleted: Azure
		// refuses to delete a group a subnet still uses
		// (InUseNetworkSecurityGroupCannotBeDeleted,
		// https://github.com/pulumi/pulumi-azure-native/issues/3051).
		hclgen.Nested(nsgBody, "lifecycle").SetAttributeRaw("create_before_destroy", hclgen.Bool(true))
		// The association an azurerm 4 module of the workload made is
		// forgotten, not destroyed (Terraform 1.7,
		// https://developer.hashicorp.com/terraform/language/resources/syntax#removing-resources):
		// its delete takes the group off the subnet (it PUTs the subnet with
		// networkSecurityGroup nil:
		// https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/network/subnet_network_security_group_association_resource.go),
		// and Terraform runs it before the subnet's update, which the
		// association depended on
		// (https://github.com/hashicorp/terraform/blob/main/docs/destroying.md;
		// a real plan's apply graph has the edge): a
		// "subnets must have an NSG" deny policy refuses that delete, and
		// without one the subnet has no group until the update.
		// Where there was no association, it plans nothing.
		f.Body().AppendNewline()
		f.Body().AppendUnstructuredTokens(hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte(
			"# From azurerm 4: the association gave the subnet its group; forgotten, not destroyed,\n" +
				"# as destroying it would take the group off the subnet.\n")}})
		removed := f.Body().AppendNewBlock("removed", nil).Body()
		removed.SetAttributeRaw("from", hclgen.Ref{nsgAssociationType, subnetAddr[1]}.Tokens())
		hclgen.Nested(removed, "lifecycle").SetAttributeRaw("destroy", hclgen.Bool(false))
		return
	}
	a := f.Block("resource", nsgAssociationType, subnetAddr[1])
	hclgen.SetRef(a, "subnet_id", subnetAddr.Dot("id"))
	hclgen.SetRef(a, "network_security_group_id", nsg.Dot("id"))
}

// nsgAssociationType is azurerm 4's resource that gives a subnet its
// network security group.
const nsgAssociationType = "azurerm_subnet_network_security_group_association"

// idVersion is the version of a write-only argument that holds id: a whole
// number from 1 to 2^28 taken from the ID's SHA-256, so it changes when the
// ID does. azurerm sends a write-only value only when its version changes
// (subnet_resource.go: d.HasChange("network_security_group_id_wo_version"),
// https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/network/subnet_resource.go);
// a fixed version would leave the subnet on a replaced group. The ID of a
// group being replaced is unknown until apply, so the plan shows the subnet
// updated in place.
func idVersion(id hclgen.Ref) hclwrite.Tokens {
	hash := hclgen.Call("substr", hclgen.Call("sha256", id.Tokens()), hclgen.Number(0), hclgen.Number(7))
	return hclgen.Plus(hclgen.Call("parseint", hash, hclgen.Number(16)), hclgen.Number(1))
}

// ServiceEndpointNames is the expression of the service endpoint names of
// a subnet: a set of strings in azurerm 4, one block each in azurerm 5.
func (m Major) ServiceEndpointNames(subnet hclgen.Ref) hclwrite.Tokens {
	return m.serviceEndpointNames(subnet)
}

// LinkedZone is the argument by which a virtual network link names its
// zone, and whether it holds the zone's name (azurerm 4) or its ID
// (azurerm 5).
func (m Major) LinkedZone(link hclgen.Ref) (arg hclwrite.Tokens, byName bool) {
	return m.linkedZone(link)
}

// PinnedMajor is the azurerm major that a module's versions.tf pins: the
// first number of azurerm's version constraint in terraform {
// required_providers } ("4" for "~> 4.81", ">= 4.81" or "4.81.0"); "" where
// it gives none. Other providers a user's versions.tf.tmpl adds (azapi)
// are not azurerm's.
func PinnedMajor(versionsTF []byte) string {
	f, diags := hclsyntax.ParseConfig(versionsTF, "versions.tf", hcl.InitialPos)
	if diags.HasErrors() {
		return ""
	}
	for _, tf := range f.Body.(*hclsyntax.Body).Blocks {
		for _, rp := range tf.Body.Blocks {
			a := rp.Body.Attributes["azurerm"]
			if tf.Type != "terraform" || rp.Type != "required_providers" || a == nil {
				continue
			}
			v, diags := a.Expr.Value(nil)
			if diags.HasErrors() || !v.Type().IsObjectType() || !v.Type().HasAttribute("version") {
				continue
			}
			if c := v.GetAttr("version"); c.Type() == cty.String && c.IsKnown() && !c.IsNull() {
				if i := firstNumber.FindStringIndex(c.AsString()); i != nil {
					return c.AsString()[i[0]:i[1]]
				}
			}
		}
	}
	return ""
}

var firstNumber = lazyregexp.New(`[0-9]+`)

// sameMajor reports whether the versions.tf files was and is pin the same
// azurerm majors (or was pins none). Across majors the same resource is
// written with other arguments (a zone link's private_dns_zone_name becomes
// private_dns_zone_id, which azurerm 5 reads back from the link's ID), so
// their configurations cannot be compared argument by argument; within a
// major they can, whatever the minor of the constraint.
func sameMajor(was, is []byte) bool {
	old := PinnedMajor(was)
	return old == "" || old == PinnedMajor(is)
}
