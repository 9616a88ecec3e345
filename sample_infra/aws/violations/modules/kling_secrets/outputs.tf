output "secret_ids" {
  description = "IDs of the Kling secrets, keyed ak / sk."
  value       = { for k, s in aws_secretsmanager_secret.kling : k => s.id }
}

output "secret_arns" {
  description = "ARNs of the Kling secrets, keyed ak / sk."
  value       = { for k, s in aws_secretsmanager_secret.kling : k => s.arn }
}
