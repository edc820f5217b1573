output "lake_id" {
  description = "ID of the data lake account."
  value       = azurerm_storage_account.lake.id
}
