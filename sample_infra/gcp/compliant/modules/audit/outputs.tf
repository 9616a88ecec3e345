output "audited_service" {
  description = "Service whose Data Access logs are enabled."
  value       = google_project_iam_audit_config.secretmanager.service
}
