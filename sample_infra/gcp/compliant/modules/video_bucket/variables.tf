variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "bucket_name" {
  description = "Name of the bucket for generated videos (contains \"kling\" and \"videos\")."
  type        = string
}

variable "location" {
  description = "Location of the bucket."
  type        = string
}

variable "retention_days" {
  description = "Days a generated video is kept before it is deleted."
  type        = number

  validation {
    condition     = var.retention_days > 0 && var.retention_days <= 365
    error_message = "Videos are kept between 1 and 365 days."
  }
}

variable "labels" {
  description = "Labels of the bucket."
  type        = map(string)
  default     = {}
}
