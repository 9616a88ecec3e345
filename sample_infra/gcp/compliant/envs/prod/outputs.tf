output "callback_url" {
  description = "Callback URL registered with Kling tasks."
  value       = local.callback_url
}

output "service_name" {
  description = "Name of the kling-worker Cloud Run service."
  value       = module.service.service_name
}

output "video_bucket" {
  description = "Bucket of the generated videos."
  value       = module.videos.bucket_name
}

output "kling_secret_ids" {
  description = "IDs (not values) of the Kling secrets."
  value       = module.secrets.secret_ids
}
