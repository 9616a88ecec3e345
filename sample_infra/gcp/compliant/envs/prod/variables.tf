variable "project_id" {
  description = "Google Cloud project of this environment."
  type        = string
}

variable "region" {
  description = "Region of the stack."
  type        = string
}

variable "subnet_cidr" {
  description = "Range of the workload subnetwork."
  type        = string
}

variable "webhook_domain" {
  description = "Host name of the webhook Kling calls back."
  type        = string
}

variable "dns_zone_name" {
  description = "Cloud DNS public zone of webhook_domain."
  type        = string
}

variable "image" {
  description = "Image of kling-worker, pinned by digest."
  type        = string
}

variable "rotation_period" {
  description = "Rotation period of the Kling secrets (90 days at most)."
  type        = string
}

variable "next_rotation_time" {
  description = "First scheduled rotation of the Kling secrets (RFC 3339)."
  type        = string
}

variable "video_retention_days" {
  description = "Days generated videos are kept."
  type        = number
}

variable "kling_credentials" {
  description = "Kling AK/SK as {\"access-key\" = ..., \"secret-key\" = ...}. Supplied by the deploy pipeline from the vault (TF_VAR_kling_credentials); ephemeral, so never in plan or state."
  type        = map(string)
  ephemeral   = true
  sensitive   = true
}

variable "kling_credentials_version" {
  description = "Bump to write kling_credentials as new secret versions."
  type        = number
  default     = 1
}
