output "audited_service" {
  description = "Service with an audit config."
  value       = google_project_iam_audit_config.secretmanager.service
}
