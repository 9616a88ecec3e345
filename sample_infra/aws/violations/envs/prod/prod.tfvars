aws_region         = "eu-west-1"
account_id         = "222222222222"
vpc_cidr           = "10.50.0.0/16"
availability_zones = ["eu-west-1a", "eu-west-1b"]

rotation_lambda_arn = "arn:aws:lambda:eu-west-1:222222222222:function:kling-key-rotation"

webhook_certificate_arn = "arn:aws:acm:eu-west-1:222222222222:certificate/5f0c1f6e-2b8d-4c1e-9a7b-1d2e3f4a5b6c"
cdn_certificate_arn     = "arn:aws:acm:us-east-1:222222222222:certificate/0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d"

callback_image = "222222222222.dkr.ecr.eu-west-1.amazonaws.com/kling-callback:latest"

# PLANTED: KP-CRED-01 Kling AK set as a literal in a .tfvars file
kling_access_key = "AKFAKE0KLINGPRD00000EXAMPLE"
