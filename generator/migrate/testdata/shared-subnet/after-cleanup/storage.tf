# Raw uploads.
resource "azurerm_storage_account" "uploads" {
  name                              = "stmediauploads01"
  resource_group_name               = azurerm_resource_group.media.name
  location                          = azurerm_resource_group.media.location
  account_tier                      = "Standard"
  account_replication_type          = "GRS"
  min_tls_version                   = "TLS1_2"
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  infrastructure_encryption_enabled = true
  tags                              = local.tags

  public_network_access_enabled = false

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = []
    ip_rules                   = []
  }
}

# Encoded renditions, served to the CDN.
resource "azurerm_storage_account" "renditions" {
  name                              = "stmediarenditions01"
  resource_group_name               = azurerm_resource_group.media.name
  location                          = azurerm_resource_group.media.location
  account_tier                      = "Standard"
  account_replication_type          = "GRS"
  min_tls_version                   = "TLS1_2"
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  infrastructure_encryption_enabled = true
  tags                              = local.tags

  public_network_access_enabled = false

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = []
    ip_rules                   = []
  }
}
