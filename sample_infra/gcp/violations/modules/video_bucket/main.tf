# Bucket for the videos Kling generates. Preview links point straight at the objects, so
# public access prevention is left to the project default ("inherited").

# PLANTED: KP-DATA-01 no public_access_prevention (inherited) and no lifecycle_rule or retention_policy: videos kept forever
resource "google_storage_bucket" "kling_videos" {
  name          = var.bucket_name
  location      = var.location
  force_destroy = true

  uniform_bucket_level_access = true

  labels = merge(var.labels, { data_class = "generated-video" })
}
