# Private bucket for the videos Kling generates for us: public access prevention enforced,
# uniform bucket-level access (no object ACLs), and objects deleted after var.retention_days.
# Users get their video through signed URLs issued by the application.

resource "google_storage_bucket" "kling_videos" {
  name          = var.bucket_name
  location      = var.location
  storage_class = "STANDARD"
  force_destroy = false

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  labels = merge(var.labels, { data_class = "generated-video" })

  lifecycle_rule {
    condition {
      age = var.retention_days
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      age = 1
    }
    action {
      type = "AbortIncompleteMultipartUpload"
    }
  }

  soft_delete_policy {
    retention_duration_seconds = 604800
  }
}
