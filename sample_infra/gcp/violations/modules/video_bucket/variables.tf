variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "bucket_name" {
  description = "Name of the bucket for generated videos."
  type        = string
}

variable "location" {
  description = "Location of the bucket."
  type        = string
}

variable "labels" {
  description = "Labels of the bucket."
  type        = map(string)
  default     = {}
}
