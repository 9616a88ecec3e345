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
  description = "DNS name Kling calls back, e.g. kling-webhook.prod.example.com."
  type        = string
}

variable "dns_zone_name" {
  description = "Cloud DNS public zone that holds webhook_domain (managed by the platform team)."
  type        = string
}

variable "labels" {
  description = "Labels applied to the resources that support them."
  type        = map(string)
  default     = {}
}
