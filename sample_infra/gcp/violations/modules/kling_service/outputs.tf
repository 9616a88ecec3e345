output "service_name" {
  description = "Name of the kling-worker Cloud Run service."
  value       = google_cloud_run_v2_service.kling_worker.name
}
