# kling-worker: a Lambda function that submits text-to-video and image-to-video tasks to the
# Kling API. At runtime it reads the AK/SK from Secrets Manager (by ARN), signs a JWT that
# lives 30 minutes, and calls api.klingai.com over HTTPS. Results arrive on the webhook
# (module webhook_alb + kling_callback).

locals {
  function_name = "kling-worker-${var.environment}"
  tags          = merge(var.tags, { Service = "kling-worker" })
}

# --- IAM ------------------------------------------------------------------------------

resource "aws_iam_role" "kling_worker" {
  name = local.function_name

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "vpc_access" {
  role       = aws_iam_role.kling_worker.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

resource "aws_iam_role_policy" "kling_worker" {
  name = "kling-worker"
  role = aws_iam_role.kling_worker.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadKlingCredentials"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
        Resource = [var.access_key_secret_arn, var.secret_key_secret_arn]
      },
      {
        Sid      = "DecryptKlingCredentials"
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = var.secrets_kms_key_arn
      },
      {
        Sid      = "WriteVideos"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:AbortMultipartUpload"]
        Resource = "${var.video_bucket_arn}/*"
      },
      {
        Sid      = "WriteLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.kling_worker.arn}:*"
      },
    ]
  })
}

# --- Network --------------------------------------------------------------------------

resource "aws_security_group" "kling_worker" {
  name        = local.function_name
  description = "kling-worker Lambda: HTTPS out only"
  vpc_id      = var.vpc_id

  tags = merge(local.tags, { Name = local.function_name })
}

# 443 to the internet. The destination is narrowed to api.klingai.com by the Network
# Firewall allow-list of this VPC (modules/network/firewall.tf), not by the security group.
resource "aws_vpc_security_group_egress_rule" "kling_api" {
  security_group_id = aws_security_group.kling_worker.id
  description       = "HTTPS to api.klingai.com (domain enforced by Network Firewall)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"

  tags = local.tags
}

# 443 to the interface endpoints (Secrets Manager, CloudWatch Logs) inside the VPC.
resource "aws_vpc_security_group_egress_rule" "vpc_endpoints" {
  security_group_id = aws_security_group.kling_worker.id
  description       = "HTTPS to the VPC interface endpoints"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = var.vpc_cidr

  tags = local.tags
}

# --- Function -------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "kling_worker" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_days

  tags = local.tags
}

resource "aws_lambda_function" "kling_worker" {
  function_name = local.function_name
  description   = "Submits video generation tasks to the Kling API"
  role          = aws_iam_role.kling_worker.arn

  s3_bucket     = var.artifact_bucket
  s3_key        = var.artifact_key
  runtime       = "python3.12"
  handler       = "kling_worker.handler.main"
  architectures = ["arm64"]
  memory_size   = 512
  timeout       = 60

  reserved_concurrent_executions = var.reserved_concurrency

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = [aws_security_group.kling_worker.id]
  }

  # Only references: the base URL, the callback URL and the ARNs of the secrets.
  # The function fetches the AK/SK itself and caches them for the life of the container.
  environment {
    variables = {
      KLING_BASE_URL              = var.kling_base_url
      KLING_CALLBACK_URL          = var.callback_url
      KLING_ACCESS_KEY_SECRET_ARN = var.access_key_secret_arn
      KLING_SECRET_KEY_SECRET_ARN = var.secret_key_secret_arn
      KLING_JWT_TTL_SECONDS       = "1800"
      VIDEO_BUCKET                = var.video_bucket_name
    }
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.kling_worker.name
  }

  tracing_config {
    mode = "Active"
  }

  tags = local.tags

  depends_on = [aws_iam_role_policy_attachment.vpc_access]
}
