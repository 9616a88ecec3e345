output "vpc_id" {
  description = "ID of the Kling VPC."
  value       = aws_vpc.kling.id
}

output "vpc_cidr" {
  description = "CIDR block of the Kling VPC."
  value       = aws_vpc.kling.cidr_block
}

output "public_subnet_ids" {
  description = "Public subnets (ALB)."
  value       = [for s in aws_subnet.public : s.id]
}

output "private_subnet_ids" {
  description = "Private subnets (ECS tasks)."
  value       = [for s in aws_subnet.private : s.id]
}
