variable "aws_region" {
  description = "Region of the stack."
  type        = string
}

variable "account_id" {
  description = "AWS account of this environment; the provider refuses any other."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR of the Kling VPC (/16)."
  type        = string
}

variable "availability_zones" {
  description = "AZs used by the VPC."
  type        = list(string)
}

variable "webhook_domain" {
  description = "Host name of the webhook Kling calls back."
  type        = string
}

variable "route53_zone_id" {
  description = "Public hosted zone of webhook_domain."
  type        = string
}

variable "rotation_lambda_arn" {
  description = "Rotation function for the Kling secrets (owned by the security team)."
  type        = string
}

variable "rotation_schedule" {
  description = "Rotation schedule of the Kling secrets (90 days at most)."
  type        = string
}

variable "worker_artifact_bucket" {
  description = "Bucket holding the kling-worker deployment package."
  type        = string
}

variable "worker_artifact_key" {
  description = "Key of the kling-worker deployment package."
  type        = string
}

variable "callback_image" {
  description = "Image of the kling-callback service, pinned by digest."
  type        = string
}

variable "callback_desired_count" {
  description = "Number of kling-callback tasks."
  type        = number
}

variable "video_retention_days" {
  description = "Days generated videos are kept."
  type        = number
}
