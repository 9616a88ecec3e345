variable "project_id" {
  description = "Project whose Secret Manager access is audited."
  type        = string
}
