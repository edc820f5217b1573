# Scanned claim documents: migrated now.
resource "azurerm_storage_account" "documents" {
  name                              = "stclaimsdocsweu01"
  resource_group_name               = azurerm_resource_group.claims.name
  location                          = azurerm_resource_group.claims.location
  account_tier                      = "Standard"
  account_replication_type          = "ZRS"
  min_tls_version                   = "TLS1_2"
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  infrastructure_encryption_enabled = true
  tags                              = var.tags

  public_network_access_enabled = false

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = []
    ip_rules                   = []
  }
}

# Exports for the old reporting tool: migrated later, with its team.
resource "azurerm_storage_account" "exports" {
  name                              = "stclaimsexportweu01"
  resource_group_name               = azurerm_resource_group.claims.name
  location                          = azurerm_resource_group.claims.location
  account_tier                      = "Standard"
  account_replication_type          = "LRS"
  min_tls_version                   = "TLS1_2"
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  infrastructure_encryption_enabled = true
  tags                              = var.tags

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = [data.azurerm_subnet.app.id]
  }
}
