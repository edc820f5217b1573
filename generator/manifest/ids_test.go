package manifest

import (
	"strings"
	"testing"
)

// An ID whose fixed segments are only in other letter case gets the
// spelling azurerm parses; any other fault, or none, no hint.
func TestIDCaseHint(t *testing.T) {
	const zone = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"
	for _, c := range []struct {
		id   string
		want string
	}{
		{strings.ToLower(zone), zone},
		{strings.Replace(zone, "resourceGroups", "RESOURCEGROUPS", 1), zone},
		{strings.Replace(zone, "Microsoft.Network", "microsoft.network", 1), zone},
		{zone, ""}, // valid: nothing to fix
		{strings.Replace(strings.ToLower(zone), "00000000-0000-0000-0000-000000000001", "sub", 1), ""}, // not only the case
		{"subscriptions/x", ""}, // no leading slash: no hint, no panic
		{"", ""},
	} {
		got := idCaseHint(c.id, zoneIDPattern)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, "write "+c.want+".") {
			t.Errorf("idCaseHint(%q) = %q; want the ID %q", c.id, got, c.want)
		}
	}
}
