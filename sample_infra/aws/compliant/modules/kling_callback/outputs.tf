output "cluster_name" {
  description = "ECS cluster of the Kling services."
  value       = aws_ecs_cluster.kling.name
}

output "service_name" {
  description = "Name of the kling-callback ECS service."
  value       = aws_ecs_service.kling_callback.name
}

output "task_definition_arn" {
  description = "ARN of the current task definition revision."
  value       = aws_ecs_task_definition.kling_callback.arn
}

output "security_group_id" {
  description = "Security group of the tasks."
  value       = aws_security_group.kling_callback.id
}
