variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "region" {
  description = "Region of the Cloud Run service."
  type        = string
}

variable "image" {
  description = "Container image."
  type        = string
}

variable "network_id" {
  description = "VPC network for Direct VPC egress."
  type        = string
}

variable "subnetwork_id" {
  description = "Subnetwork for Direct VPC egress."
  type        = string
}

variable "shared_credentials_secret_id" {
  description = "Secret holding the Kling access key (the prototype's shared secret)."
  type        = string
}

variable "video_bucket_name" {
  description = "Bucket the service writes generated videos to."
  type        = string
}

variable "callback_url" {
  description = "URL Kling posts task results to."
  type        = string
}

variable "labels" {
  description = "Labels applied to every resource of the module."
  type        = map(string)
  default     = {}
}
