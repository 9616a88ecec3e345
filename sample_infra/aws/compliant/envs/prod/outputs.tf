output "callback_url" {
  description = "Callback URL registered with Kling tasks."
  value       = local.callback_url
}

output "worker_function_name" {
  description = "Name of the kling-worker Lambda function."
  value       = module.worker.function_name
}

output "callback_service_name" {
  description = "Name of the kling-callback ECS service."
  value       = module.callback.service_name
}

output "video_bucket" {
  description = "Bucket of the generated videos."
  value       = module.videos.bucket_name
}

output "kling_secret_arns" {
  description = "ARNs (not values) of the Kling secrets, for the on-boarding runbook."
  value       = module.secrets.secret_arns
}
