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
  features {}
  subscription_id = "00000000-0000-0000-0000-0000000000c0" # management / default
}

provider "azurerm" {
  alias = "workload"
  features {}
  subscription_id = "00000000-0000-0000-0000-0000000000a1"
}

provider "azurerm" {
  alias = "connectivity"
  features {}
  subscription_id = "00000000-0000-0000-0000-0000000000b2"
}

data "azurerm_subnet" "app" {
  provider             = azurerm.connectivity
  name                 = "snet-app"
  virtual_network_name = "vnet-spoke-weu"
  resource_group_name  = "rg-net-weu"
}

# The workload's own VNet, in its subscription, with a subnet for private
# endpoints: they go there, and every generated block uses azurerm.workload,
# but for the data source that reads the connectivity spoke.
data "azurerm_subnet" "batch" {
  provider             = azurerm.workload
  name                 = "snet-batch"
  virtual_network_name = "vnet-data-weu"
  resource_group_name  = "rg-data-net-weu"
}

data "azurerm_subnet" "pe" {
  provider             = azurerm.workload
  name                 = "snet-pe"
  virtual_network_name = "vnet-data-weu"
  resource_group_name  = "rg-data-net-weu"
}

resource "azurerm_resource_group" "data" {
  provider = azurerm.workload
  name     = "rg-data-weu"
  location = "westeurope"
}

resource "azurerm_storage_account" "sa" {
  provider                          = azurerm.workload
  name                              = "stlz6data01"
  resource_group_name               = azurerm_resource_group.data.name
  location                          = azurerm_resource_group.data.location
  account_tier                      = "Standard"
  account_replication_type          = "LRS"
  min_tls_version                   = "TLS1_2"
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  infrastructure_encryption_enabled = true
  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = [data.azurerm_subnet.app.id, data.azurerm_subnet.batch.id]
  }
}
