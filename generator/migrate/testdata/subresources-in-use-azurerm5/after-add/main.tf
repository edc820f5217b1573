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

  features {}
}

resource "azurerm_resource_group" "research" {
  name     = "rg-research"
  location = "swedencentral"
}

resource "azurerm_virtual_network" "research" {
  name                = "vnet-research"
  location            = azurerm_resource_group.research.location
  resource_group_name = azurerm_resource_group.research.name
  address_space       = ["10.50.0.0/16"]
}

resource "azurerm_subnet" "compute" {
  name                 = "snet-compute"
  resource_group_name  = azurerm_resource_group.research.name
  virtual_network_name = azurerm_virtual_network.research.name
  address_prefixes     = ["10.50.0.0/22"]

  service_endpoint {
    service = "Microsoft.Storage"
  }
}
