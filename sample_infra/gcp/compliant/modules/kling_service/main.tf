# kling-worker on Cloud Run: submits text/image-to-video tasks to the Kling API and, behind the
# webhook load balancer, receives Kling's callbacks on /callback.
#
# - AK/SK come from Secret Manager through value_source.secret_key_ref, resolved by Cloud Run
#   when an instance starts; the service definition holds only the secret IDs.
# - All egress goes into the Kling VPC (Direct VPC egress, ALL_TRAFFIC), where the firewall
#   policy lets tcp:443 out to api.klingai.com only.
# - Ingress only from the internal/Cloud Load Balancing path, i.e. the webhook load balancer.

resource "google_service_account" "kling_worker" {
  account_id   = "kling-worker-${var.environment}"
  display_name = "kling-worker (${var.environment})"
  description  = "Runtime identity of the kling-worker Cloud Run service"
}

resource "google_secret_manager_secret_iam_member" "kling_worker" {
  for_each = {
    "access-key" = var.access_key_secret_id
    "secret-key" = var.secret_key_secret_id
  }

  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.kling_worker.email}"
}

resource "google_storage_bucket_iam_member" "kling_worker_videos" {
  bucket = var.video_bucket_name
  role   = "roles/storage.objectCreator"
  member = "serviceAccount:${google_service_account.kling_worker.email}"
}

resource "google_cloud_run_v2_service" "kling_worker" {
  name        = "kling-worker-${var.environment}"
  location    = var.region
  description = "Kling video generation worker and callback receiver"
  labels      = merge(var.labels, { service = "kling-worker" })

  ingress             = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
  deletion_protection = var.environment == "prod"

  # Kling's callbacks are not signed with Google identities; the service authenticates them
  # itself (it re-reads the task from the Kling API before trusting the payload).
  invoker_iam_disabled = true

  template {
    service_account = google_service_account.kling_worker.email
    labels          = merge(var.labels, { service = "kling-worker" })

    scaling {
      min_instance_count = 0
      max_instance_count = var.max_instances
    }

    vpc_access {
      egress = "ALL_TRAFFIC"

      network_interfaces {
        network    = var.network_id
        subnetwork = var.subnetwork_id
        tags       = var.network_tags
      }
    }

    containers {
      image = var.image

      ports {
        container_port = 8080
      }

      env {
        name  = "KLING_BASE_URL"
        value = var.kling_base_url
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
            secret  = var.access_key_secret_id
            version = "latest"
          }
        }
      }

      env {
        name = "KLING_SECRET_KEY"
        value_source {
          secret_key_ref {
            secret  = var.secret_key_secret_id
            version = "latest"
          }
        }
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "512Mi"
        }
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.kling_worker]
}
