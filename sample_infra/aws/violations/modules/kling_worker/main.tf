# kling-worker: the original Lambda version of the worker. It submits text-to-video tasks to
# Kling and polls for the result. dev still runs it; prod moved to the ECS service
# (modules/kling_callback).

locals {
  function_name = "kling-worker-${var.environment}"
  tags          = merge(var.tags, { Service = "kling-worker" })
}

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

resource "aws_iam_role_policy_attachment" "basic_execution" {
  role       = aws_iam_role.kling_worker.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy" "kling_worker" {
  name = "kling-worker"
  role = aws_iam_role.kling_worker.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = var.access_key_secret_arn
      },
      {
        Effect   = "Allow"
        Action   = "s3:PutObject"
        Resource = "${var.video_bucket_arn}/*"
      },
    ]
  })
}

# PLANTED: KP-NET-01 Lambda with no vpc_config: it runs outside any VPC, egress is unrestricted
resource "aws_lambda_function" "kling_worker" {
  function_name = local.function_name
  description   = "Submits video generation tasks to the Kling API"
  role          = aws_iam_role.kling_worker.arn

  s3_bucket = var.artifact_bucket
  s3_key    = var.artifact_key
  runtime   = "python3.12"
  handler   = "kling_worker.handler.main"
  timeout   = 120

  environment {
    variables = {
      # PLANTED: KP-API-01 Kling base URL over plain http://
      KLING_BASE_URL              = "http://api.klingai.com"
      KLING_CALLBACK_URL          = var.callback_url
      KLING_ACCESS_KEY_SECRET_ARN = var.access_key_secret_arn
      # PLANTED: KP-CRED-01 Kling SK written as a literal Lambda environment variable
      KLING_SECRET_KEY = "skFAKEklingSECRETdoNOTuse0000000000000000"
      VIDEO_BUCKET     = var.video_bucket_name
    }
  }

  tags = local.tags
}
