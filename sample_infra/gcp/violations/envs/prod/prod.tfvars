project_id             = "acme-video-prod"
region                 = "europe-west1"
subnet_cidr            = "10.70.0.0/24"
shared_secrets_project = "acme-video-shared"

image = "europe-west1-docker.pkg.dev/acme-video-prod/kling/kling-worker:latest"
