output "secret_arns" {
  description = "ARNs of the Kling secrets, keyed access-key / secret-key. ARNs only, never values."
  value       = { for k, s in aws_secretsmanager_secret.kling : k => s.arn }
}

output "access_key_secret_arn" {
  description = "ARN of the secret holding the Kling access key."
  value       = aws_secretsmanager_secret.kling["access-key"].arn
}

output "secret_key_secret_arn" {
  description = "ARN of the secret holding the Kling secret key."
  value       = aws_secretsmanager_secret.kling["secret-key"].arn
}

output "kms_key_arn" {
  description = "KMS key that encrypts the Kling secrets; workloads need kms:Decrypt on it."
  value       = aws_kms_key.kling_secrets.arn
}
