package manifest

import (
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/lazyregexp"
)

// Resource IDs in the casing the azurerm provider parses; it rejects
// "/RESOURCEGROUPS/" and the like. Its parsers take any subscription
// segment (SubscriptionIdSegmentType is parsed as free text:
// https://github.com/hashicorp/go-azure-helpers/blob/main/resourcemanager/resourceids/parse.go),
// so a typo there would fail only when Azure is asked at apply; the segment
// must be a subscription ID, "a GUID-formatted string"
// (https://learn.microsoft.com/en-us/dotnet/api/microsoft.azure.powershell.cmdlets.websites.models.iwebsitesidentity.subscriptionid).
const subscriptionPrefix = `^/subscriptions/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/resourceGroups/[^/]+/providers/Microsoft\.Network/`

var (
	vnetIDPattern   = lazyregexp.New(subscriptionPrefix + `virtualNetworks/[^/]+$`)
	subnetIDPattern = lazyregexp.New(subscriptionPrefix + `virtualNetworks/[^/]+/subnets/[^/]+$`)
	zoneIDPattern   = lazyregexp.New(subscriptionPrefix + `privateDnsZones/[^/]+$`)
)

// idKeywords are the fixed segments of the IDs above as azurerm parses
// them, by their lower case.
var idKeywords = map[string]string{
	"subscriptions": "subscriptions", "resourcegroups": "resourceGroups", "providers": "providers",
	"microsoft.network": "Microsoft.Network", "virtualnetworks": "virtualNetworks", "subnets": "subnets",
	"privatednszones": "privateDnsZones",
}

// idCaseHint is what an error about id, which pattern does not match,
// adds when only the letter case of its fixed segments is at fault (as
// Azure Resource Graph and some CLIs write IDs): the ID spelled as azurerm
// parses it; "" otherwise.
func idCaseHint(id string, pattern *lazyregexp.Regexp) string {
	parts := strings.Split(id, "/")
	for i, p := range parts {
		// Keywords stand at odd places (/KEY/value/KEY/value…), but for
		// the namespace after providers.
		canonical, ok := idKeywords[strings.ToLower(p)]
		if ok && (i%2 == 1 || i > 0 && strings.EqualFold(parts[i-1], "providers")) {
			parts[i] = canonical
		}
	}
	if fixed := strings.Join(parts, "/"); fixed != id && pattern.MatchString(fixed) {
		return " Only the letter case of its fixed segments is at fault, which azurerm's ID parser does not ignore: write " + fixed + "."
	}
	return ""
}

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

// IsSubnetID reports whether id is a subnet's resource ID, its
// subscription segment a GUID.
func IsSubnetID(id string) bool { return subnetIDPattern.MatchString(id) }

// IsZoneID reports whether id is the resource ID of the private DNS zone
// called zone (in any letter case), its subscription segment a GUID.
func IsZoneID(id, zone string) bool {
	return zoneIDPattern.MatchString(id) && strings.EqualFold(LastSegment(id), zone)
}
