# Team Atlas's data lake landing area, written by hand.
# The storage account is reached from the app subnet over its service
# endpoint; the office range is allowed too.

terraform {
  required_version = ">= 1.9"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.81"
    }
  }
}

provider "azurerm" {
  # Credentials come from the pipeline's environment.
  subscription_id     = var.subscription_id
  storage_use_azuread = true
  features {
    storage {
      data_plane_available = false
    }
  }
}

resource "azurerm_resource_group" "atlas" {
  name     = "rg-atlas-prod"
  location = "westeurope"
}

resource "azurerm_virtual_network" "atlas" {
  name                = "vnet-atlas-prod"
  location            = azurerm_resource_group.atlas.location
  resource_group_name = azurerm_resource_group.atlas.name
  address_space       = ["10.10.0.0/16"]
}

# The app tier. Microsoft.Storage is what lets it through the firewall.
resource "azurerm_subnet" "app" {
  name                 = "snet-app"
  resource_group_name  = azurerm_resource_group.atlas.name
  virtual_network_name = azurerm_virtual_network.atlas.name
  address_prefixes     = ["10.10.1.0/24"]
}

resource "azurerm_storage_account" "lake" {
  name                              = "statlaslake01"
  resource_group_name               = azurerm_resource_group.atlas.name
  location                          = azurerm_resource_group.atlas.location
  account_tier                      = "Standard"
  account_replication_type          = "GRS"
  min_tls_version                   = "TLS1_2"
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  infrastructure_encryption_enabled = true

  public_network_access_enabled = false

  # Only the app subnet and the office.
  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    ip_rules                   = []
    virtual_network_subnet_ids = []
  }
}
