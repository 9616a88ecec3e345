# kling-callback: an ECS Fargate service behind the webhook ALB. Kling POSTs the task result
# to /callback; the service checks the task against the Kling API (signed with the same AK/SK),
# stores the finished video in the video bucket and marks the job done.
#
# The AK/SK are injected by ECS from Secrets Manager (`secrets[].valueFrom`): the task
# definition only ever holds the secret ARNs.

data "aws_region" "current" {}

locals {
  name = "kling-callback-${var.environment}"
  tags = merge(var.tags, { Service = "kling-callback" })
}

resource "aws_ecs_cluster" "kling" {
  name = "kling-${var.environment}"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "kling_callback" {
  name              = "/ecs/${local.name}"
  retention_in_days = var.log_retention_days

  tags = local.tags
}

# --- IAM ------------------------------------------------------------------------------

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# Execution role: used by the ECS agent to pull the image and resolve `secrets`.
resource "aws_iam_role" "execution" {
  name               = "${local.name}-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json

  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "execution_secrets" {
  name = "read-kling-credentials"
  role = aws_iam_role.execution.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = [var.access_key_secret_arn, var.secret_key_secret_arn]
      },
      {
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = var.secrets_kms_key_arn
      },
    ]
  })
}

# Task role: what the application itself may do.
resource "aws_iam_role" "task" {
  name               = "${local.name}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json

  tags = local.tags
}

resource "aws_iam_role_policy" "task_videos" {
  name = "write-videos"
  role = aws_iam_role.task.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:PutObject", "s3:AbortMultipartUpload"]
      Resource = "${var.video_bucket_arn}/*"
    }]
  })
}

# --- Network --------------------------------------------------------------------------

resource "aws_security_group" "kling_callback" {
  name        = local.name
  description = "kling-callback tasks: requests from the webhook ALB, HTTPS out only"
  vpc_id      = var.vpc_id

  ingress {
    description     = "Webhook requests from the ALB"
    protocol        = "tcp"
    from_port       = var.container_port
    to_port         = var.container_port
    security_groups = [var.alb_security_group_id]
  }

  # Domain enforced by the Network Firewall allow-list (api.klingai.com only).
  egress {
    description = "HTTPS to api.klingai.com (domain enforced by Network Firewall)"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "HTTPS to the VPC interface endpoints (Secrets Manager, ECR, Logs)"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [var.vpc_cidr]
  }

  tags = merge(local.tags, { Name = local.name })
}

# --- Service --------------------------------------------------------------------------

resource "aws_ecs_task_definition" "kling_callback" {
  family                   = local.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "ARM64"
  }

  container_definitions = jsonencode([
    {
      name                   = "kling-callback"
      image                  = var.container_image
      essential              = true
      readonlyRootFilesystem = true

      portMappings = [{
        containerPort = var.container_port
        protocol      = "tcp"
      }]

      environment = [
        { name = "KLING_BASE_URL", value = var.kling_base_url },
        { name = "VIDEO_BUCKET", value = var.video_bucket_name },
        { name = "PORT", value = tostring(var.container_port) },
      ]

      # Resolved by ECS at task start; the values never appear in the task definition.
      secrets = [
        { name = "KLING_ACCESS_KEY", valueFrom = var.access_key_secret_arn },
        { name = "KLING_SECRET_KEY", valueFrom = var.secret_key_secret_arn },
      ]

      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.kling_callback.name
          awslogs-region        = data.aws_region.current.name
          awslogs-stream-prefix = "kling-callback"
        }
      }
    }
  ])

  tags = local.tags
}

resource "aws_ecs_service" "kling_callback" {
  name             = local.name
  cluster          = aws_ecs_cluster.kling.id
  task_definition  = aws_ecs_task_definition.kling_callback.arn
  desired_count    = var.desired_count
  launch_type      = "FARGATE"
  platform_version = "LATEST"
  propagate_tags   = "SERVICE"

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.kling_callback.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = "kling-callback"
    container_port   = var.container_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  tags = local.tags
}
