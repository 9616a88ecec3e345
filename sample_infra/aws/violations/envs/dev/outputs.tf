output "worker_function_name" {
  description = "Name of the kling-worker Lambda function."
  value       = module.worker.function_name
}

output "video_bucket" {
  description = "Bucket of the generated videos."
  value       = module.videos.bucket_name
}
