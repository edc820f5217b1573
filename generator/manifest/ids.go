package manifest

import (
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/lazyregexp"
)

var (
	// Resource IDs in the casing the azurerm provider parses; it rejects
	// "/RESOURCEGROUPS/" and the like.
	vnetIDPattern   = lazyregexp.New(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/virtualNetworks/[^/]+$`)
	subnetIDPattern = lazyregexp.New(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/virtualNetworks/[^/]+/subnets/[^/]+$`)
	zoneIDPattern   = lazyregexp.New(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/privateDnsZones/[^/]+$`)
)

// LastSegment is the name at the end of an Azure resource ID.
func LastSegment(id string) string {
	id = strings.TrimRight(id, "/")
	return id[strings.LastIndex(id, "/")+1:]
}

// SubnetVNetID is the VNet part of a subnet ID (…/virtualNetworks/NAME), ""
// when the ID has no "/subnets/" segment (validation reports that).
func SubnetVNetID(subnetID string) string {
	i := strings.LastIndex(subnetID, "/subnets/")
	if i < 0 {
		return ""
	}
	return subnetID[:i]
}

// IDSegment returns the value after key in an Azure resource ID
// (/subscriptions/S/resourceGroups/RG/… with key "resourceGroups" gives RG).
func IDSegment(id, key string) string {
	parts := strings.Split(strings.Trim(id, "/"), "/")
	for i := 0; i+1 < len(parts); i++ {
		if strings.EqualFold(parts[i], key) {
			return parts[i+1]
		}
	}
	return ""
}
