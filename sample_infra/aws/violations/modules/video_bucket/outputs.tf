output "bucket_name" {
  description = "Name of the video bucket."
  value       = aws_s3_bucket.kling_videos.id
}

output "bucket_arn" {
  description = "ARN of the video bucket."
  value       = aws_s3_bucket.kling_videos.arn
}
