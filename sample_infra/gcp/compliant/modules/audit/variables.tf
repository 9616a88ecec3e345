variable "project_id" {
  description = "Project whose Secret Manager access is audited."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the _Default log bucket, where the Data Access logs land."
  type        = number
  default     = 400
}
