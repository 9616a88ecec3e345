output "function_name" {
  description = "Name of the kling-worker function."
  value       = module.function.function_name
}

output "video_bucket" {
  description = "Bucket of the generated videos."
  value       = module.videos.bucket_name
}
