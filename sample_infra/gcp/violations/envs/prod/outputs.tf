output "service_name" {
  description = "Name of the kling-worker Cloud Run service."
  value       = module.service.service_name
}

output "webhook_ip" {
  description = "Public IP of the webhook load balancer."
  value       = module.webhook.ip_address
}
