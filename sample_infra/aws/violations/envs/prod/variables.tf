variable "aws_region" {
  description = "Region of the stack."
  type        = string
}

variable "account_id" {
  description = "AWS account of this environment."
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

variable "rotation_lambda_arn" {
  description = "Rotation function for the Kling secrets."
  type        = string
}

variable "webhook_certificate_arn" {
  description = "ACM certificate of kling-webhook.prod.example.com (eu-west-1)."
  type        = string
}

variable "cdn_certificate_arn" {
  description = "ACM certificate of the CloudFront alias (us-east-1)."
  type        = string
}

variable "callback_image" {
  description = "Image of the kling-callback service."
  type        = string
}

variable "kling_access_key" {
  description = "Kling access key (prod)."
  type        = string
}
