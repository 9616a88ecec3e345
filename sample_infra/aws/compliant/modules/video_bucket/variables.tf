variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "bucket_name" {
  description = "Name of the bucket for generated videos (contains \"kling\" and \"videos\")."
  type        = string
}

variable "retention_days" {
  description = "Days a generated video is kept before S3 deletes it."
  type        = number

  validation {
    condition     = var.retention_days > 0 && var.retention_days <= 365
    error_message = "Videos are kept between 1 and 365 days."
  }
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
