output "function_name" {
  description = "Name of the kling-worker function."
  value       = google_cloudfunctions2_function.kling_worker.name
}
