package generator

import "github.com/hashicorp/hcl/v2/hclwrite"

// major is what differs between the azurerm provider majors we target. Every
// other argument we emit is spelled the same in both (checked by the schema
// test against azurerm 4.81.0 and 5.2). Source: the azurerm 5.0 upgrade guide,
// https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/guides/5.0-upgrade-guide
type major struct {
	// version is the provider constraint written into versions.tf: the
	// oldest release whose schema we check against, up to the next major.
	version string
	// serviceEndpoints writes a subnet's service endpoints.
	serviceEndpoints func(subnet *hclwrite.Body, names []string)
	// zoneLink points a virtual network link at its private DNS zone.
	zoneLink func(link *hclwrite.Body, zone ref)
}

var majors = map[string]major{
	// azurerm 4: service_endpoints is a set of strings; the link names its
	// zone by name and resource group.
	"4": {
		version: "~> 4.81",
		serviceEndpoints: func(b *hclwrite.Body, names []string) {
			setStrings(b, "service_endpoints", names)
		},
		zoneLink: func(b *hclwrite.Body, zone ref) {
			setRef(b, "private_dns_zone_name", zone.dot("name"))
			setRef(b, "resource_group_name", zone.dot("resource_group_name"))
		},
	},
	// azurerm 5: one service_endpoint block per endpoint; the link takes the
	// zone's ID.
	"5": {
		version: "~> 5.2",
		serviceEndpoints: func(b *hclwrite.Body, names []string) {
			for _, n := range names {
				setString(nested(b, "service_endpoint"), "service", n)
			}
		},
		zoneLink: func(b *hclwrite.Body, zone ref) {
			setRef(b, "private_dns_zone_id", zone.dot("id"))
		},
	},
}
