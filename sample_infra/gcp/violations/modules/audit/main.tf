# Audit logs for Secret Manager. DATA_READ was switched off because of the log volume
# ("AccessSecretVersion on every cold start").

# PLANTED: KP-AUD-01 only ADMIN_READ: reads of the Kling secrets (DATA_READ) are not logged
resource "google_project_iam_audit_config" "secretmanager" {
  project = var.project_id
  service = "secretmanager.googleapis.com"

  audit_log_config {
    log_type = "ADMIN_READ"
  }
}
