# AWS Network Firewall: the domain allow-list that makes "443 to 0.0.0.0/0" in the
# workload security groups safe. Only TLS connections whose SNI (or plain HTTP requests whose
# Host header) is on var.kling_allowed_domains get through; every other established flow is
# dropped and logged.

resource "aws_networkfirewall_rule_group" "kling_egress_allowlist" {
  name        = "kling-${var.environment}-egress-allowlist"
  description = "Allow outbound TLS/HTTP only to the Kling API"
  type        = "STATEFUL"
  capacity    = 100

  rule_group {
    rule_variables {
      ip_sets {
        key = "HOME_NET"
        ip_set {
          definition = [var.cidr_block]
        }
      }
    }

    rules_source {
      rules_source_list {
        generated_rules_type = "ALLOWLIST"
        target_types         = ["TLS_SNI", "HTTP_HOST"]
        targets              = var.kling_allowed_domains
      }
    }

    stateful_rule_options {
      rule_order = "STRICT_ORDER"
    }
  }

  tags = merge(var.tags, { Name = "kling-${var.environment}-egress-allowlist" })
}

resource "aws_networkfirewall_firewall_policy" "kling_egress" {
  name        = "kling-${var.environment}-egress"
  description = "Default-deny egress policy for the Kling workloads"

  firewall_policy {
    stateless_default_actions          = ["aws:forward_to_sfe"]
    stateless_fragment_default_actions = ["aws:forward_to_sfe"]

    # Strict order + drop_established: the TCP handshake is allowed so the firewall can read
    # the TLS ClientHello, then anything not passed by the allow-list is dropped.
    stateful_default_actions = ["aws:drop_established", "aws:alert_established"]

    stateful_engine_options {
      rule_order = "STRICT_ORDER"
    }

    stateful_rule_group_reference {
      priority     = 100
      resource_arn = aws_networkfirewall_rule_group.kling_egress_allowlist.arn
    }
  }

  tags = var.tags
}

resource "aws_networkfirewall_firewall" "kling_egress" {
  name                = "kling-${var.environment}-egress"
  description         = "Egress inspection for the Kling VPC"
  vpc_id              = aws_vpc.kling.id
  firewall_policy_arn = aws_networkfirewall_firewall_policy.kling_egress.arn

  delete_protection                 = var.environment == "prod"
  firewall_policy_change_protection = var.environment == "prod"
  subnet_change_protection          = var.environment == "prod"

  dynamic "subnet_mapping" {
    for_each = aws_subnet.firewall

    content {
      subnet_id = subnet_mapping.value.id
    }
  }

  tags = merge(var.tags, { Name = "kling-${var.environment}-egress" })
}

locals {
  # AZ => firewall endpoint id, used by the NAT and edge route tables in main.tf.
  firewall_endpoints = {
    for state in aws_networkfirewall_firewall.kling_egress.firewall_status[0].sync_states :
    state.availability_zone => state.attachment[0].endpoint_id
  }
}

resource "aws_cloudwatch_log_group" "firewall_alerts" {
  name              = "/network-firewall/kling-${var.environment}/alerts"
  retention_in_days = var.firewall_log_retention_days

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "firewall_flows" {
  name              = "/network-firewall/kling-${var.environment}/flows"
  retention_in_days = var.firewall_log_retention_days

  tags = var.tags
}

resource "aws_networkfirewall_logging_configuration" "kling_egress" {
  firewall_arn = aws_networkfirewall_firewall.kling_egress.arn

  logging_configuration {
    log_destination_config {
      log_type             = "ALERT"
      log_destination_type = "CloudWatchLogs"
      log_destination = {
        logGroup = aws_cloudwatch_log_group.firewall_alerts.name
      }
    }

    log_destination_config {
      log_type             = "FLOW"
      log_destination_type = "CloudWatchLogs"
      log_destination = {
        logGroup = aws_cloudwatch_log_group.firewall_flows.name
      }
    }
  }
}
