# Kling video pipeline on Google Cloud - dev (project acme-video-dev).
#
#   terraform init -backend-config=...    # state bucket settings come from CI
#   terraform plan -var-file=dev.tfvars
#
# dev runs the Cloud Function version of the worker (modules/kling_function).

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
  environment = "dev"

  labels = {
    service = "kling-worker"
    env     = local.environment
    owner   = "video-platform"
  }
}

# The prototype's credentials, in the shared tooling project; read by dev and prod alike.
# PLANTED: KP-ENV-01 the same Kling secret is looked up here (dev) and in envs/prod/main.tf (prod)
data "google_secret_manager_secret" "kling_shared" {
  project   = var.shared_secrets_project
  secret_id = "kling-shared-credentials"
}

module "secrets" {
  source = "../../modules/kling_secrets"

  environment        = local.environment
  next_rotation_time = "2027-01-04T03:00:00Z"

  rotation_periods = {
    # PLANTED: KP-ROT-01 dev AK rotated every 180 days (rotation_period = "15552000s")
    ak = "15552000s"
    # PLANTED: KP-ROT-01 dev SK has no rotation block: no "sk" entry
  }

  labels = local.labels
}

# Seeds the new dev SK so developers can try the migration.
resource "google_secret_manager_secret_version" "kling_sk_seed" {
  secret = module.secrets.secret_ids["sk"]
  # PLANTED: KP-CRED-01 secret version whose secret_data is a literal in the code
  secret_data = "skFAKEklingSECRETdoNOTuse2222222222222222"
}

module "videos" {
  source = "../../modules/video_bucket"

  environment = local.environment
  bucket_name = "acme-kling-videos-${local.environment}"
  location    = var.region
  labels      = local.labels
}

module "function" {
  source = "../../modules/kling_function"

  environment                  = local.environment
  region                       = var.region
  source_bucket                = var.function_source_bucket
  source_object                = var.function_source_object
  shared_credentials_secret_id = data.google_secret_manager_secret.kling_shared.secret_id
  shared_credentials_project   = var.shared_secrets_project
  video_bucket_name            = module.videos.bucket_name
  labels                       = local.labels
}

module "audit" {
  source = "../../modules/audit"

  project_id = var.project_id
}
