# Network for the Kling workloads.
#
# Four subnet tiers per AZ:
#   public   - the internet-facing webhook ALB
#   nat      - NAT gateways
#   firewall - AWS Network Firewall endpoints
#   private  - the Lambda worker and the ECS callback service (no public IPs)
#
# Outbound path from a workload: private -> NAT gateway -> Network Firewall -> internet gateway.
# The firewall only lets TLS/HTTP through when the SNI / Host is on the Kling allow-list
# (see firewall.tf), so the security groups can open 443 to 0.0.0.0/0 without opening the
# internet. AWS services (Secrets Manager, ECR, CloudWatch Logs, S3) are reached through VPC
# endpoints and never leave the VPC (see endpoints.tf).

data "aws_region" "current" {}

locals {
  name = "kling-${var.environment}"
  azs  = { for idx, az in var.availability_zones : az => idx }
}

resource "aws_vpc" "kling" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(var.tags, { Name = "${local.name}-vpc" })
}

resource "aws_subnet" "public" {
  for_each = local.azs

  vpc_id            = aws_vpc.kling.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(var.cidr_block, 4, each.value)

  tags = merge(var.tags, { Name = "${local.name}-public-${each.key}", Tier = "public" })
}

resource "aws_subnet" "nat" {
  for_each = local.azs

  vpc_id            = aws_vpc.kling.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(var.cidr_block, 4, 4 + each.value)

  tags = merge(var.tags, { Name = "${local.name}-nat-${each.key}", Tier = "nat" })
}

resource "aws_subnet" "firewall" {
  for_each = local.azs

  vpc_id            = aws_vpc.kling.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(var.cidr_block, 4, 8 + each.value)

  tags = merge(var.tags, { Name = "${local.name}-firewall-${each.key}", Tier = "firewall" })
}

resource "aws_subnet" "private" {
  for_each = local.azs

  vpc_id            = aws_vpc.kling.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(var.cidr_block, 4, 12 + each.value)

  tags = merge(var.tags, { Name = "${local.name}-private-${each.key}", Tier = "private" })
}

resource "aws_internet_gateway" "kling" {
  vpc_id = aws_vpc.kling.id

  tags = merge(var.tags, { Name = "${local.name}-igw" })
}

resource "aws_eip" "nat" {
  for_each = local.azs

  domain = "vpc"

  tags = merge(var.tags, { Name = "${local.name}-nat-${each.key}" })
}

resource "aws_nat_gateway" "kling" {
  for_each = local.azs

  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = aws_subnet.nat[each.key].id

  tags = merge(var.tags, { Name = "${local.name}-nat-${each.key}" })

  depends_on = [aws_internet_gateway.kling]
}

# --- Route tables -----------------------------------------------------------------------

# Public tier (ALB): straight to the internet gateway.
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.kling.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.kling.id
  }

  tags = merge(var.tags, { Name = "${local.name}-public" })
}

resource "aws_route_table_association" "public" {
  for_each = aws_subnet.public

  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}

# Private tier (workloads): default route to the NAT gateway of the same AZ.
resource "aws_route_table" "private" {
  for_each = local.azs

  vpc_id = aws_vpc.kling.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.kling[each.key].id
  }

  tags = merge(var.tags, { Name = "${local.name}-private-${each.key}" })
}

resource "aws_route_table_association" "private" {
  for_each = aws_subnet.private

  subnet_id      = each.value.id
  route_table_id = aws_route_table.private[each.key].id
}

# NAT tier: everything leaving the VPC goes through the firewall endpoint of the same AZ.
resource "aws_route_table" "nat" {
  for_each = local.azs

  vpc_id = aws_vpc.kling.id

  route {
    cidr_block      = "0.0.0.0/0"
    vpc_endpoint_id = local.firewall_endpoints[each.key]
  }

  tags = merge(var.tags, { Name = "${local.name}-nat-${each.key}" })
}

resource "aws_route_table_association" "nat" {
  for_each = aws_subnet.nat

  subnet_id      = each.value.id
  route_table_id = aws_route_table.nat[each.key].id
}

# Firewall tier: inspected traffic continues to the internet gateway.
resource "aws_route_table" "firewall" {
  vpc_id = aws_vpc.kling.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.kling.id
  }

  tags = merge(var.tags, { Name = "${local.name}-firewall" })
}

resource "aws_route_table_association" "firewall" {
  for_each = aws_subnet.firewall

  subnet_id      = each.value.id
  route_table_id = aws_route_table.firewall.id
}

# Ingress (edge) route table on the internet gateway: return traffic for the NAT subnets
# goes back through the firewall endpoint, so the firewall sees both directions of a flow.
resource "aws_route_table" "igw_edge" {
  vpc_id = aws_vpc.kling.id

  dynamic "route" {
    for_each = local.azs

    content {
      cidr_block      = aws_subnet.nat[route.key].cidr_block
      vpc_endpoint_id = local.firewall_endpoints[route.key]
    }
  }

  tags = merge(var.tags, { Name = "${local.name}-igw-edge" })
}

resource "aws_route_table_association" "igw_edge" {
  gateway_id     = aws_internet_gateway.kling.id
  route_table_id = aws_route_table.igw_edge.id
}

# Flow logs for the whole VPC, kept as long as the firewall logs.
resource "aws_cloudwatch_log_group" "flow_logs" {
  name              = "/vpc/${local.name}/flow-logs"
  retention_in_days = var.firewall_log_retention_days

  tags = var.tags
}

resource "aws_iam_role" "flow_logs" {
  name = "${local.name}-vpc-flow-logs"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "vpc-flow-logs.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "flow_logs" {
  name = "write-flow-logs"
  role = aws_iam_role.flow_logs.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
      Resource = "${aws_cloudwatch_log_group.flow_logs.arn}:*"
    }]
  })
}

resource "aws_flow_log" "kling" {
  vpc_id               = aws_vpc.kling.id
  traffic_type         = "ALL"
  log_destination_type = "cloud-watch-logs"
  log_destination      = aws_cloudwatch_log_group.flow_logs.arn
  iam_role_arn         = aws_iam_role.flow_logs.arn

  tags = var.tags
}
