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
    resource_group {
      prevent_deletion_if_contains_resources = true
    }
    storage {
      data_plane_available = false
    }
  }
}

resource "azurerm_resource_group" "billing" {
  name     = "rg-billing"
  location = "northeurope"
}

resource "azurerm_virtual_network" "billing" {
  name                = "vnet-billing"
  location            = azurerm_resource_group.billing.location
  resource_group_name = azurerm_resource_group.billing.name
  address_space       = ["10.20.0.0/16"]
}

// Workers also talk to SQL over its service endpoint; keep that one.
resource "azurerm_subnet" "workers" {
  name                 = "snet-workers"
  resource_group_name  = azurerm_resource_group.billing.name
  virtual_network_name = azurerm_virtual_network.billing.name
  address_prefixes     = ["10.20.4.0/22"]

  service_endpoint {
    service = "Microsoft.Sql"
  }

  service_endpoint {
    service = "Microsoft.Storage"
  }
}
