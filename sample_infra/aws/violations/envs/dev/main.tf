# Kling video pipeline on AWS - dev (account 111111111111).
#
#   terraform init -backend-config=...   (state bucket settings come from CI)
#   terraform plan -var-file=dev.tfvars
#
# dev runs the Lambda worker (modules/kling_worker); callbacks go to a developer tunnel.

terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  backend "s3" {}
}

provider "aws" {
  region              = var.aws_region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      Project   = "video-pipeline"
      ManagedBy = "terraform"
    }
  }
}

locals {
  environment = "dev"

  tags = {
    Service     = "kling-worker"
    Environment = local.environment
    Owner       = "video-platform"
  }
}

# Credentials of the first prototype, created by hand and read by dev and prod alike.
# PLANTED: KP-ENV-01 the same Kling secret is looked up here (dev) and in envs/prod/main.tf (prod)
data "aws_secretsmanager_secret" "kling_shared" {
  name = "kling/shared/api-credentials"
}

module "secrets" {
  source = "../../modules/kling_secrets"

  environment         = local.environment
  rotation_lambda_arn = var.rotation_lambda_arn

  rotation = {
    # PLANTED: KP-ROT-01 dev AK rotated every 120 days (limit 90)
    ak = { automatically_after_days = 120 }
    # PLANTED: KP-ROT-01 dev SK never rotated: no "sk" entry, so no aws_secretsmanager_secret_rotation for it
  }

  tags = local.tags
}

# Seeds the new dev secrets so developers don't need console access.
resource "aws_secretsmanager_secret_version" "kling_ak_seed" {
  secret_id = module.secrets.secret_ids["ak"]
  # PLANTED: KP-CRED-01 secret version whose secret_string is a literal in the code
  secret_string = "AKFAKE0KLINGDEV00000EXAMPLE"
}

resource "aws_secretsmanager_secret_version" "kling_sk_seed" {
  secret_id = module.secrets.secret_ids["sk"]
  # The literal lives in the default of var.kling_secret_key (variables.tf), flagged there.
  secret_string = var.kling_secret_key
}

module "videos" {
  source = "../../modules/video_bucket"

  environment = local.environment
  bucket_name = "acme-kling-videos-${local.environment}-${var.account_id}"
  tags        = local.tags
}

module "worker" {
  source = "../../modules/kling_worker"

  environment           = local.environment
  access_key_secret_arn = data.aws_secretsmanager_secret.kling_shared.arn
  callback_url          = "https://kling-webhook.dev.example.com/callback"
  video_bucket_name     = module.videos.bucket_name
  video_bucket_arn      = module.videos.bucket_arn
  artifact_bucket       = var.worker_artifact_bucket
  artifact_key          = var.worker_artifact_key
  tags                  = local.tags
}

module "audit" {
  source = "../../modules/audit"

  environment       = local.environment
  trail_bucket_name = "acme-kling-audit-${local.environment}-${var.account_id}"
  tags              = local.tags
}
