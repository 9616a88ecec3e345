variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "bucket_name" {
  description = "Name of the bucket for generated videos."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
