terraform {
  required_version = ">= 1.9"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 5.2"
    }
  }
}

provider "azurerm" {
  subscription_id     = var.subscription_id
  storage_use_azuread = true

  features {
    storage {
      data_plane_available = false
    }
  }
}

# The connectivity subscription holds the hub's private DNS zones.
provider "azurerm" {
  alias           = "connectivity"
  subscription_id = var.connectivity_subscription_id

  features {}
}

data "azurerm_private_dns_zone" "blob" {
  provider            = azurerm.connectivity
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = "rg-dns-hub"
}

resource "azurerm_resource_group" "payroll" {
  name     = "rg-payroll"
  location = "westeurope"
}

resource "azurerm_virtual_network" "payroll" {
  name                = "vnet-payroll"
  location            = azurerm_resource_group.payroll.location
  resource_group_name = azurerm_resource_group.payroll.name
  address_space       = ["10.60.0.0/16"]
  # The hub's DNS resolver answers for the spoke.
  dns_servers = ["10.0.0.4"]
}

resource "azurerm_subnet" "app" {
  name                 = "snet-app"
  resource_group_name  = azurerm_resource_group.payroll.name
  virtual_network_name = azurerm_virtual_network.payroll.name
  address_prefixes     = ["10.60.1.0/24"]
}

resource "azurerm_storage_account" "payslips" {
  name                              = "stpayrollslips01"
  resource_group_name               = azurerm_resource_group.payroll.name
  location                          = azurerm_resource_group.payroll.location
  account_tier                      = "Standard"
  account_replication_type          = "GRS"
  min_tls_version                   = "TLS1_2"
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  infrastructure_encryption_enabled = true

  public_network_access_enabled = false

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = []
    ip_rules                   = []
  }
}
