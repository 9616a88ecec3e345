# The Kling AK ("ak") and SK ("sk") of one environment in Secrets Manager.
# The rotation schedule of each credential comes from the caller (var.rotation).
#
# Migration status: the workloads still read the prototype secret kling/shared/api-credentials;
# moving them to these per-environment secrets is tracked in VID-418.

resource "aws_secretsmanager_secret" "kling" {
  for_each = toset(["ak", "sk"])

  name                    = "kling/${var.environment}/${each.key}"
  description             = "Kling API ${each.key == "ak" ? "access key" : "secret key"} (${var.environment})"
  recovery_window_in_days = 7

  tags = merge(var.tags, { Credential = each.key })
}

resource "aws_secretsmanager_secret_rotation" "kling" {
  for_each = var.rotation

  secret_id           = aws_secretsmanager_secret.kling[each.key].id
  rotation_lambda_arn = var.rotation_lambda_arn

  rotation_rules {
    automatically_after_days = each.value.automatically_after_days
    schedule_expression      = each.value.schedule_expression
  }
}
