# Kling video pipeline on Google Cloud - prod (project acme-video-prod).
#
#   terraform init -backend-config=...    # state bucket settings come from CI
#   terraform plan -var-file=prod.tfvars
#
# prod runs kling-worker on Cloud Run behind the webhook load balancer.

terraform {
  required_version = ">= 1.11.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 7.0"
    }
  }

  backend "gcs" {}
}

provider "google" {
  project = var.project_id
  region  = var.region
}

locals {
  environment = "prod"

  labels = {
    service = "kling-worker"
    env     = local.environment
    owner   = "video-platform"
  }
}

# PLANTED: KP-ENV-01 the same Kling secret is looked up here (prod) and in envs/dev/main.tf (dev)
data "google_secret_manager_secret" "kling_shared" {
  project   = var.shared_secrets_project
  secret_id = "kling-shared-credentials"
}

module "network" {
  source = "../../modules/network"

  environment = local.environment
  region      = var.region
  subnet_cidr = var.subnet_cidr
}

module "secrets" {
  source = "../../modules/kling_secrets"

  environment        = local.environment
  next_rotation_time = "2027-01-04T03:00:00Z"

  rotation_periods = {
    ak = "7776000s"
    sk = "7776000s"
  }

  labels = local.labels
}

module "videos" {
  source = "../../modules/video_bucket"

  environment = local.environment
  bucket_name = "acme-kling-videos-${local.environment}"
  location    = var.region
  labels      = local.labels
}

module "service" {
  source = "../../modules/kling_service"

  environment                  = local.environment
  region                       = var.region
  image                        = var.image
  network_id                   = module.network.network_id
  subnetwork_id                = module.network.subnetwork_id
  shared_credentials_secret_id = data.google_secret_manager_secret.kling_shared.id
  video_bucket_name            = module.videos.bucket_name
  callback_url                 = "https://kling-webhook.prod.example.com/callback"
  labels                       = local.labels
}

module "webhook" {
  source = "../../modules/webhook_lb"

  environment            = local.environment
  region                 = var.region
  cloud_run_service_name = module.service.service_name
  webhook_domain         = "kling-webhook.prod.example.com"
}

module "audit" {
  source = "../../modules/audit"

  project_id = var.project_id
}
