variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the ALB."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR of the VPC."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets for the ALB."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate of the webhook domain."
  type        = string
}

variable "target_port" {
  description = "Port of the kling-callback tasks."
  type        = number
  default     = 8080
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
