package azurerm

import (
	"slices"
	"strings"
	"testing"
)

// FuzzCompare: whatever two roots hold, Compare does not panic, and says
// the same thing every time (no map order leaks into what it lists).
func FuzzCompare(f *testing.F) {
	const vnet = `resource "azurerm_virtual_network" "this" {
  name                = "vnet-app"
  resource_group_name = "rg-app"
  location            = "westeurope"
}
resource "azurerm_subnet" "app" {
  name                 = "snet-app"
  virtual_network_name = azurerm_virtual_network.this.name
}
resource "azurerm_network_security_group" "app" {
  name                = "nsg-app"
  resource_group_name = local.rg
  location            = azurerm_virtual_network.this.location
  lifecycle {
    create_before_destroy = true
  }
}
locals {
  rg = "rg-app"
}
`
	const pe = `resource "azurerm_private_endpoint" "blob" {
  for_each  = { blob = "/z/1" }
  name      = "pe-${each.key}"
  subnet_id = azurerm_subnet.app.id
  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [each.value, azurerm_private_dns_zone.blob.id, var.zone]
  }
  lifecycle {
    ignore_changes = [tags["x"]]
  }
}
resource "azurerm_key_vault" "kv" {
  name                     = "kv-app"
  resource_group_name      = "rg-app"
  location                 = "westeurope"
  purge_protection_enabled = true
}
`
	f.Add(vnet+pe, vnet+pe)
	f.Add(vnet+pe, "")
	f.Add("", vnet+pe)
	f.Add(vnet, vnet+"\n"+pe)
	f.Fuzz(func(t *testing.T, was, is string) {
		old, next := map[string][]byte{"main.tf": []byte(was)}, map[string][]byte{"main.tf": []byte(is)}
		say := func() []string {
			c, err := Compare(old, next)
			if err != nil {
				return []string{err.Error()}
			}
			out := Lines(c.Replaced)
			for _, m := range c.Moves {
				out = append(out, m.String())
			}
			for _, a := range c.Closed {
				out = append(out, a.Addr+" "+strings.Join(a.NewEndpoints, " "))
			}
			return out
		}
		if first, again := say(), say(); !slices.Equal(first, again) {
			t.Errorf("Compare says two things:\n%q\n%q", first, again)
		}
	})
}
