output "callback_url" {
  description = "URL to give Kling as callback_url."
  value       = "https://${var.webhook_domain}/callback"
}

output "ip_address" {
  description = "Public IP of the webhook load balancer."
  value       = google_compute_global_address.kling_webhook.address
}
