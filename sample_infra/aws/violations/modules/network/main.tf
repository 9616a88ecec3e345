# VPC for the Kling services: public subnets (ALB, NAT) and private subnets (ECS tasks).
# One NAT gateway to keep the bill down.
#
# TODO(PLAT-2291): put AWS Network Firewall in front of the NAT gateway so egress can be limited
# to api.klingai.com. Until then the security groups are the only egress control.

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

  vpc_id                  = aws_vpc.kling.id
  availability_zone       = each.key
  cidr_block              = cidrsubnet(var.cidr_block, 4, each.value)
  map_public_ip_on_launch = true

  tags = merge(var.tags, { Name = "${local.name}-public-${each.key}" })
}

resource "aws_subnet" "private" {
  for_each = local.azs

  vpc_id            = aws_vpc.kling.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(var.cidr_block, 4, 8 + each.value)

  tags = merge(var.tags, { Name = "${local.name}-private-${each.key}" })
}

resource "aws_internet_gateway" "kling" {
  vpc_id = aws_vpc.kling.id

  tags = merge(var.tags, { Name = "${local.name}-igw" })
}

resource "aws_eip" "nat" {
  domain = "vpc"

  tags = merge(var.tags, { Name = "${local.name}-nat" })
}

resource "aws_nat_gateway" "kling" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[var.availability_zones[0]].id

  tags = merge(var.tags, { Name = "${local.name}-nat" })

  depends_on = [aws_internet_gateway.kling]
}

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

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.kling.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.kling.id
  }

  tags = merge(var.tags, { Name = "${local.name}-private" })
}

resource "aws_route_table_association" "private" {
  for_each = aws_subnet.private

  subnet_id      = each.value.id
  route_table_id = aws_route_table.private.id
}
