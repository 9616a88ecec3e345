# Bucket for the videos Kling generates. The "share preview" feature links straight to
# objects under previews/, which is why bucket policies may be public.

locals {
  tags = merge(var.tags, { Service = "kling-worker", DataClass = "generated-video" })
}

# PLANTED: KP-DATA-01 no aws_s3_bucket_lifecycle_configuration: generated videos are never expired
resource "aws_s3_bucket" "kling_videos" {
  bucket = var.bucket_name

  tags = merge(local.tags, { Name = var.bucket_name })
}

resource "aws_s3_bucket_public_access_block" "kling_videos" {
  bucket = aws_s3_bucket.kling_videos.id

  block_public_acls  = true
  ignore_public_acls = true
  # PLANTED: KP-DATA-01 public bucket policies allowed (block_public_policy and restrict_public_buckets off)
  block_public_policy     = false
  restrict_public_buckets = false
}

resource "aws_s3_bucket_server_side_encryption_configuration" "kling_videos" {
  bucket = aws_s3_bucket.kling_videos.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# PLANTED: KP-DATA-01 bucket policy grants public read (Principal "*") on previews/
resource "aws_s3_bucket_policy" "kling_videos" {
  bucket = aws_s3_bucket.kling_videos.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicPreviews"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.kling_videos.arn}/previews/*"
    }]
  })

  depends_on = [aws_s3_bucket_public_access_block.kling_videos]
}
