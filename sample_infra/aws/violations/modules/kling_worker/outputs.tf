output "function_name" {
  description = "Name of the kling-worker Lambda function."
  value       = aws_lambda_function.kling_worker.function_name
}

output "function_arn" {
  description = "ARN of the kling-worker Lambda function."
  value       = aws_lambda_function.kling_worker.arn
}
