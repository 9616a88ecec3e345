# prod: project acme-video-prod. No credentials in this file, only where to find things.
project_id  = "acme-video-prod"
region      = "europe-west1"
subnet_cidr = "10.70.0.0/24"

webhook_domain = "kling-webhook.prod.example.com"
dns_zone_name  = "prod-example-com"

image = "europe-west1-docker.pkg.dev/acme-video-prod/kling/kling-worker@sha256:6a1d0e5b8f3c47a29e0d1b7c5f4a3e2d1c0b9a8f7e6d5c4b3a29180f7e6d5c4b"

# 90 days, the maximum KP-ROT-01 allows.
rotation_period    = "7776000s"
next_rotation_time = "2027-01-04T03:00:00Z"

video_retention_days = 30
