# Kling video pipeline on Google Cloud - dev (project acme-video-dev).
#
#   export TF_VAR_kling_credentials=...   # AK/SK, read from the vault by CI (ephemeral input)
#   terraform init -backend-config=...    # state bucket settings come from CI
#   terraform plan                        # values in terraform.tfvars
#
# dev has its own project, VPC, Kling AK/SK pair (kling-dev-*) and webhook; nothing is shared
# with prod.

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

  default_labels = {
    project    = "video-pipeline"
    managed_by = "terraform"
  }
}

locals {
  environment  = "dev"
  callback_url = "https://${var.webhook_domain}/callback"

  labels = {
    service = "kling-worker"
    env     = local.environment
    owner   = "video-platform"
  }
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
  region             = var.region
  rotation_period    = var.rotation_period
  next_rotation_time = var.next_rotation_time
  initial_values     = var.kling_credentials
  values_version     = var.kling_credentials_version
  labels             = local.labels
}

module "videos" {
  source = "../../modules/video_bucket"

  environment    = local.environment
  bucket_name    = "acme-kling-videos-${local.environment}"
  location       = var.region
  retention_days = var.video_retention_days
  labels         = local.labels
}

module "service" {
  source = "../../modules/kling_service"

  environment          = local.environment
  region               = var.region
  image                = var.image
  network_id           = module.network.network_id
  subnetwork_id        = module.network.subnetwork_id
  network_tags         = [module.network.workload_tag]
  access_key_secret_id = module.secrets.secret_ids["access-key"]
  secret_key_secret_id = module.secrets.secret_ids["secret-key"]
  video_bucket_name    = module.videos.bucket_name
  kling_base_url       = "https://api.klingai.com"
  callback_url         = local.callback_url
  max_instances        = 2
  labels               = local.labels
}

module "webhook" {
  source = "../../modules/webhook_lb"

  environment            = local.environment
  region                 = var.region
  cloud_run_service_name = module.service.service_name
  webhook_domain         = var.webhook_domain
  dns_zone_name          = var.dns_zone_name
  labels                 = local.labels
}

module "audit" {
  source = "../../modules/audit"

  project_id = var.project_id
}
