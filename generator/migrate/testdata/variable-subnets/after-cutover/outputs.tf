output "telemetry_id" {
  description = "ID of the telemetry account."
  value       = azurerm_storage_account.telemetry.id
}

output "collector_subnet_ids" {
  description = "The collectors' subnets, passed on to the dashboards root."
  value       = var.collector_subnet_ids
}
