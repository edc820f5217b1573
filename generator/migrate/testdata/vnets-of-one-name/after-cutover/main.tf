terraform {
  required_version = ">= 1.9"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 5.0"
    }
  }
}

provider "azurerm" {
  features {
    storage {
      data_plane_available = false
    }
  }
}

# Two spokes named alike by the platform, in different resource groups: the
# links of one zone to them need names of their own.
data "azurerm_subnet" "app_weu" {
  name                 = "snet-app"
  virtual_network_name = "vnet-spoke"
  resource_group_name  = "rg-net-weu"
}

data "azurerm_subnet" "app_neu" {
  name                 = "snet-app"
  virtual_network_name = "vnet-spoke"
  resource_group_name  = "rg-net-neu"
}

data "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  virtual_network_name = "vnet-spoke"
  resource_group_name  = "rg-net-weu"
}

resource "azurerm_storage_account" "logs" {
  name                              = "stlogsweu01"
  resource_group_name               = "rg-data"
  location                          = "westeurope"
  account_tier                      = "Standard"
  account_replication_type          = "LRS"
  min_tls_version                   = "TLS1_2"
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  infrastructure_encryption_enabled = true
  public_network_access_enabled     = false

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = []
    ip_rules                   = []
  }
}
