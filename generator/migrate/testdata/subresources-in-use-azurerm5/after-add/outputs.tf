output "lake_id" {
  description = "ID of the Data Lake account."
  value       = azurerm_storage_account.lake.id
}

output "scratch_share_url" {
  description = "URL of the scratch share."
  value       = azurerm_storage_share.scratch.url
}
