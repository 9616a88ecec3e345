variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "rotation_lambda_arn" {
  description = "ARN of the rotation function for the Kling secrets."
  type        = string
}

variable "rotation" {
  description = "Rotation settings per credential (keys \"ak\" and \"sk\"). A credential that is not in the map is not rotated."
  type = map(object({
    automatically_after_days = optional(number)
    schedule_expression      = optional(string)
  }))
  default = {}
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
