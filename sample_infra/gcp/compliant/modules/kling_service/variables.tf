variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "region" {
  description = "Region of the Cloud Run service."
  type        = string
}

variable "image" {
  description = "Container image (Artifact Registry, pinned by digest)."
  type        = string
}

variable "network_id" {
  description = "VPC network the service sends all its egress into."
  type        = string
}

variable "subnetwork_id" {
  description = "Subnetwork for Direct VPC egress."
  type        = string
}

variable "network_tags" {
  description = "Network tags of the service's VPC interface (select the egress firewall rules)."
  type        = list(string)
  default     = ["kling-worker"]
}

variable "access_key_secret_id" {
  description = "Secret Manager secret (projects/.../secrets/...) holding the Kling access key."
  type        = string
}

variable "secret_key_secret_id" {
  description = "Secret Manager secret holding the Kling secret key."
  type        = string
}

variable "video_bucket_name" {
  description = "Bucket the service writes generated videos to."
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
  description = "URL Kling posts task results to (the webhook load balancer)."
  type        = string

  validation {
    condition     = startswith(var.callback_url, "https://")
    error_message = "The callback URL given to Kling must be https://."
  }
}

variable "max_instances" {
  description = "Upper bound on instances (keeps us under the Kling account's concurrency quota)."
  type        = number
  default     = 5
}

variable "labels" {
  description = "Labels applied to every resource of the module."
  type        = map(string)
  default     = {}
}
