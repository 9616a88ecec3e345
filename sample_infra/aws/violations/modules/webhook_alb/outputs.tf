output "alb_dns_name" {
  description = "DNS name of the webhook ALB."
  value       = aws_lb.kling_webhook.dns_name
}

output "alb_security_group_id" {
  description = "Security group of the ALB."
  value       = aws_security_group.kling_webhook_alb.id
}

output "target_group_arn" {
  description = "Target group the kling-callback service registers in."
  value       = aws_lb_target_group.kling_callback.arn
}
