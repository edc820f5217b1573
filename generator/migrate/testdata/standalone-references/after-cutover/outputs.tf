output "reports_firewall_account_id" {
  description = "ID of the account whose firewall the platform team owns."
  value       = azurerm_storage_account.reports.id
}

output "reports_blob_endpoint" {
  description = "Blob endpoint of the reports account, published once its firewall admits the jobs."
  value       = azurerm_storage_account.reports.primary_blob_endpoint

  depends_on = [azurerm_storage_account.reports]
}
