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

variable "shared_secrets_project" {
  description = "Project of the prototype's shared secrets."
  type        = string
}

variable "image" {
  description = "Image of kling-worker."
  type        = string
}
