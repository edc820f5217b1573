output "payslips_id" {
  description = "ID of the payslips account."
  value       = azurerm_storage_account.payslips.id
}
