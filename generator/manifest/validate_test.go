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
	got := c.ipRanges("r", []string{"203.0.113.0/24", "198.51.100.7/32", "198.51.100.8/31", "192.0.2.1"})
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

// TestResolutionPolicyDefault: managed links fall back to public resolution
// unless the manifest says Default; other DNS modes create no link and get
// no policy.
func TestResolutionPolicyDefault(t *testing.T) {
	base := `apiVersion: endpointgen/v1
name: orders
location: westeurope
pattern: private-endpoint
services:
  - type: storage
    name: stordersprod01
`
	tests := []struct{ dns, want string }{
		{"", ResolutionNxDomainRedirect},
		{"dns:\n  resolution_policy: Default\n", ResolutionDefault},
		{"dns:\n  resolution_policy: NxDomainRedirect\n", ResolutionNxDomainRedirect},
		{"dns:\n  mode: policy\n", ""},
	}
	for _, tt := range tests {
		m, diags := Load([]byte(base+tt.dns), "m.yaml", PhaseNone)
		if diags.HasErrors() {
			t.Fatalf("%q: %s", tt.dns, diags.Error())
		}
		if m.DNS.ResolutionPolicy != tt.want {
			t.Errorf("%q: resolution_policy = %q, want %q", tt.dns, m.DNS.ResolutionPolicy, tt.want)
		}
	}
}
