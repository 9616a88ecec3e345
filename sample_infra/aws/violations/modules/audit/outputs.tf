output "trail_arn" {
  description = "ARN of the audit trail."
  value       = aws_cloudtrail.kling_audit.arn
}
