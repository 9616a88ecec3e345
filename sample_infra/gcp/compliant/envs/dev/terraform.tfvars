# dev: project acme-video-dev. No credentials in this file, only where to find things.
project_id  = "acme-video-dev"
region      = "europe-west1"
subnet_cidr = "10.60.0.0/24"

webhook_domain = "kling-webhook.dev.example.com"
dns_zone_name  = "dev-example-com"

image = "europe-west1-docker.pkg.dev/acme-video-dev/kling/kling-worker@sha256:6a1d0e5b8f3c47a29e0d1b7c5f4a3e2d1c0b9a8f7e6d5c4b3a29180f7e6d5c4b"

# 30 days.
rotation_period    = "2592000s"
next_rotation_time = "2027-01-04T03:00:00Z"

video_retention_days = 7
