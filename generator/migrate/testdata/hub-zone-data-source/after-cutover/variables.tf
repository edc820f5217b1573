variable "subscription_id" {
  type        = string
  description = "Subscription to deploy into."
  default     = null
}

variable "connectivity_subscription_id" {
  type        = string
  description = "Subscription of the hub's private DNS zones."
  default     = null
}
