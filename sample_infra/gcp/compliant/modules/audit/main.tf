# Data Access audit logs for Secret Manager: every read of a Kling secret
# (AccessSecretVersion is a DATA_READ) is logged with the caller's identity.
# Admin Activity logs are always on; ADMIN_READ and DATA_WRITE complete the picture.

resource "google_project_iam_audit_config" "secretmanager" {
  project = var.project_id
  service = "secretmanager.googleapis.com"

  audit_log_config {
    log_type = "ADMIN_READ"
  }

  audit_log_config {
    log_type = "DATA_READ"
  }

  audit_log_config {
    log_type = "DATA_WRITE"
  }
}

# Keep the audit trail longer than the 30-day default.
resource "google_logging_project_bucket_config" "default" {
  project        = var.project_id
  location       = "global"
  bucket_id      = "_Default"
  retention_days = var.log_retention_days
}
