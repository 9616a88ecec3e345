# Private bucket for the videos Kling generates for us.
# Never public (all four public access block settings, no ACLs), encrypted, TLS-only, and
# every object expires after var.retention_days: users download their video through
# pre-signed URLs issued by the application, not from the bucket directly.

locals {
  tags = merge(var.tags, { Service = "kling-worker", DataClass = "generated-video" })
}

resource "aws_s3_bucket" "kling_videos" {
  bucket = var.bucket_name

  tags = merge(local.tags, { Name = var.bucket_name })
}

resource "aws_s3_bucket_public_access_block" "kling_videos" {
  bucket = aws_s3_bucket.kling_videos.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "kling_videos" {
  bucket = aws_s3_bucket.kling_videos.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "kling_videos" {
  bucket = aws_s3_bucket.kling_videos.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "kling_videos" {
  bucket = aws_s3_bucket.kling_videos.id

  rule {
    id     = "expire-generated-videos"
    status = "Enabled"

    filter {}

    expiration {
      days = var.retention_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 2
    }
  }
}

# Deny-only policy: refuse any request that is not over TLS.
resource "aws_s3_bucket_policy" "kling_videos" {
  bucket = aws_s3_bucket.kling_videos.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource = [
        aws_s3_bucket.kling_videos.arn,
        "${aws_s3_bucket.kling_videos.arn}/*",
      ]
      Condition = {
        Bool = { "aws:SecureTransport" = "false" }
      }
    }]
  })

  depends_on = [aws_s3_bucket_public_access_block.kling_videos]
}
