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

# The platform team owns the spoke VNet and its subnets; this root only
# reads them.
data "azurerm_subnet" "app" {
  name                 = "snet-app"
  virtual_network_name = "vnet-spoke-claims-weu"
  resource_group_name  = "rg-network-claims-weu"
}

data "azurerm_subnet" "endpoints" {
  name                 = "snet-private-endpoints"
  virtual_network_name = "vnet-spoke-claims-weu"
  resource_group_name  = "rg-network-claims-weu"
}

resource "azurerm_resource_group" "claims" {
  name     = "rg-claims-weu"
  location = "westeurope"
  tags     = var.tags
}
