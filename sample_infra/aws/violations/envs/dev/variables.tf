variable "aws_region" {
  description = "Region of the stack."
  type        = string
}

variable "account_id" {
  description = "AWS account of this environment."
  type        = string
}

variable "rotation_lambda_arn" {
  description = "Rotation function for the Kling secrets."
  type        = string
}

variable "worker_artifact_bucket" {
  description = "Bucket holding the kling-worker deployment package."
  type        = string
}

variable "worker_artifact_key" {
  description = "Key of the kling-worker deployment package."
  type        = string
}

variable "kling_secret_key" {
  description = "Kling SK for dev, seeded into kling/dev/sk. Temporary until the rotation function ships."
  type        = string
  sensitive   = true
  # PLANTED: KP-CRED-01 Kling SK as the literal default of a variable (sensitive = true does not help)
  default = "skFAKEklingSECRETdoNOTuse0000000000000000"
}
