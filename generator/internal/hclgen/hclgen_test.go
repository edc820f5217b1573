package hclgen

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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

// IgnoreTagChanges adds tags["name"] to every resource that sets tags,
// extending an ignore_changes list already there, and leaves the rest alone.
func TestIgnoreTagChanges(t *testing.T) {
	f := NewFile("main.tf")
	a := f.Resource(Ref{"azurerm_mysql_flexible_server", "a"})
	SetString(a, "name", "a")
	SetRef(a, "tags", Ref{"var", "tags"})
	IgnoreChanges(a, "zone")
	b := f.Resource(Ref{"azurerm_storage_account", "b"})
	SetRef(b, "tags", Ref{"var", "tags"})
	c := f.Resource(Ref{"azurerm_subnet", "c"})
	SetString(c, "name", "c")
	IgnoreTagChanges(f, []string{"createdOn", `say "${hi}"`})
	got := f.Bytes("h")
	want := `# h

resource "azurerm_mysql_flexible_server" "a" {
  name = "a"
  tags = var.tags

  lifecycle {
    ignore_changes = [zone, tags["createdOn"], tags["say \"$${hi}\""]]
  }
}

resource "azurerm_storage_account" "b" {
  tags = var.tags

  lifecycle {
    ignore_changes = [tags["createdOn"], tags["say \"$${hi}\""]]
  }
}

resource "azurerm_subnet" "c" {
  name = "c"
}
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}
