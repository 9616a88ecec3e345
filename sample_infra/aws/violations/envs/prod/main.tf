# Kling video pipeline on AWS - prod (account 222222222222).
#
#   terraform init -backend-config=...   (state bucket settings come from CI)
#   terraform plan -var-file=prod.tfvars
#
# prod runs everything in the ECS service kling-callback behind the webhook ALB, with
# CloudFront in front for partners in Asia.

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
  environment = "prod"

  tags = {
    Service     = "kling-worker"
    Environment = local.environment
    Owner       = "video-platform"
  }

  # Copied from the Kling console during the cut-over, seeded into kling/prod/sk below.
  # PLANTED: KP-CRED-01 Kling SK in a local value
  kling_sk = "skFAKEklingSECRETdoNOTuse1111111111111111"
}

# PLANTED: KP-ENV-01 the same Kling secret is looked up here (prod) and in envs/dev/main.tf (dev)
data "aws_secretsmanager_secret" "kling_shared" {
  name = "kling/shared/api-credentials"
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

  rotation = {
    # PLANTED: KP-ROT-01 AK rotated on 1 January and 1 July only (cron gap of about 6 months)
    ak = { schedule_expression = "cron(0 3 1 1,7 ? *)" }
    # PLANTED: KP-ROT-01 SK rotated every 180 days
    sk = { schedule_expression = "rate(180 days)" }
  }

  tags = local.tags
}

resource "aws_secretsmanager_secret_version" "kling_sk" {
  secret_id = module.secrets.secret_ids["sk"]
  # The literal lives in local.kling_sk, flagged there.
  secret_string = local.kling_sk
}

# Read by the on-call runbook to test the API by hand.
resource "aws_ssm_parameter" "kling_access_key" {
  name        = "/kling/prod/access_key"
  description = "Kling API access key (prod)"
  # PLANTED: KP-CRED-01 SSM parameter of type String (not SecureString) holding the Kling AK as a literal
  type  = "String"
  value = "AKFAKE0KLINGPRD00000EXAMPLE"

  tags = local.tags
}

module "videos" {
  source = "../../modules/video_bucket"

  environment = local.environment
  bucket_name = "acme-kling-videos-${local.environment}-${var.account_id}"
  tags        = local.tags
}

module "webhook" {
  source = "../../modules/webhook_alb"

  environment       = local.environment
  vpc_id            = module.network.vpc_id
  vpc_cidr          = module.network.vpc_cidr
  public_subnet_ids = module.network.public_subnet_ids
  certificate_arn   = var.webhook_certificate_arn
  tags              = local.tags
}

module "cdn" {
  source = "../../modules/webhook_cdn"

  environment     = local.environment
  origin_domain   = "kling-webhook.prod.example.com"
  aliases         = ["kling-webhook-edge.prod.example.com"]
  certificate_arn = var.cdn_certificate_arn
  tags            = local.tags
}

module "callback" {
  source = "../../modules/kling_callback"

  environment                   = local.environment
  vpc_id                        = module.network.vpc_id
  subnet_ids                    = module.network.private_subnet_ids
  alb_security_group_id         = module.webhook.alb_security_group_id
  target_group_arn              = module.webhook.target_group_arn
  container_image               = var.callback_image
  desired_count                 = 3
  shared_credentials_secret_arn = data.aws_secretsmanager_secret.kling_shared.arn
  kling_access_key              = var.kling_access_key
  video_bucket_name             = module.videos.bucket_name
  video_bucket_arn              = module.videos.bucket_arn
  tags                          = local.tags

  depends_on = [module.webhook]
}

module "audit" {
  source = "../../modules/audit"

  environment       = local.environment
  trail_bucket_name = "acme-kling-audit-${local.environment}-${var.account_id}"
  tags              = local.tags
}
