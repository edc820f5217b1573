package manifest

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
)

func TestWarnings(t *testing.T) {
	src := `apiVersion: endpointgen/v1
name: orders
location: westeurop
pattern: private-endpoint
services:
  - type: storage
    name: stordersprod01
    subresources: [dfs]
`
	_, diags := Load([]byte(src), "w.yaml", PhaseNone)
	if diags.HasErrors() {
		t.Fatalf("warnings must not stop generation: %s", diags.Error())
	}
	var got []string
	for _, d := range diags {
		if d.Severity != hcl.DiagWarning {
			t.Errorf("unexpected error: %s", d.Summary)
		}
		got = append(got, d.Summary)
	}
	if diff := cmp.Diff([]string{"Unknown location", "dfs without blob"}, got); diff != "" {
		t.Error(diff)
	}
	if !strings.Contains(diags[0].Detail, `Did you mean "westeurope"?`) {
		t.Errorf("no suggestion: %s", diags[0].Detail)
	}
}

func TestIPRangesNormalised(t *testing.T) {
	c := &checker{pos: positions{}}
	got := c.ipRanges("r", "Storage account st1", []string{"203.0.113.0/24", "198.51.100.7/32", "198.51.100.8/31", "192.0.2.1"})
	want := []string{"203.0.113.0/24", "198.51.100.7", "198.51.100.8", "198.51.100.9", "192.0.2.1"}
	if diff := cmp.Diff(want, got); diff != "" || len(c.diags) > 0 {
		t.Errorf("(-want +got)\n%s%s", diff, c.diags.Error())
	}
}

func TestMigrationFieldsWarnOnServiceEndpoint(t *testing.T) {
	src, err := os.ReadFile("../../examples/migrate-inventory/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, diags := Load(src, "m.yaml", PhaseNone)
	if diags.HasErrors() {
		t.Fatalf("a migration manifest must validate: %s", diags.Error())
	}
	if len(diags) != 1 || diags[0].Summary != "Used only when migrating" {
		t.Errorf("want one 'Used only when migrating' warning, got %s", diags.Error())
	}
}

// TestIPRangeMessagesNameTheService: a firewall message names the service
// whose firewall it is, not always the storage account.
func TestIPRangeMessagesNameTheService(t *testing.T) {
	for _, tc := range []struct{ typ, name, title string }{
		{"sql_server", "sql-orders", "Azure SQL logical server sql-orders"},
		{"key_vault", "kv-orders", "Key Vault kv-orders"},
		{"cosmosdb", "cosmos-orders", "Cosmos DB account cosmos-orders"},
		{"storage", "storders01", "Storage account storders01"},
	} {
		src := "apiVersion: endpointgen/v1\nname: orders\nlocation: westeurope\npattern: service-endpoint\nservices:\n" +
			"  - type: " + tc.typ + "\n    name: " + tc.name + "\n    allowed_ip_ranges: [\"2001:db8::/32\", 10.1.2.3]\n"
		_, diags := Load([]byte(src), "m.yaml", PhaseNone)
		if len(diags) != 2 {
			t.Fatalf("%s: want two errors, got %s", tc.typ, diags.Error())
		}
		for _, d := range diags {
			if !strings.Contains(d.Detail, tc.title) || (tc.typ != "storage" && strings.Contains(strings.ToLower(d.Detail), "storage")) {
				t.Errorf("%s: %q does not name %s", tc.typ, d.Detail, tc.title)
			}
		}
	}
}
