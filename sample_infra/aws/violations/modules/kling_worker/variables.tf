variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "access_key_secret_arn" {
  description = "ARN of the secret holding the Kling access key."
  type        = string
}

variable "callback_url" {
  description = "URL Kling posts task results to."
  type        = string
}

variable "video_bucket_name" {
  description = "Bucket the worker writes generated videos to."
  type        = string
}

variable "video_bucket_arn" {
  description = "ARN of the video bucket."
  type        = string
}

variable "artifact_bucket" {
  description = "S3 bucket holding the deployment package."
  type        = string
}

variable "artifact_key" {
  description = "S3 key of the deployment package."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
