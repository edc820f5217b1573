resource "azurerm_storage_account" "reports" {
  name                              = "streportingexports01"
  resource_group_name               = azurerm_resource_group.reporting.name
  location                          = azurerm_resource_group.reporting.location
  account_tier                      = "Standard"
  account_replication_type          = "ZRS"
  min_tls_version                   = "TLS1_2"
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  infrastructure_encryption_enabled = true

  public_network_access_enabled = false

  lifecycle {
    # Azure Policy flips this on audit; the team decides it elsewhere.
    ignore_changes = [allow_nested_items_to_be_public]
  }

  network_rules {
    default_action = "Deny"
    # Storage Analytics writes its logs and metrics through the firewall.
    bypass                     = ["AzureServices", "Logging", "Metrics"]
    ip_rules                   = []
    virtual_network_subnet_ids = []

    # Microsoft Defender for Storage's malware scanner.
    private_link_access {
      endpoint_resource_id = "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Security/datascanners/StorageDataScanner"
    }
  }
}

# Owned by the platform team: keep the analytics bypass and the scanner's
# resource instance rule when this moves.
removed {
  from = azurerm_storage_account_network_rules.reports

  lifecycle {
    destroy = false
  }
}
