# kling-worker as a Cloud Function (2nd gen): the first version of the worker. dev still runs
# it; prod moved to Cloud Run (modules/kling_service).

resource "google_service_account" "kling_worker" {
  account_id   = "kling-worker-fn-${var.environment}"
  display_name = "kling-worker function (${var.environment})"
}

# PLANTED: KP-NET-01 Cloud Function with no VPC (no vpc_connector / direct VPC egress): unrestricted egress
resource "google_cloudfunctions2_function" "kling_worker" {
  name        = "kling-worker-${var.environment}"
  location    = var.region
  description = "Submits video generation tasks to the Kling API"
  labels      = merge(var.labels, { service = "kling-worker" })

  build_config {
    runtime     = "python312"
    entry_point = "submit_task"

    source {
      storage_source {
        bucket = var.source_bucket
        object = var.source_object
      }
    }
  }

  service_config {
    available_memory      = "512Mi"
    timeout_seconds       = 120
    max_instance_count    = 3
    service_account_email = google_service_account.kling_worker.email

    environment_variables = {
      # PLANTED: KP-API-01 Kling base URL over plain http://
      KLING_BASE_URL = "http://api.klingai.com"
      # PLANTED: KP-TLS-01 callback URL given to Kling is plain http://
      KLING_CALLBACK_URL = "http://kling-webhook.dev.example.com/callback"
      # PLANTED: KP-CRED-01 Kling AK as a literal Cloud Functions environment variable
      KLING_ACCESS_KEY = "AKFAKE0KLINGGCPDEV000EXAMPLE"
      VIDEO_BUCKET     = var.video_bucket_name
    }

    secret_environment_variables {
      key        = "KLING_SECRET_KEY"
      project_id = var.shared_credentials_project
      secret     = var.shared_credentials_secret_id
      version    = "latest"
    }
  }
}
