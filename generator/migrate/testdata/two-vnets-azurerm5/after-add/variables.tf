variable "subscription_id" {
  type        = string
  description = "Subscription to deploy into."
  default     = null
}
