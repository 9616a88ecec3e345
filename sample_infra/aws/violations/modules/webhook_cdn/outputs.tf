output "distribution_domain_name" {
  description = "CloudFront domain name of the webhook edge."
  value       = aws_cloudfront_distribution.kling_webhook.domain_name
}
