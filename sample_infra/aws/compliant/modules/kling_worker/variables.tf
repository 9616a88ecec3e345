variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the worker; its egress is inspected by the Kling Network Firewall."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR of the VPC, for the rule that reaches the interface VPC endpoints."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets the function is attached to."
  type        = list(string)
}

variable "access_key_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the Kling access key."
  type        = string
}

variable "secret_key_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the Kling secret key."
  type        = string
}

variable "secrets_kms_key_arn" {
  description = "KMS key of the Kling secrets."
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

variable "kling_base_url" {
  description = "Base URL of the Kling API."
  type        = string
  default     = "https://api.klingai.com"

  validation {
    condition     = startswith(var.kling_base_url, "https://")
    error_message = "The Kling API is only called over HTTPS."
  }
}

variable "callback_url" {
  description = "URL Kling posts task results to (the webhook ALB)."
  type        = string

  validation {
    condition     = startswith(var.callback_url, "https://")
    error_message = "The callback URL given to Kling must be https://."
  }
}

variable "artifact_bucket" {
  description = "S3 bucket holding the deployment package."
  type        = string
}

variable "artifact_key" {
  description = "S3 key of the deployment package (zip), written by CI."
  type        = string
}

variable "reserved_concurrency" {
  description = "Upper bound on concurrent executions (keeps us under the Kling account's concurrency quota)."
  type        = number
  default     = 10
}

variable "log_retention_days" {
  description = "Retention of the function's CloudWatch logs."
  type        = number
  default     = 90
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
