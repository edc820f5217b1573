output "reports_firewall_account_id" {
  description = "ID of the account whose firewall the platform team owns."
  value       = azurerm_storage_account_network_rules.reports.storage_account_id
}
