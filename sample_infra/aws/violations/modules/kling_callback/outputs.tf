output "service_name" {
  description = "Name of the kling-callback ECS service."
  value       = aws_ecs_service.kling_callback.name
}

output "task_definition_arn" {
  description = "ARN of the current task definition revision."
  value       = aws_ecs_task_definition.kling_callback.arn
}
