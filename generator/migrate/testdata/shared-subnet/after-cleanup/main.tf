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

locals {
  # Every resource of the media team carries these.
  tags = {
    team = "media"
  }
}

resource "azurerm_resource_group" "media" {
  name     = "rg-media"
  location = "westeurope"
  tags     = local.tags
}

resource "azurerm_virtual_network" "media" {
  name                = "vnet-media"
  location            = azurerm_resource_group.media.location
  resource_group_name = azurerm_resource_group.media.name
  address_space       = ["10.30.0.0/16"]
}

# Shared by the encoders and the API; Key Vault access stays on a service
# endpoint after the migration.
resource "azurerm_subnet" "shared" {
  name                 = "snet-shared"
  resource_group_name  = azurerm_resource_group.media.name
  virtual_network_name = azurerm_virtual_network.media.name
  address_prefixes     = ["10.30.1.0/24"]

  # Key Vault first; both storage accounts rely on the second one.
  service_endpoint {
    service = "Microsoft.KeyVault"
  }
}
