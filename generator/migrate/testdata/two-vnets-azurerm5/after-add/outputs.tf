output "reports_id" {
  description = "ID of the reports account."
  value       = azurerm_storage_account.reports.id
}
