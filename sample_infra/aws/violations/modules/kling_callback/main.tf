# kling-callback: ECS Fargate service behind the webhook ALB. In prod it does all the Kling
# work: submits tasks, receives the callbacks on /callback and copies the finished videos to
# the video bucket.

data "aws_region" "current" {}

locals {
  name = "kling-callback-${var.environment}"
  tags = merge(var.tags, { Service = "kling-callback" })
}

resource "aws_ecs_cluster" "kling" {
  name = "kling-${var.environment}"

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "kling_callback" {
  name              = "/ecs/${local.name}"
  retention_in_days = 30

  tags = local.tags
}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

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
    Statement = [{
      Effect   = "Allow"
      Action   = "secretsmanager:GetSecretValue"
      Resource = var.shared_credentials_secret_arn
    }]
  })
}

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
      Action   = "s3:PutObject"
      Resource = "${var.video_bucket_arn}/*"
    }]
  })
}

# --- Network --------------------------------------------------------------------------

resource "aws_security_group" "kling_callback" {
  name        = local.name
  description = "kling-callback tasks"
  vpc_id      = var.vpc_id

  ingress {
    description     = "Webhook requests from the ALB"
    protocol        = "tcp"
    from_port       = var.container_port
    to_port         = var.container_port
    security_groups = [var.alb_security_group_id]
  }

  # PLANTED: KP-NET-01 egress on all protocols and ports (-1) to 0.0.0.0/0
  egress {
    description = "Allow all outbound"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(local.tags, { Name = local.name })
}

# Second group for the video download path: some result URLs came back as http:// during the
# beta, so the tasks were allowed to fetch them over port 80.
resource "aws_security_group" "kling_callback_downloads" {
  name        = "${local.name}-downloads"
  description = "kling-callback: fetch generated videos"
  vpc_id      = var.vpc_id

  tags = merge(local.tags, { Name = "${local.name}-downloads" })
}

# PLANTED: KP-NET-01 egress on port 80 (plain HTTP) to the internet
resource "aws_vpc_security_group_egress_rule" "kling_callback_http" {
  security_group_id = aws_security_group.kling_callback_downloads.id
  description       = "HTTP video downloads"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"

  tags = local.tags
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

  container_definitions = jsonencode([
    {
      name      = "kling-callback"
      image     = var.container_image
      essential = true

      portMappings = [{
        containerPort = var.container_port
        protocol      = "tcp"
      }]

      environment = [
        { name = "KLING_BASE_URL", value = "https://api.klingai.com" },
        # PLANTED: KP-TLS-01 callback URL given to Kling is plain http://
        { name = "KLING_CALLBACK_URL", value = "http://kling-webhook.prod.example.com/callback" },
        # PLANTED: KP-CRED-01 Kling AK as a literal in the container environment
        { name = "KLING_ACCESS_KEY", value = "AKFAKE0KLINGPRD00000EXAMPLE" },
        # PLANTED: KP-API-01 access key in the query string of a Kling URL
        { name = "KLING_TASK_STATUS_URL", value = "https://api.klingai.com/v1/videos/text2video?access_key=${var.kling_access_key}" },
        { name = "VIDEO_BUCKET", value = var.video_bucket_name },
      ]

      secrets = [
        { name = "KLING_SECRET_KEY", valueFrom = "${var.shared_credentials_secret_arn}:secret_key::" },
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
  name            = local.name
  cluster         = aws_ecs_cluster.kling.id
  task_definition = aws_ecs_task_definition.kling_callback.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"

  network_configuration {
    subnets = var.subnet_ids
    security_groups = [
      aws_security_group.kling_callback.id,
      aws_security_group.kling_callback_downloads.id,
    ]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = "kling-callback"
    container_port   = var.container_port
  }

  tags = local.tags
}
