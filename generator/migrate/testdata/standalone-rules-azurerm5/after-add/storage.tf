/*
 * Invoices archive. The firewall lives in its own resource because the
 * account was created by another team first.
 */
resource "azurerm_storage_account" "invoices" {
  name                              = "stbillinginvoices01"
  resource_group_name               = azurerm_resource_group.billing.name
  location                          = azurerm_resource_group.billing.location
  account_tier                      = "Standard"
  account_replication_type          = "GZRS"
  min_tls_version                   = "TLS1_2"
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  infrastructure_encryption_enabled = true
}

resource "azurerm_storage_account_network_rules" "invoices" {
  storage_account_id         = azurerm_storage_account.invoices.id
  default_action             = "Deny"
  bypass                     = ["AzureServices"]
  virtual_network_subnet_ids = [azurerm_subnet.workers.id]
}
