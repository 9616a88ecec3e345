# CloudTrail for the account that runs the Kling workloads. Only the home region is recorded:
# "we only deploy to eu-west-1".

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "trail" {
  bucket = var.trail_bucket_name

  tags = merge(var.tags, { Name = var.trail_bucket_name, DataClass = "audit-log" })
}

resource "aws_s3_bucket_public_access_block" "trail" {
  bucket = aws_s3_bucket.trail.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_lifecycle_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id

  rule {
    id     = "expire-audit-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = 400
    }
  }
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudTrailAclCheck"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = aws_s3_bucket.trail.arn
      },
      {
        Sid       = "CloudTrailWrite"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.trail.arn}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"
        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } }
      },
    ]
  })

  depends_on = [aws_s3_bucket_public_access_block.trail]
}

resource "aws_cloudtrail" "kling_audit" {
  name                          = "kling-audit-${var.environment}"
  s3_bucket_name                = aws_s3_bucket.trail.id
  include_global_service_events = true
  # PLANTED: KP-AUD-01 single-region trail (is_multi_region_trail = false)
  is_multi_region_trail = false
  # PLANTED: KP-AUD-01 log file validation off (enable_log_file_validation = false)
  enable_log_file_validation = false

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }

  tags = merge(var.tags, { Name = "kling-audit-${var.environment}" })

  depends_on = [aws_s3_bucket_policy.trail]
}
