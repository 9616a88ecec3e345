# Public ALB that receives Kling's task callbacks and forwards them to kling-callback.

locals {
  name = "kling-webhook-${var.environment}"
  tags = merge(var.tags, { Service = "kling-webhook" })
}

resource "aws_security_group" "kling_webhook_alb" {
  name        = "${local.name}-alb"
  description = "Kling webhook ALB"
  vpc_id      = var.vpc_id

  tags = merge(local.tags, { Name = "${local.name}-alb" })
}

resource "aws_security_group_rule" "alb_https_in" {
  type              = "ingress"
  security_group_id = aws_security_group.kling_webhook_alb.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "alb_http_in" {
  type              = "ingress"
  security_group_id = aws_security_group.kling_webhook_alb.id
  protocol          = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "alb_to_targets" {
  type              = "egress"
  security_group_id = aws_security_group.kling_webhook_alb.id
  protocol          = "tcp"
  from_port         = var.target_port
  to_port           = var.target_port
  cidr_blocks       = [var.vpc_cidr]
}

resource "aws_lb" "kling_webhook" {
  name               = local.name
  internal           = false
  load_balancer_type = "application"
  security_groups    = [aws_security_group.kling_webhook_alb.id]
  subnets            = var.public_subnet_ids

  tags = merge(local.tags, { Name = local.name })
}

resource "aws_lb_target_group" "kling_callback" {
  name        = "kling-callback-${var.environment}"
  vpc_id      = var.vpc_id
  port        = var.target_port
  protocol    = "HTTP"
  target_type = "ip"

  health_check {
    path = "/healthz"
  }

  tags = local.tags
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.kling_webhook.arn
  port              = 443
  protocol          = "HTTPS"
  # Kept for old partner integrations that could not do TLS 1.2.
  # PLANTED: KP-TLS-01 ssl_policy ELBSecurityPolicy-2016-08 still accepts TLS 1.0 and 1.1
  ssl_policy      = "ELBSecurityPolicy-2016-08"
  certificate_arn = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.kling_callback.arn
  }

  tags = local.tags
}

# PLANTED: KP-TLS-01 HTTP listener forwards callbacks to the targets instead of redirecting to HTTPS
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.kling_webhook.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.kling_callback.arn
  }

  tags = local.tags
}
