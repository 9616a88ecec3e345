# dev: account 111111111111, eu-west-1. No credentials in this file, only where to find things.
aws_region         = "eu-west-1"
account_id         = "111111111111"
vpc_cidr           = "10.40.0.0/16"
availability_zones = ["eu-west-1a", "eu-west-1b"]

webhook_domain  = "kling-webhook.dev.example.com"
route53_zone_id = "Z0DEVEXAMPLE00000001"

rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111111111111:function:kling-key-rotation"
rotation_schedule   = "rate(30 days)"

worker_artifact_bucket = "acme-build-artifacts-111111111111"
worker_artifact_key    = "kling-worker/kling-worker-3f9c2ab.zip"
callback_image         = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/kling-callback@sha256:6a1d0e5b8f3c47a29e0d1b7c5f4a3e2d1c0b9a8f7e6d5c4b3a29180f7e6d5c4b"
callback_desired_count = 1

video_retention_days = 7
