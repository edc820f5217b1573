output "storage_account_id" {
  description = "ID of the storage account."
  value       = azurerm_storage_account.sa.id
}

output "batch_subnet_id" {
  description = "ID of the batch subnet the account admits today."
  value       = data.azurerm_subnet.batch.id
}
