# The Kling AK/SK of one environment, in AWS Secrets Manager.
#
# Terraform creates the secret containers, the KMS key and the rotation schedule only. The values
# are never in this code or in state: the first version is written by the rotation function
# (invoked once by the on-boarding runbook), and every later version by the scheduled rotation.
# Workloads receive the secret ARNs and read the values at runtime.

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  credentials = {
    "access-key" = "Kling API access key (AK) for ${var.environment}"
    "secret-key" = "Kling API secret key (SK) for ${var.environment}; signs the short-lived JWTs sent to api.klingai.com"
  }
}

resource "aws_kms_key" "kling_secrets" {
  description             = "Encrypts the Kling AK/SK secrets (${var.environment})"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # Decrypt only on behalf of Secrets Manager; IAM policies of the workloads narrow it
        # down to the roles that need the Kling credentials.
        Sid       = "UseThroughSecretsManagerOnly"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "secretsmanager.${data.aws_region.current.name}.amazonaws.com"
            "kms:CallerAccount" = data.aws_caller_identity.current.account_id
          }
        }
      },
    ]
  })

  tags = merge(var.tags, { Name = "kling-secrets-${var.environment}" })
}

resource "aws_kms_alias" "kling_secrets" {
  name          = "alias/kling-secrets-${var.environment}"
  target_key_id = aws_kms_key.kling_secrets.key_id
}

resource "aws_secretsmanager_secret" "kling" {
  for_each = local.credentials

  # kling/dev/access-key, kling/prod/secret-key, ...
  name                    = "kling/${var.environment}/${each.key}"
  description             = each.value
  kms_key_id              = aws_kms_key.kling_secrets.arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = merge(var.tags, {
    Name       = "kling-${var.environment}-${each.key}"
    Credential = each.key
  })
}

# Rotation on a schedule of at most 90 days (KP-ROT-01). The function is deployed by the
# security team's stack, which also grants secretsmanager.amazonaws.com permission to invoke it.
resource "aws_secretsmanager_secret_rotation" "kling" {
  for_each = aws_secretsmanager_secret.kling

  secret_id           = each.value.id
  rotation_lambda_arn = var.rotation_lambda_arn

  rotation_rules {
    schedule_expression = var.rotation_schedule
    duration            = var.rotation_window
  }
}
