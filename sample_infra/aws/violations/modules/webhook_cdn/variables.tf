variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "origin_domain" {
  description = "Host name of the webhook ALB (origin)."
  type        = string
}

variable "aliases" {
  description = "Host names served by the distribution."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate (us-east-1) for the aliases."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
