# CloudFront in front of the Kling webhook ALB, added so partners in Asia get a nearby edge.
# Caching is disabled: every callback goes to the origin.

locals {
  origin_id = "kling-webhook-alb"
}

resource "aws_cloudfront_distribution" "kling_webhook" {
  enabled         = true
  comment         = "Kling webhook edge (${var.environment})"
  aliases         = var.aliases
  is_ipv6_enabled = true
  price_class     = "PriceClass_200"

  origin {
    origin_id   = local.origin_id
    domain_name = var.origin_domain

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id = local.origin_id
    # PLANTED: KP-TLS-01 viewer_protocol_policy allow-all: callbacks accepted over plain HTTP
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
    cached_methods         = ["GET", "HEAD"]

    # Managed policies: CachingDisabled, AllViewerExceptHostHeader.
    cache_policy_id          = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    origin_request_policy_id = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = var.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  tags = merge(var.tags, { Service = "kling-webhook" })
}
