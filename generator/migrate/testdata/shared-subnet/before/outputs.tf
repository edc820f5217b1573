output "uploads_id" {
  description = "ID of the uploads account."
  value       = azurerm_storage_account.uploads.id
}
