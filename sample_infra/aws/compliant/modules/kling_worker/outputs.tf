output "function_name" {
  description = "Name of the kling-worker Lambda function."
  value       = aws_lambda_function.kling_worker.function_name
}

output "function_arn" {
  description = "ARN of the kling-worker Lambda function."
  value       = aws_lambda_function.kling_worker.arn
}

output "security_group_id" {
  description = "Security group of the function."
  value       = aws_security_group.kling_worker.id
}

output "role_arn" {
  description = "Execution role of the function."
  value       = aws_iam_role.kling_worker.arn
}
