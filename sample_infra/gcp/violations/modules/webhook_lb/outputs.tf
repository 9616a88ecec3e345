output "ip_address" {
  description = "Public IP of the webhook load balancer."
  value       = google_compute_global_address.kling_webhook.address
}
