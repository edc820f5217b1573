package manifest

import (
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
)

// TestLabelIsTheBuildersLabel: the collision checks compute the Terraform
// names the module builder writes, so the two label functions must agree.
func TestLabelIsTheBuildersLabel(t *testing.T) {
	for _, name := range []string{
		"", "-", "a", "A", "snet-a", "snet_a", "snet.a", "SNET-A", "a--b", "a-_-b", "-a-", "1a", "01-x", "_1",
		"kv-orders-01", "Orders_Prod.01", "ümlaut-name", "日本", "a b", "x(1)", "rg-hub-net", "sql-a_b-c",
	} {
		if got, want := label(name), hclgen.Label(name); got != want {
			t.Errorf("label(%q) = %q, hclgen.Label = %q", name, got, want)
		}
	}
}

func FuzzLabel(f *testing.F) {
	f.Add("snet-a")
	f.Fuzz(func(t *testing.T, name string) {
		if got, want := label(name), hclgen.Label(name); got != want {
			t.Errorf("label(%q) = %q, hclgen.Label = %q", name, got, want)
		}
	})
}

// TestShortenIsTheBuilders: the names Claims gives are the ones the module
// builder writes.
func TestShortenIsTheBuilders(t *testing.T) {
	for _, name := range []string{"", "nsg-a", strings.Repeat("a", 80), strings.Repeat("a", 81), "nsg-" + strings.Repeat("b-", 40), "nsg-" + strings.Repeat("c", 80)} {
		if got, want := shorten(name, 80), hclgen.Shorten(name, 80); got != want {
			t.Errorf("shorten(%q) = %q, hclgen.Shorten = %q", name, got, want)
		}
	}
}
