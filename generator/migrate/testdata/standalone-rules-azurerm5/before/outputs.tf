output "invoices_id" {
  description = "ID of the invoices account."
  value       = azurerm_storage_account.invoices.id
}
