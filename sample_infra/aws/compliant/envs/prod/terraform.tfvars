# prod: account 222222222222, eu-west-1. No credentials in this file, only where to find things.
aws_region         = "eu-west-1"
account_id         = "222222222222"
vpc_cidr           = "10.50.0.0/16"
availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

webhook_domain  = "kling-webhook.prod.example.com"
route53_zone_id = "Z0PRODEXAMPLE0000001"

rotation_lambda_arn = "arn:aws:lambda:eu-west-1:222222222222:function:kling-key-rotation"
# 04:00 UTC on the 1st of every month: at most 31 days between rotations.
rotation_schedule = "cron(0 4 1 * ? *)"

worker_artifact_bucket = "acme-build-artifacts-222222222222"
worker_artifact_key    = "kling-worker/kling-worker-3f9c2ab.zip"
callback_image         = "222222222222.dkr.ecr.eu-west-1.amazonaws.com/kling-callback@sha256:6a1d0e5b8f3c47a29e0d1b7c5f4a3e2d1c0b9a8f7e6d5c4b3a29180f7e6d5c4b"
callback_desired_count = 3

video_retention_days = 30
