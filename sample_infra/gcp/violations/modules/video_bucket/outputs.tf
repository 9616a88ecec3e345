output "bucket_name" {
  description = "Name of the video bucket."
  value       = google_storage_bucket.kling_videos.name
}
