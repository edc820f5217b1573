package names

import (
	"strings"
	"testing"
)

func TestShorten(t *testing.T) {
	long := "pe-" + strings.Repeat("a", 63) + "-sqlserver"
	other := "pe-" + strings.Repeat("a", 63) + "-blob"
	got, got2 := Shorten(long, 64), Shorten(other, 64)
	if len(got) > 64 || len(got2) > 64 || got == got2 || Shorten(long, 64) != got {
		t.Errorf("shorten: %q %q", got, got2)
	}
	if Shorten("pe-short", 64) != "pe-short" {
		t.Error("a short name changed")
	}
}

// TestLabel: lowercase letters and digits, every other run of characters
// one underscore, none at the ends, and "n_" before a leading digit or an
// empty result.
func TestLabel(t *testing.T) {
	for name, want := range map[string]string{
		"snet-data": "snet_data", "Orders_Prod.01": "orders_prod_01", "a--b": "a_b", "-a-": "a",
		"01-x": "n_01_x", "": "n_", "日本": "n_", "ümlaut-name": "mlaut_name", "x(1)": "x_1",
	} {
		if got := Label(name); got != want {
			t.Errorf("Label(%q) = %q, want %q", name, got, want)
		}
	}
}
