# The Kling AK/SK of one environment, in Secret Manager.
#
# - one secret per credential, replicated to var.region only;
# - rotation every var.rotation_period (90 days at most). Secret Manager publishes a
#   SECRET_ROTATE message on the topic; the security team's rotation function subscribes, gets
#   a new key pair from the Kling console workflow and adds a new version;
# - the first version is written through secret_data_wo from an ephemeral variable: the values
#   are in neither this code nor the state.

data "google_project" "current" {}

locals {
  credentials = {
    "access-key" = "Kling API access key (AK)"
    "secret-key" = "Kling API secret key (SK), signs the short-lived JWTs sent to api.klingai.com"
  }
}

resource "google_pubsub_topic" "kling_secret_rotation" {
  name                       = "kling-${var.environment}-secret-rotation"
  labels                     = var.labels
  message_retention_duration = "86400s"
}

# Secret Manager's service agent publishes the rotation notifications.
resource "google_pubsub_topic_iam_member" "secretmanager_publisher" {
  topic  = google_pubsub_topic.kling_secret_rotation.id
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:service-${data.google_project.current.number}@gcp-sa-secretmanager.iam.gserviceaccount.com"
}

resource "google_secret_manager_secret" "kling" {
  for_each = local.credentials

  # kling-dev-access-key, kling-prod-secret-key, ...
  secret_id = "kling-${var.environment}-${each.key}"
  labels    = merge(var.labels, { credential = replace(each.key, "-", "_") })

  annotations = {
    description = each.value
  }

  replication {
    user_managed {
      replicas {
        location = var.region
      }
    }
  }

  rotation {
    rotation_period    = var.rotation_period
    next_rotation_time = var.next_rotation_time
  }

  topics {
    name = google_pubsub_topic.kling_secret_rotation.id
  }

  lifecycle {
    ignore_changes = [rotation[0].next_rotation_time]
  }

  depends_on = [google_pubsub_topic_iam_member.secretmanager_publisher]
}

resource "google_secret_manager_secret_version" "kling" {
  for_each = google_secret_manager_secret.kling

  secret                 = each.value.id
  secret_data_wo         = var.initial_values[each.key]
  secret_data_wo_version = var.values_version
}
