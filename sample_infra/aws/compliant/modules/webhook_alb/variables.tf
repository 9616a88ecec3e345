variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the ALB."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR of the VPC; the ALB only talks to targets inside it."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets for the internet-facing ALB."
  type        = list(string)
}

variable "webhook_domain" {
  description = "DNS name Kling calls back, e.g. kling-webhook.prod.example.com."
  type        = string
}

variable "route53_zone_id" {
  description = "Public hosted zone that holds webhook_domain."
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
