variable "environment" {
  description = "Deployment environment (dev or prod). Each environment gets its own AK/SK pair."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be \"dev\" or \"prod\"."
  }
}

variable "region" {
  description = "Only location the secrets are replicated to (data residency)."
  type        = string
}

variable "rotation_period" {
  description = "Rotation period of the Kling secrets, in seconds (\"7776000s\" = 90 days, the maximum)."
  type        = string
  default     = "7776000s"

  validation {
    condition     = can(regex("^[0-9]+s$", var.rotation_period)) && try(tonumber(trimsuffix(var.rotation_period, "s")) <= 7776000, false)
    error_message = "rotation_period is a number of seconds such as \"2592000s\", at most 90 days (\"7776000s\")."
  }
}

variable "next_rotation_time" {
  description = "First rotation (RFC 3339). Secret Manager moves it forward after each rotation."
  type        = string
}

variable "initial_values" {
  description = "AK/SK keyed access-key / secret-key, written once through a write-only attribute. Ephemeral: never stored in plan or state."
  type        = map(string)
  ephemeral   = true
  sensitive   = true
}

variable "values_version" {
  description = "Bump to write new values from initial_values (write-only attributes are not diffed)."
  type        = number
  default     = 1
}

variable "labels" {
  description = "Labels applied to every resource of the module (service, env, ...)."
  type        = map(string)
  default     = {}
}
