# Reporting: exports land in a storage account whose firewall the platform
# team manages as a separate resource.

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

resource "azurerm_resource_group" "reporting" {
  name     = "rg-reporting"
  location = "westeurope"
}

resource "azurerm_virtual_network" "reporting" {
  name                = "vnet-reporting"
  location            = azurerm_resource_group.reporting.location
  resource_group_name = azurerm_resource_group.reporting.name
  address_space       = ["10.40.0.0/16"]
}

resource "azurerm_subnet" "jobs" {
  name                 = "snet-jobs"
  resource_group_name  = azurerm_resource_group.reporting.name
  virtual_network_name = azurerm_virtual_network.reporting.name
  address_prefixes     = ["10.40.1.0/24"]
}
