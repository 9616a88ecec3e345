"""KP-CRED-01 through the real parser on real fixtures: exact (rule, address, status) sets."""

from __future__ import annotations

import json
import re

from .conftest import FIXTURES, scan, triples

RULE = "KP-CRED-01"
FAKE_KEY = re.compile(r"(sk|AK)FAKE[0-9A-Za-z]{6,}")


def test_aws_cases() -> None:
    result = scan(FIXTURES / "kp_cred_01" / "aws")
    assert triples(result.findings, RULE) == {
        (RULE, "var.kling_secret_key", "FAIL"),
        (RULE, "var.kling_access_key", "PASS"),  # the declaration: no default
        (RULE, "var.kling_access_key", "FAIL"),  # its value in prod.tfvars
        (RULE, "var.kling_ak_from_pipeline", "PASS"),
        (RULE, "local.kling_sk", "FAIL"),
        (RULE, "local.kling_creds", "FAIL"),
        (RULE, "aws_secretsmanager_secret_version.kling_sk", "FAIL"),
        (RULE, "aws_secretsmanager_secret_version.kling_ak", "PASS"),
        (RULE, "aws_lambda_function.kling_literal", "FAIL"),
        (RULE, "aws_lambda_function.kling_by_reference", "PASS"),
        (RULE, "aws_ecs_task_definition.kling_worker", "FAIL"),
        (RULE, "aws_ecs_task_definition.kling_reference", "PASS"),
        (RULE, "aws_instance.kling_box", "FAIL"),
        (RULE, "aws_ssm_parameter.kling_access_key", "FAIL"),
        (RULE, "aws_ssm_parameter.kling_secret_key", "FAIL"),
        (RULE, "aws_ssm_parameter.kling_secret_key_ok", "PASS"),
        (RULE, "output.kling_access_key", "FAIL"),
        (RULE, "output.kling_secret_key", "PASS"),
    }


def test_tfvars_value_is_reported_in_the_tfvars_file() -> None:
    result = scan(FIXTURES / "kp_cred_01" / "aws")
    tfvars = [f for f in result.findings
              if f.rule_id == RULE and f.resource.file == "prod.tfvars"]
    assert [(f.resource.address, f.status.value, f.resource.line) for f in tfvars] == [
        ("var.kling_access_key", "FAIL", 2)]


def test_findings_carry_file_and_line() -> None:
    result = scan(FIXTURES / "kp_cred_01" / "aws")
    lines = {f.resource.address: (f.resource.file, f.resource.line) for f in result.findings
             if f.rule_id == RULE and f.resource.file == "main.tf"}
    assert lines["aws_lambda_function.kling_literal"] == ("main.tf", 50)
    assert lines["local.kling_sk"] == ("main.tf", 22)
    assert lines["var.kling_secret_key"] == ("main.tf", 3)


def test_gcp_cases() -> None:
    result = scan(FIXTURES / "kp_cred_01" / "gcp")
    assert triples(result.findings, RULE) == {
        (RULE, "google_secret_manager_secret_version.kling_sk", "FAIL"),
        (RULE, "google_secret_manager_secret_version.kling_sk_wo", "PASS"),
        (RULE, "google_cloud_run_v2_service.kling_literal", "FAIL"),
        (RULE, "google_cloud_run_v2_service.kling_reference", "PASS"),
        (RULE, "google_cloudfunctions_function.kling_callback", "FAIL"),
        (RULE, "google_cloudfunctions2_function.kling_poller", "FAIL"),
        (RULE, "kubernetes_deployment.kling_worker", "FAIL"),
    }


def test_evidence_is_redacted() -> None:
    result = scan(FIXTURES / "kp_cred_01" / "aws")
    evidence = {f.resource.address: f.evidence for f in result.findings if f.rule_id == RULE}
    assert evidence["var.kling_secret_key"] == {"default": "[redacted, 41 chars]"}
    assert evidence["aws_ecs_task_definition.kling_worker"] == {"KLING_ACCESS_KEY": "AKFAKE0K…"}
    assert not FAKE_KEY.search(json.dumps(
        [f.evidence for f in result.findings], ensure_ascii=False) + " ".join(
        f.message for f in result.findings))


def test_value_forwarded_from_a_variable_is_reported_once_on_the_variable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "main.tf").write_text('''
variable "kling_sk" { default = "skFAKEforwarded0000000000000000" }
resource "aws_lambda_function" "kling" {
  function_name = "kling-worker"
  environment {
    variables = { KLING_SECRET_KEY = var.kling_sk }
  }
}
''')
    result = scan(tmp_path)
    assert triples(result.findings, RULE) == {(RULE, "var.kling_sk", "FAIL")}


def test_unknown_value_is_unknown_not_pass(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "main.tf").write_text('''
module "config" { source = "git::https://example.com/config.git" }
resource "aws_lambda_function" "kling" {
  function_name = "kling-worker"
  environment {
    variables = { KLING_SECRET_KEY = module.config.kling_secret_key }
  }
}
''')
    result = scan(tmp_path)
    assert triples(result.findings, RULE) == {(RULE, "aws_lambda_function.kling", "UNKNOWN")}


def test_scope_all_checks_general_credential_names(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "main.tf").write_text('''
variable "db_password" { default = "hunter2hunter2" }
resource "aws_lambda_function" "billing" {
  function_name = "billing"
  environment {
    variables = { STRIPE_API_KEY = "sk_test_FAKE000000000000" }
  }
}
''')
    assert triples(scan(tmp_path).findings, RULE) == set()
    assert triples(scan(tmp_path, scope="all").findings, RULE) == {
        (RULE, "var.db_password", "FAIL"),
        (RULE, "aws_lambda_function.billing", "FAIL"),
    }
