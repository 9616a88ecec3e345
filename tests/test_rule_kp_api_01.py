"""KP-API-01 through the real parser on real fixtures: exact (rule, address, status) sets."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from kling_posture.pipeline import ScanRequest, run_scan

from .conftest import FIXTURES, scan, triples, write_tree

RULE = "KP-API-01"
AWS = FIXTURES / "kp_api_01" / "aws"
GCP = FIXTURES / "kp_api_01" / "gcp"
PLANTED = re.compile(r"[A-Za-z]*FAKE[0-9A-Za-z]{6,}")

AWS_KLING = {
    (RULE, "var.kling_api_host", "UNKNOWN"),
    (RULE, "var.kling_endpoint", "FAIL"),
    (RULE, "var.kling_base_url_from_pipeline", "UNKNOWN"),
    (RULE, "local.kling", "FAIL"),
    (RULE, "aws_lambda_function.kling_worker", "PASS"),
    (RULE, "aws_lambda_function.kling_singapore", "FAIL"),
    (RULE, "aws_lambda_function.kling_hooked", "FAIL"),
    (RULE, "aws_ecs_task_definition.kling_poller", "FAIL"),
    (RULE, "aws_instance.kling_box", "PASS"),
    (RULE, "output.kling_api_url", "PASS"),
}


def test_aws_cases() -> None:
    assert triples(scan(AWS).findings, RULE) == AWS_KLING


def test_aws_scope_all_checks_every_url_for_keys() -> None:
    assert triples(scan(AWS, scope="all").findings, RULE) == AWS_KLING | {
        (RULE, "local.report_url", "FAIL"),
        (RULE, "aws_lambda_function.billing", "FAIL"),
    }


def test_a_kling_host_missing_from_allowed_egress_says_how_to_allow_it() -> None:
    findings = {f.resource.address: f for f in scan(AWS).findings if f.rule_id == RULE}
    singapore = findings["aws_lambda_function.kling_singapore"]
    assert "Kling host api-singapore.klingai.com, which allowed_egress does not list" in (
        singapore.message)
    assert ('add "api-singapore.klingai.com:443" to allowed_egress in .kling-posture.toml'
            in singapore.message)
    assert singapore.evidence == {"KLING_API_BASE_URL": "https://api-singapore.klingai.com/v1",
                                  "allowed_egress": ["api.klingai.com:443"]}
    poller = findings["aws_ecs_task_definition.kling_poller"]
    assert "http://, not https://" in poller.message
    assert "access_key, secret_key" in poller.message
    assert poller.evidence["KLING_TASKS_URL"] == (
        "https://api.klingai.com/v1/videos?access_key=AKFAKE0K…&secret_key=[redacted, 26 chars]")
    pipeline = findings["var.kling_base_url_from_pipeline"]
    assert pipeline.evidence["forwarded_as"] == ["KLING_BASE_URL"]


def test_gcp_cases() -> None:
    expected = {
        (RULE, "google_cloud_run_v2_service.kling_sg", "FAIL"),
        (RULE, "google_cloud_run_v2_service.kling_status", "FAIL"),
        (RULE, "google_cloudfunctions_function.kling_callback", "UNKNOWN"),
        (RULE, "kubernetes_deployment.kling_worker", "PASS"),
    }
    assert triples(scan(GCP).findings, RULE) == expected
    assert triples(scan(GCP, scope="all").findings, RULE) == expected


def test_allowed_egress_from_the_config_file(tmp_path: Path) -> None:
    shutil.copy(GCP / "main.tf", tmp_path / "main.tf")
    (tmp_path / ".kling-posture.toml").write_text(
        '[parameters]\nallowed_egress = ["api.klingai.com:443", "api-singapore.klingai.com:443"]\n')
    result = scan(tmp_path)
    assert triples(result.findings, RULE) == {
        (RULE, "google_cloud_run_v2_service.kling_sg", "PASS"),
        (RULE, "google_cloud_run_v2_service.kling_status", "FAIL"),
        (RULE, "google_cloudfunctions_function.kling_callback", "UNKNOWN"),
        (RULE, "kubernetes_deployment.kling_worker", "PASS"),
    }
    assert result.parameters[RULE]["allowed_egress"][1] == "api-singapore.klingai.com:443"


def test_allowed_egress_from_a_request_parameter() -> None:
    request = ScanRequest(path=AWS, parameters={RULE: {"allowed_egress": [
        "api.klingai.com:443", "*.internal.example.com:443"]}})
    assert (RULE, "var.kling_endpoint", "PASS") in triples(run_scan(request).findings, RULE)


def test_config_webhook_urls_are_checked_for_keys(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": 'variable "region" { default = "eu-west-1" }\n'})
    (tmp_path / ".kling-posture.toml").write_text(
        'webhook_urls = ["https://hooks.example.com/kling",'
        ' "https://hooks.example.com/kling?ak=AKFAKEconfig0000000000"]\n')
    result = scan(tmp_path)
    assert triples(result.findings, RULE) == {(RULE, "config:webhook_urls[1]", "FAIL")}
    finding = next(f for f in result.findings if f.rule_id == RULE)
    assert finding.evidence["url"] == "https://hooks.example.com/kling?ak=AKFAKEco…"


def test_query_keys_are_whole_names_any_case(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": '''
locals {
  kling_urls = {
    whole    = "https://api.klingai.com/v1?API_KEY=xFAKEwhole000000"
    partial  = "https://api.klingai.com/v1?tokens=1&skip=2&task_token=3&akey=4"
    fragment = "https://api.klingai.com/v1#token=xFAKEfragment00000"
  }
}
'''})
    result = scan(tmp_path)
    assert triples(result.findings, RULE) == {(RULE, "local.kling_urls", "FAIL")}
    finding = next(f for f in result.findings if f.rule_id == RULE)
    assert set(finding.evidence) == {"kling_urls.whole"}


def test_keys_found_in_urls_never_leave(tmp_path: Path) -> None:
    planted = {m.group(0) for m in PLANTED.finditer((AWS / "main.tf").read_text())}
    assert len(planted) >= 6
    for args in (["-f", "json"], ["--scope", "all", "-f", "json"],
                 ["--scope", "all", "-f", "terminal", "--verbose"]):
        completed = subprocess.run([sys.executable, "-m", "kling_posture", "scan", str(AWS),
                                    *args], capture_output=True, text=True)
        output = completed.stdout + completed.stderr
        assert completed.returncode in (0, 1), output[-2000:]
        assert not [value for value in planted if value in output]
    report = json.loads(subprocess.run(
        [sys.executable, "-m", "kling_posture", "scan", str(AWS), "-f", "json"],
        capture_output=True, text=True).stdout)
    assert any("[redacted," in json.dumps(f["evidence"]) for f in report["findings"]
               if f["rule_id"] == RULE)


def test_catalogue_entry_maps_the_frameworks_of_controls_md() -> None:
    from kling_posture.catalogue import load_catalogue

    rule = next(r for r in load_catalogue() if r.id == RULE)
    assert rule.severity.value == "medium" and rule.sources == ["terraform", "aws", "gcp"]
    assert rule.parameters == {"allowed_egress": ["api.klingai.com:443"]}
    assert rule.frameworks == {"iso27001": ["A.8.24"], "soc2": ["CC6.7"],
                               "nist_800_53": ["SC-8(1)"], "gdpr": ["Art. 32"]}
