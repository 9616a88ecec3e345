output "secret_ids" {
  description = "IDs (projects/.../secrets/...) of the Kling secrets, keyed access-key / secret-key."
  value       = { for k, s in google_secret_manager_secret.kling : k => s.id }
}

output "rotation_topic" {
  description = "Topic that receives the rotation notifications."
  value       = google_pubsub_topic.kling_secret_rotation.id
}
