variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the service."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the Fargate tasks."
  type        = list(string)
}

variable "alb_security_group_id" {
  description = "Security group of the webhook ALB."
  type        = string
}

variable "target_group_arn" {
  description = "Target group of the webhook ALB."
  type        = string
}

variable "container_image" {
  description = "Image of the service."
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

variable "shared_credentials_secret_arn" {
  description = "ARN of the secret holding the Kling credentials as JSON {access_key, secret_key}."
  type        = string
}

variable "kling_access_key" {
  description = "Kling access key, used to build the task status URL."
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

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
