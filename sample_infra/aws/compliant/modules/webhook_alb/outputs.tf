output "callback_url" {
  description = "URL to give Kling as callback_url."
  value       = "https://${var.webhook_domain}/callback"
}

output "alb_arn" {
  description = "ARN of the webhook ALB."
  value       = aws_lb.kling_webhook.arn
}

output "alb_security_group_id" {
  description = "Security group of the ALB (allowed source for the callback tasks)."
  value       = aws_security_group.kling_webhook_alb.id
}

output "target_group_arn" {
  description = "Target group the kling-callback service registers in."
  value       = aws_lb_target_group.kling_callback.arn
}

output "https_listener_arn" {
  description = "ARN of the HTTPS listener."
  value       = aws_lb_listener.https.arn
}
