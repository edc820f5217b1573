variable "subscription_id" {
  type        = string
  description = "Subscription to deploy into."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Tags every resource carries."
  default     = {}
}
