variable "project_id" {
  description = "Google Cloud project of this environment."
  type        = string
}

variable "region" {
  description = "Region of the stack."
  type        = string
}

variable "shared_secrets_project" {
  description = "Project of the prototype's shared secrets."
  type        = string
}

variable "function_source_bucket" {
  description = "Bucket holding the function's source archive."
  type        = string
}

variable "function_source_object" {
  description = "Object name of the function's source archive."
  type        = string
}
