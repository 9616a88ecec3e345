# Kling video pipeline on AWS - dev (account 111111111111).
#
#   terraform init -backend-config=...   (state bucket settings come from CI)
#   terraform plan                        # values in terraform.tfvars
#
# dev has its own VPC, its own Kling AK/SK pair (kling/dev/*) and its own webhook; nothing is
# shared with prod.

terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # Partial configuration: bucket, key and lock table come from -backend-config in CI.
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
  environment  = "dev"
  callback_url = "https://${var.webhook_domain}/callback"

  tags = {
    Service     = "kling-worker"
    Environment = local.environment
    Owner       = "video-platform"
  }
}

module "network" {
  source = "../../modules/network"

  environment        = local.environment
  cidr_block         = var.vpc_cidr
  availability_zones = var.availability_zones
  tags               = local.tags
}

module "secrets" {
  source = "../../modules/kling_secrets"

  environment         = local.environment
  rotation_lambda_arn = var.rotation_lambda_arn
  rotation_schedule   = var.rotation_schedule
  tags                = local.tags
}

module "videos" {
  source = "../../modules/video_bucket"

  environment    = local.environment
  bucket_name    = "acme-kling-videos-${local.environment}-${var.account_id}"
  retention_days = var.video_retention_days
  tags           = local.tags
}

module "webhook" {
  source = "../../modules/webhook_alb"

  environment       = local.environment
  vpc_id            = module.network.vpc_id
  vpc_cidr          = module.network.vpc_cidr
  public_subnet_ids = module.network.public_subnet_ids
  webhook_domain    = var.webhook_domain
  route53_zone_id   = var.route53_zone_id
  tags              = local.tags
}

module "worker" {
  source = "../../modules/kling_worker"

  environment           = local.environment
  vpc_id                = module.network.vpc_id
  vpc_cidr              = module.network.vpc_cidr
  subnet_ids            = module.network.private_subnet_ids
  access_key_secret_arn = module.secrets.access_key_secret_arn
  secret_key_secret_arn = module.secrets.secret_key_secret_arn
  secrets_kms_key_arn   = module.secrets.kms_key_arn
  video_bucket_name     = module.videos.bucket_name
  video_bucket_arn      = module.videos.bucket_arn
  kling_base_url        = "https://api.klingai.com"
  callback_url          = local.callback_url
  artifact_bucket       = var.worker_artifact_bucket
  artifact_key          = var.worker_artifact_key
  reserved_concurrency  = 2
  tags                  = local.tags
}

module "callback" {
  source = "../../modules/kling_callback"

  environment           = local.environment
  vpc_id                = module.network.vpc_id
  vpc_cidr              = module.network.vpc_cidr
  subnet_ids            = module.network.private_subnet_ids
  alb_security_group_id = module.webhook.alb_security_group_id
  target_group_arn      = module.webhook.target_group_arn
  container_image       = var.callback_image
  desired_count         = var.callback_desired_count
  access_key_secret_arn = module.secrets.access_key_secret_arn
  secret_key_secret_arn = module.secrets.secret_key_secret_arn
  secrets_kms_key_arn   = module.secrets.kms_key_arn
  video_bucket_name     = module.videos.bucket_name
  video_bucket_arn      = module.videos.bucket_arn
  kling_base_url        = "https://api.klingai.com"
  tags                  = local.tags

  # The ECS service can only register in the target group once the listener exists.
  depends_on = [module.webhook]
}

module "audit" {
  source = "../../modules/audit"

  environment       = local.environment
  trail_bucket_name = "acme-kling-audit-${local.environment}-${var.account_id}"
  video_bucket_arn  = module.videos.bucket_arn
  tags              = local.tags
}
