# The public endpoint that receives Kling's task callbacks.
#
#   https://<webhook_domain>/callback  ->  ALB (TLS 1.2+/1.3)  ->  kling-callback tasks
#
# Port 80 exists only to redirect to HTTPS. Any path other than /callback gets a 404 from the
# ALB itself and never reaches the service.

locals {
  name = "kling-webhook-${var.environment}"
  tags = merge(var.tags, { Service = "kling-webhook" })
}

# --- Certificate ----------------------------------------------------------------------

resource "aws_acm_certificate" "kling_webhook" {
  domain_name       = var.webhook_domain
  validation_method = "DNS"

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

# Single-name certificate: exactly one DNS validation record.
resource "aws_route53_record" "kling_webhook_validation" {
  zone_id = var.route53_zone_id
  name    = one(aws_acm_certificate.kling_webhook.domain_validation_options).resource_record_name
  type    = one(aws_acm_certificate.kling_webhook.domain_validation_options).resource_record_type
  records = [one(aws_acm_certificate.kling_webhook.domain_validation_options).resource_record_value]
  ttl     = 300
}

resource "aws_acm_certificate_validation" "kling_webhook" {
  certificate_arn         = aws_acm_certificate.kling_webhook.arn
  validation_record_fqdns = [aws_route53_record.kling_webhook_validation.fqdn]
}

# --- Security group -------------------------------------------------------------------

resource "aws_security_group" "kling_webhook_alb" {
  name        = "${local.name}-alb"
  description = "Kling webhook ALB: 443/80 in from the internet, target port out to the VPC"
  vpc_id      = var.vpc_id

  tags = merge(local.tags, { Name = "${local.name}-alb" })
}

resource "aws_security_group_rule" "alb_https_in" {
  type              = "ingress"
  security_group_id = aws_security_group.kling_webhook_alb.id
  description       = "Kling callbacks (HTTPS)"
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "alb_http_in" {
  type              = "ingress"
  security_group_id = aws_security_group.kling_webhook_alb.id
  description       = "HTTP, answered with a redirect to HTTPS"
  protocol          = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "alb_to_targets" {
  type              = "egress"
  security_group_id = aws_security_group.kling_webhook_alb.id
  description       = "Forward to the kling-callback tasks inside the VPC"
  protocol          = "tcp"
  from_port         = var.target_port
  to_port           = var.target_port
  cidr_blocks       = [var.vpc_cidr]
}

# --- Load balancer --------------------------------------------------------------------

resource "aws_lb" "kling_webhook" {
  name               = local.name
  internal           = false
  load_balancer_type = "application"
  security_groups    = [aws_security_group.kling_webhook_alb.id]
  subnets            = var.public_subnet_ids

  drop_invalid_header_fields = true
  enable_deletion_protection = var.environment == "prod"

  tags = merge(local.tags, { Name = local.name })
}

# TLS terminates here; the hop to the tasks stays inside the private subnets of the VPC.
resource "aws_lb_target_group" "kling_callback" {
  name        = "kling-callback-${var.environment}"
  vpc_id      = var.vpc_id
  port        = var.target_port
  protocol    = "HTTP"
  target_type = "ip"

  health_check {
    path    = "/healthz"
    matcher = "200"
  }

  tags = local.tags
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.kling_webhook.arn
  port              = 443
  protocol          = "HTTPS"
  # TLS 1.3 + TLS 1.2 only. Pinned here rather than a variable so weakening it needs a review.
  ssl_policy      = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn = aws_acm_certificate_validation.kling_webhook.certificate_arn

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "not found"
      status_code  = "404"
    }
  }

  tags = local.tags
}

resource "aws_lb_listener_rule" "callback" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10

  condition {
    path_pattern {
      values = ["/callback"]
    }
  }

  condition {
    http_request_method {
      values = ["POST"]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.kling_callback.arn
  }

  tags = local.tags
}

# Plain HTTP only ever answers with a permanent redirect to HTTPS.
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.kling_webhook.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = local.tags
}

resource "aws_route53_record" "kling_webhook" {
  zone_id = var.route53_zone_id
  name    = var.webhook_domain
  type    = "A"

  alias {
    name                   = aws_lb.kling_webhook.dns_name
    zone_id                = aws_lb.kling_webhook.zone_id
    evaluate_target_health = true
  }
}
