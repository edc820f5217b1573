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

resource "azurerm_resource_group" "analytics" {
  name     = "rg-analytics"
  location = "westeurope"
}

# The web tier and the batch tier live in peered VNets; both read the
# reports account over its service endpoint.
resource "azurerm_virtual_network" "web" {
  name                = "vnet-analytics-web"
  location            = azurerm_resource_group.analytics.location
  resource_group_name = azurerm_resource_group.analytics.name
  address_space       = ["10.40.0.0/16"]
}

resource "azurerm_virtual_network" "batch" {
  name                = "vnet-analytics-batch"
  location            = azurerm_resource_group.analytics.location
  resource_group_name = azurerm_resource_group.analytics.name
  address_space       = ["10.41.0.0/16"]
}

resource "azurerm_subnet" "web" {
  name                 = "snet-web"
  resource_group_name  = azurerm_resource_group.analytics.name
  virtual_network_name = azurerm_virtual_network.web.name
  address_prefixes     = ["10.40.1.0/24"]

  service_endpoint {
    service = "Microsoft.Storage"
  }
}

resource "azurerm_subnet" "batch" {
  name                 = "snet-batch"
  resource_group_name  = azurerm_resource_group.analytics.name
  virtual_network_name = azurerm_virtual_network.batch.name
  address_prefixes     = ["10.41.1.0/24"]

  service_endpoint {
    service = "Microsoft.Storage"
  }
}

# Private endpoints of the web VNet go here.
resource "azurerm_subnet" "private_endpoints" {
  name                              = "snet-pe"
  resource_group_name               = azurerm_resource_group.analytics.name
  virtual_network_name              = azurerm_virtual_network.web.name
  address_prefixes                  = ["10.40.9.0/27"]
  private_endpoint_network_policies = "Enabled"
}

resource "azurerm_storage_account" "reports" {
  name                              = "stanalyticsreports01"
  resource_group_name               = azurerm_resource_group.analytics.name
  location                          = azurerm_resource_group.analytics.location
  account_tier                      = "Standard"
  account_replication_type          = "ZRS"
  min_tls_version                   = "TLS1_2"
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  infrastructure_encryption_enabled = true

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = [azurerm_subnet.web.id, azurerm_subnet.batch.id]
  }
}
