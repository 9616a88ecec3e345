variable "environment" {
  description = "Deployment environment (dev or prod). Each environment gets its own AK/SK pair."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be \"dev\" or \"prod\"."
  }
}

variable "rotation_lambda_arn" {
  description = "ARN of the rotation function owned by the security team (kling-key-rotation). It provisions the new key pair and moves AWSPENDING to AWSCURRENT."
  type        = string
}

variable "rotation_schedule" {
  description = "Secrets Manager schedule expression for the rotation, e.g. rate(30 days) or cron(0 4 1 * ? *). Must not exceed 90 days between rotations."
  type        = string
  default     = "rate(30 days)"
}

variable "rotation_window" {
  description = "Length of the rotation window (Secrets Manager duration, e.g. 3h)."
  type        = string
  default     = "3h"
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret stays recoverable."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags applied to every resource of the module (Service, Environment, ...)."
  type        = map(string)
  default     = {}
}
