# The Kling AK ("ak") and SK ("sk") of one environment in Secret Manager. The rotation period
# of each credential comes from the caller (var.rotation_periods).
#
# Migration status: the workloads still read the prototype secret kling-shared-credentials in
# project acme-video-shared; moving them to these secrets is tracked in VID-418.

resource "google_pubsub_topic" "kling_secret_rotation" {
  name   = "kling-${var.environment}-secret-rotation"
  labels = var.labels
}

resource "google_secret_manager_secret" "kling" {
  for_each = toset(["ak", "sk"])

  secret_id = "kling-${var.environment}-${each.key}"
  labels    = merge(var.labels, { credential = each.key })

  replication {
    auto {}
  }

  dynamic "rotation" {
    for_each = contains(keys(var.rotation_periods), each.key) ? [var.rotation_periods[each.key]] : []

    content {
      rotation_period    = rotation.value
      next_rotation_time = var.next_rotation_time
    }
  }

  topics {
    name = google_pubsub_topic.kling_secret_rotation.id
  }
}
