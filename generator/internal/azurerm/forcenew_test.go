package azurerm

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReplacements(t *testing.T) {
	old := map[string][]byte{"main.tf": []byte(`
resource "azurerm_subnet" "app" {
  name                 = "snet-app"
  virtual_network_name = azurerm_virtual_network.hub.name
  service_endpoints    = ["Microsoft.Storage"]
}
resource "azurerm_storage_account" "st" {
  name                     = "st01"
  account_replication_type = "GRS" # geo
}
resource "azurerm_storage_account_network_rules" "st" {
  storage_account_id = azurerm_storage_account.st.id
}
resource "azurerm_private_endpoint" "pe" {
  name = "pe-st01-blob"
  private_service_connection {
    subresource_names = ["blob"]
  }
}
`)}
	same := map[string][]byte{"main.tf": []byte(`
resource "azurerm_subnet" "app" {
  name = "snet-app"
  virtual_network_name = azurerm_virtual_network.hub.name
}
resource "azurerm_storage_account" "st" {
  name = "st01"
  account_replication_type = "GRS"
  public_network_access_enabled = false
}
resource "azurerm_private_endpoint" "pe" {
  name = "pe-st01-blob"
  private_service_connection {
    subresource_names = [
      "blob", # the only one
    ]
  }
}
`)}
	if got, err := Replacements(old, same); err != nil || len(got) > 0 {
		t.Errorf("layout, comments and non-ForceNew changes: %v %v", got, err)
	}
	changed := map[string][]byte{"main.tf": []byte(`
resource "azurerm_subnet" "app" {
  name                 = "snet-app2"
  virtual_network_name = azurerm_virtual_network.hub.name
}
resource "azurerm_private_endpoint" "pe" {
  name = "pe-st01-blob"
  private_service_connection {
    subresource_names = ["file"]
  }
}
`)}
	got, err := Replacements(old, changed)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i] = strings.SplitN(got[i], " (", 2)[0]
	}
	want := []string{
		`azurerm_private_endpoint.pe.private_service_connection.subresource_names changes from ["blob"] to ["file"], which replaces it`,
		"azurerm_storage_account.st is deleted",
		`azurerm_subnet.app.name changes from "snet-app" to "snet-app2", which replaces it`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	// A removed block retires an address without destroying it.
	retired := map[string][]byte{"main.tf": []byte("removed {\n  from = azurerm_storage_account.st\n}\n")}
	for _, src := range []string{string(old["main.tf"])} {
		i := strings.Index(src, `resource "azurerm_storage_account_network_rules"`)
		retired["other.tf"] = []byte(strings.Replace(src[:i], `resource "azurerm_storage_account" "st" {
  name                     = "st01"
  account_replication_type = "GRS" # geo
}
`, "", 1) + src[strings.Index(src, `resource "azurerm_private_endpoint"`):])
	}
	if got, err := Replacements(old, retired); err != nil || len(got) > 0 {
		t.Errorf("an account retired by a removed block: %v %v", got, err)
	}
}
