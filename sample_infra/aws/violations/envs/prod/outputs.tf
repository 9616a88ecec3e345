output "callback_service_name" {
  description = "Name of the kling-callback ECS service."
  value       = module.callback.service_name
}

output "webhook_edge_domain" {
  description = "CloudFront domain of the webhook edge."
  value       = module.cdn.distribution_domain_name
}

# Printed at the end of the pipeline so the on-call engineer can copy it.
# PLANTED: KP-CRED-01 output exposes the Kling AK without sensitive = true
output "kling_access_key" {
  value = var.kling_access_key
}
