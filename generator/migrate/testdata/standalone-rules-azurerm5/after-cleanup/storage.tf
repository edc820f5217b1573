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
  public_network_access_enabled     = false

  network_rules {
    ip_rules                   = []
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = []
  }
}

removed {
  from = azurerm_storage_account_network_rules.invoices

  lifecycle {
    destroy = false
  }
}
