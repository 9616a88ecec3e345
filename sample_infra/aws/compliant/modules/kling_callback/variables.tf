variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the service; its egress is inspected by the Kling Network Firewall."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR of the VPC, for the rule that reaches the interface VPC endpoints."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the Fargate tasks."
  type        = list(string)
}

variable "alb_security_group_id" {
  description = "Security group of the webhook ALB, the only allowed source of requests."
  type        = string
}

variable "target_group_arn" {
  description = "Target group of the webhook ALB that forwards /callback to the tasks."
  type        = string
}

variable "container_image" {
  description = "Image of the callback service (ECR URI with an immutable tag or digest)."
  type        = string
}

variable "container_port" {
  description = "Port the container listens on."
  type        = number
  default     = 8080
}

variable "desired_count" {
  description = "Number of tasks."
  type        = number
  default     = 2
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
  description = "Bucket the service writes finished videos to."
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

variable "log_retention_days" {
  description = "Retention of the container logs."
  type        = number
  default     = 90
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
