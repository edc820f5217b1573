variable "subscription_id" {
  type        = string
  description = "Subscription to deploy into."
  default     = null
}

variable "location" {
  type        = string
  description = "Region of the workload."
  default     = "westeurope"
}

variable "collector_subnet_ids" {
  type        = list(string)
  description = "Subnets whose collectors write telemetry."
}

variable "pe_subnet_id" {
  type        = string
  description = "The landing zone's private-endpoint subnet in the collectors' VNet."
}
