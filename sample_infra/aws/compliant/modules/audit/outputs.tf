output "trail_arn" {
  description = "ARN of the audit trail."
  value       = aws_cloudtrail.kling_audit.arn
}

output "trail_bucket_name" {
  description = "Bucket holding the trail's log files."
  value       = aws_s3_bucket.trail.id
}
