aws_region = "eu-west-1"
account_id = "111111111111"

rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111111111111:function:kling-key-rotation"

worker_artifact_bucket = "acme-build-artifacts-111111111111"
worker_artifact_key    = "kling-worker/kling-worker-3f9c2ab.zip"
