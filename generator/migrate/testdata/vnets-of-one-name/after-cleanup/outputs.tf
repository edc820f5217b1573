output "storage_account_id" {
  description = "ID of the logs account."
  value       = azurerm_storage_account.logs.id
}

output "app_subnet_ids" {
  description = "IDs of the app subnets the account admits today."
  value       = [data.azurerm_subnet.app_weu.id, data.azurerm_subnet.app_neu.id]
}
