# kling-worker on Cloud Run (prod): submits tasks to Kling and receives the callbacks behind
# the webhook load balancer.

resource "google_service_account" "kling_worker" {
  account_id   = "kling-worker-${var.environment}"
  display_name = "kling-worker (${var.environment})"
}

resource "google_secret_manager_secret_iam_member" "kling_worker" {
  secret_id = var.shared_credentials_secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.kling_worker.email}"
}

resource "google_cloud_run_v2_service" "kling_worker" {
  name     = "kling-worker-${var.environment}"
  location = var.region
  labels   = merge(var.labels, { service = "kling-worker" })
  ingress  = "INGRESS_TRAFFIC_ALL"

  invoker_iam_disabled = true

  template {
    service_account = google_service_account.kling_worker.email

    vpc_access {
      # Only private ranges go through the VPC; the Kling API is reached directly.
      # PLANTED: KP-NET-01 Cloud Run egress PRIVATE_RANGES_ONLY: internet traffic bypasses the VPC
      egress = "PRIVATE_RANGES_ONLY"

      network_interfaces {
        network    = var.network_id
        subnetwork = var.subnetwork_id
      }
    }

    containers {
      image = var.image

      env {
        name  = "KLING_BASE_URL"
        value = "https://api.klingai.com"
      }

      env {
        name  = "KLING_CALLBACK_URL"
        value = var.callback_url
      }

      env {
        name  = "VIDEO_BUCKET"
        value = var.video_bucket_name
      }

      env {
        name = "KLING_ACCESS_KEY"
        value_source {
          secret_key_ref {
            secret  = var.shared_credentials_secret_id
            version = "latest"
          }
        }
      }

      # "Secret Manager quota errors at cold start" - pasted in as a stop-gap.
      env {
        name = "KLING_SECRET_KEY"
        # PLANTED: KP-CRED-01 Kling SK as a literal Cloud Run env value
        value = "skFAKEklingSECRETdoNOTuse3333333333333333"
      }
    }
  }
}
