output "documents_id" {
  description = "ID of the documents account."
  value       = azurerm_storage_account.documents.id
}

output "exports_id" {
  description = "ID of the exports account."
  value       = azurerm_storage_account.exports.id
}
