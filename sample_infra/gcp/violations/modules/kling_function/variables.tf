variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "region" {
  description = "Region of the function."
  type        = string
}

variable "source_bucket" {
  description = "Bucket holding the function's source archive."
  type        = string
}

variable "source_object" {
  description = "Object name of the function's source archive."
  type        = string
}

variable "shared_credentials_secret_id" {
  description = "secret_id of the prototype's shared Kling secret."
  type        = string
}

variable "shared_credentials_project" {
  description = "Project that holds the shared Kling secret."
  type        = string
}

variable "video_bucket_name" {
  description = "Bucket the function writes generated videos to."
  type        = string
}

variable "labels" {
  description = "Labels applied to every resource of the module."
  type        = map(string)
  default     = {}
}
