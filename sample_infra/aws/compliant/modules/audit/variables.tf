variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "trail_bucket_name" {
  description = "Bucket that receives the CloudTrail log files."
  type        = string
}

variable "log_retention_days" {
  description = "Days the trail's log files are kept."
  type        = number
  default     = 400
}

variable "video_bucket_arn" {
  description = "ARN of the Kling video bucket; object-level access to it is recorded as data events."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
