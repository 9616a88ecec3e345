"""KP-ROT-01 through the real parser on real fixtures: exact (rule, address, status) sets."""

from __future__ import annotations

from pathlib import Path

from .conftest import FIXTURES, scan, triples

RULE = "KP-ROT-01"


def test_aws_cases() -> None:
    result = scan(FIXTURES / "kp_rot_01" / "aws")
    assert triples(result.findings, RULE) == {
        (RULE, "aws_secretsmanager_secret.kling_unrotated", "FAIL"),
        (RULE, 'aws_secretsmanager_secret_rotation.kling["ak"]', "PASS"),
        (RULE, 'aws_secretsmanager_secret_rotation.kling["sk"]', "PASS"),
        (RULE, "aws_secretsmanager_secret_rotation.kling_slow", "FAIL"),
        (RULE, "aws_secretsmanager_secret_rotation.kling_cron", "FAIL"),
        (RULE, "aws_secretsmanager_secret_rotation.kling_rate", "PASS"),
        (RULE, "aws_secretsmanager_secret_rotation.kling_monthly", "PASS"),
        (RULE, "aws_secretsmanager_secret_rotation.kling_variable", "UNKNOWN"),
    }


def test_evidence_and_messages() -> None:
    result = scan(FIXTURES / "kp_rot_01" / "aws")
    by_address = {f.resource.address: f for f in result.findings if f.rule_id == RULE}
    slow = by_address["aws_secretsmanager_secret_rotation.kling_slow"]
    assert slow.evidence == {"automatically_after_days": 120, "max_rotation_days": 90}
    assert "120" in slow.message and slow.resource.line == 32
    cron = by_address["aws_secretsmanager_secret_rotation.kling_cron"]
    assert cron.evidence["longest_interval_days"] == 184.0


def test_scope_all_includes_every_secret() -> None:
    result = scan(FIXTURES / "kp_rot_01" / "aws", scope="all")
    assert (RULE, "aws_secretsmanager_secret.database", "FAIL") in triples(result.findings, RULE)


def test_gcp_cases() -> None:
    result = scan(FIXTURES / "kp_rot_01" / "gcp")
    assert triples(result.findings, RULE) == {
        (RULE, "google_secret_manager_secret.kling_ak", "PASS"),
        (RULE, "google_secret_manager_secret.kling_sk", "FAIL"),
        (RULE, "google_secret_manager_secret.webhook_token", "FAIL"),
    }


def test_parameter_changes_the_limit(tmp_path: Path) -> None:
    from kling_posture.pipeline import ScanRequest, run_scan

    request = ScanRequest(path=FIXTURES / "kp_rot_01" / "gcp",
                          parameters={RULE: {"max_rotation_days": 200}})
    statuses = triples(run_scan(request).findings, RULE)
    assert (RULE, "google_secret_manager_secret.kling_sk", "PASS") in statuses


def test_legacy_inline_rotation_rules_and_module_addresses(tmp_path: Path) -> None:
    (tmp_path / "modules" / "secrets").mkdir(parents=True)
    (tmp_path / "main.tf").write_text('''
module "secrets" {
  source = "./modules/secrets"
  days   = 45
}
''')
    (tmp_path / "modules" / "secrets" / "main.tf").write_text('''
variable "days" {}
resource "aws_secretsmanager_secret" "kling" {
  name = "kling/prod/sk"
  rotation_rules {
    automatically_after_days = var.days
  }
}
''')
    assert triples(scan(tmp_path).findings, RULE) == {
        (RULE, "module.secrets.aws_secretsmanager_secret.kling", "PASS")}
