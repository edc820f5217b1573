package tfschema

import (
	"strings"
	"testing"
)

func load(t *testing.T, name string) *Schema {
	t.Helper()
	s, err := Load("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCheckFileRejects proves the check fails on each kind of mistake it
// exists to catch; a check that cannot fail would make the examples test
// worthless.
func TestCheckFileRejects(t *testing.T) {
	v4 := load(t, "azurerm-4.81.0.json")
	v5 := load(t, "azurerm-5.2-20260824.json")
	tests := []struct {
		name   string
		schema *Schema
		src    string
		want   string
	}{
		{"unknown argument", v5, `
resource "azurerm_resource_group" "x" {
  name     = "rg"
  location = "westeurope"
  colour   = "blue"
}`, `Unsupported argument; azurerm_resource_group has no argument "colour"`},
		{"read-only attribute", v5, `
resource "azurerm_private_dns_zone" "x" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = "rg"
  number_of_record_sets = 3
}`, `Read-only attribute; azurerm_private_dns_zone.number_of_record_sets`},
		{"missing required argument", v5, `
resource "azurerm_resource_group" "x" {
  name = "rg"
}`, `Missing required argument; azurerm_resource_group needs the argument "location"`},
		{"unknown block", v5, `
resource "azurerm_resource_group" "x" {
  name     = "rg"
  location = "westeurope"
  network_rules {}
}`, `Unsupported block type; azurerm_resource_group has no block "network_rules"`},
		{"too many blocks", v5, `
resource "azurerm_private_dns_zone" "x" {
  name                = "z"
  resource_group_name = "rg"
  soa_record {
    email = "a.example.com"
  }
  soa_record {
    email = "b.example.com"
  }
}`, `Too many blocks; azurerm_private_dns_zone allows at most 1 "soa_record"`},
		{"missing block", v5, `
resource "azurerm_private_endpoint" "x" {
  name                = "pe"
  location            = "westeurope"
  resource_group_name = "rg"
  subnet_id           = "id"
}`, `Missing block; azurerm_private_endpoint needs at least 1 "private_service_connection"`},
		{"nested unknown argument", v5, `
resource "azurerm_subnet" "x" {
  name                 = "s"
  resource_group_name  = "rg"
  virtual_network_name = "v"
  service_endpoint {
    service = "Microsoft.Storage"
    region  = "westeurope"
  }
}`, `azurerm_subnet.service_endpoint has no argument "region"`},
		{"azurerm 5 argument on azurerm 4", v4, `
resource "azurerm_private_dns_zone_virtual_network_link" "x" {
  name                = "l"
  private_dns_zone_id = "id"
  virtual_network_id  = "id"
}`, `azurerm_private_dns_zone_virtual_network_link has no argument "private_dns_zone_id"`},
		{"azurerm 4 argument on azurerm 5", v5, `
resource "azurerm_subnet" "x" {
  name                 = "s"
  resource_group_name  = "rg"
  virtual_network_name = "v"
  service_endpoints    = ["Microsoft.Storage"]
}`, `azurerm_subnet has no argument "service_endpoints"`},
		{"provider block", v5, `
provider "azurerm" {
  features {}
  use_magic = true
}`, `provider azurerm has no argument "use_magic"`},
		{"data source argument", v5, `
data "azurerm_subnet" "x" {
  name                 = "s"
  virtual_network_name = "v"
  address_prefixes     = ["10.0.0.0/24"]
}`, `data azurerm_subnet.address_prefixes is computed by the provider`},
		{"data source missing argument", v5, `
data "azurerm_subnet" "x" {
  name = "s"
}`, `data azurerm_subnet needs the argument "resource_group_name"`},
		{"unknown resource type", v5, `
resource "azurerm_storage_bucket" "x" {}`, `Unknown resource type`},
		{"syntax error", v5, `resource "x" {`, `Unclosed configuration block`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags := tt.schema.CheckFile("bad.tf", []byte(tt.src))
			if !strings.Contains(diags.Error(), tt.want) {
				t.Errorf("diagnostics %q do not contain %q", diags.Error(), tt.want)
			}
		})
	}
}

func TestCheckFileAccepts(t *testing.T) {
	v5 := load(t, "azurerm-5.2-20260824.json")
	src := `
provider "azurerm" {
  features {}
}

provider "azurerm" {
  alias = "hub"
  features {}
}

resource "azurerm_subnet" "x" {
  count                = 1
  name                 = "s"
  resource_group_name  = "rg"
  virtual_network_name = "v"

  service_endpoint {
    service = "Microsoft.Storage"
  }

  lifecycle {
    prevent_destroy = true
  }
}

variable "tags" {
  type = map(string)
}`
	if diags := v5.CheckFile("good.tf", []byte(src)); len(diags) > 0 {
		t.Errorf("unexpected diagnostics: %s", diags.Error())
	}
}
