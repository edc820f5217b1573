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

resource "azurerm_resource_group" "telemetry" {
  name     = "rg-telemetry"
  location = var.location
}

resource "azurerm_storage_account" "telemetry" {
  name                              = "sttelemetryraw01"
  resource_group_name               = azurerm_resource_group.telemetry.name
  location                          = azurerm_resource_group.telemetry.location
  account_tier                      = "Standard"
  account_replication_type          = "LRS"
  min_tls_version                   = "TLS1_2"
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  infrastructure_encryption_enabled = true

  public_network_access_enabled = false

  # Admits the collectors' subnets, from the landing zone's outputs.
  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = []
    ip_rules                   = []
  }
}
