output "reports_firewall_account_id" {
  description = "ID of the account whose firewall the platform team owns."
  value       = azurerm_storage_account.reports.id
}
