variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "region" {
  description = "Region of the Cloud Run service behind the load balancer."
  type        = string
}

variable "cloud_run_service_name" {
  description = "Cloud Run service that handles /callback."
  type        = string
}

variable "webhook_domain" {
  description = "DNS name Kling calls back."
  type        = string
}
