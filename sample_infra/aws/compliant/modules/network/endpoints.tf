# VPC endpoints: AWS APIs the workloads need without crossing the Network Firewall.
# Secrets Manager (the Kling AK/SK), ECR (container images), CloudWatch Logs and S3 (videos).

resource "aws_security_group" "endpoints" {
  name        = "kling-${var.environment}-vpc-endpoints"
  description = "Interface VPC endpoints, reachable on 443 from inside the VPC only"
  vpc_id      = aws_vpc.kling.id

  tags = merge(var.tags, { Name = "kling-${var.environment}-vpc-endpoints" })
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_https" {
  security_group_id = aws_security_group.endpoints.id
  description       = "HTTPS from workloads in the VPC"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = aws_vpc.kling.cidr_block
}

# No egress rule on purpose: the endpoint ENIs only answer, they never initiate.

resource "aws_vpc_endpoint" "interface" {
  for_each = var.interface_endpoint_services

  vpc_id              = aws_vpc.kling.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [for s in aws_subnet.private : s.id]
  security_group_ids  = [aws_security_group.endpoints.id]

  tags = merge(var.tags, { Name = "kling-${var.environment}-${each.key}" })
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.kling.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [for rt in aws_route_table.private : rt.id]

  tags = merge(var.tags, { Name = "kling-${var.environment}-s3" })
}
