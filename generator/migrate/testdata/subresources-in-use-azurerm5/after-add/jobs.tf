# Job scratch space: an SMB share for the compute nodes and a queue of work
# items.
resource "azurerm_storage_account" "jobs" {
  name                              = "stresearchjobs01"
  resource_group_name               = azurerm_resource_group.research.name
  location                          = azurerm_resource_group.research.location
  account_tier                      = "Standard"
  account_replication_type          = "LRS"
  min_tls_version                   = "TLS1_2"
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  infrastructure_encryption_enabled = true

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = [azurerm_subnet.compute.id]
  }
}

resource "azurerm_storage_share" "scratch" {
  name               = "scratch"
  storage_account_id = azurerm_storage_account.jobs.id
  quota              = 100
}

resource "azurerm_storage_queue" "work" {
  name               = "work-items"
  storage_account_id = azurerm_storage_account.jobs.id
}
