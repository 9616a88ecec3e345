variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "trail_bucket_name" {
  description = "Bucket that receives the CloudTrail log files."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
