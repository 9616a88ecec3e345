output "vpc_id" {
  description = "ID of the Kling VPC."
  value       = aws_vpc.kling.id
}

output "vpc_cidr" {
  description = "CIDR block of the Kling VPC."
  value       = aws_vpc.kling.cidr_block
}

output "public_subnet_ids" {
  description = "Subnets for the internet-facing webhook ALB."
  value       = [for s in aws_subnet.public : s.id]
}

output "private_subnet_ids" {
  description = "Subnets for the workloads (egress through NAT and the Network Firewall)."
  value       = [for s in aws_subnet.private : s.id]
}

output "firewall_arn" {
  description = "ARN of the egress Network Firewall."
  value       = aws_networkfirewall_firewall.kling_egress.arn
}
