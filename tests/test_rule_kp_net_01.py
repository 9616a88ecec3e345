"""KP-NET-01 through the real parser on real fixtures: exact (rule, address, status) sets."""

from __future__ import annotations

from pathlib import Path

from kling_posture.pipeline import ScanRequest, run_scan

from .conftest import FIXTURES, scan, triples

RULE = "KP-NET-01"
AWS = {
    (RULE, "aws_security_group_rule.http", "FAIL"),
    (RULE, "aws_lambda_function.kling_ok", "PASS"),
    (RULE, "aws_lambda_function.kling_http", "FAIL"),
    (RULE, "aws_lambda_function.kling_no_vpc", "FAIL"),
    (RULE, "aws_lambda_function.kling_internal", "PASS"),
    (RULE, "aws_lambda_function.kling_external_sg", "UNKNOWN"),
    (RULE, "aws_ecs_task_definition.kling_orphan", "UNKNOWN"),
    (RULE, "aws_ecs_service.kling_callback", "PASS"),
}


def test_aws_cases() -> None:
    assert triples(scan(FIXTURES / "kp_net_01" / "aws").findings, RULE) == AWS


def test_aws_scope_all_judges_every_security_group() -> None:
    result = scan(FIXTURES / "kp_net_01" / "aws", scope="all")
    assert triples(result.findings, RULE) == AWS | {
        (RULE, "aws_security_group.unrelated", "FAIL")}


def test_aws_dns_firewall_allow_list() -> None:
    assert triples(scan(FIXTURES / "kp_net_01" / "aws_dns").findings, RULE) == {
        (RULE, "aws_instance.kling_renderer", "PASS")}


def test_allow_list_must_hold_only_allowed_hosts(tmp_path: Path) -> None:
    source = (FIXTURES / "kp_net_01" / "aws" / "main.tf").read_text()
    (tmp_path / "main.tf").write_text(source.replace(
        'targets              = ["api.klingai.com"]',
        'targets              = ["api.klingai.com", ".amazonaws.com"]'))
    statuses = triples(scan(tmp_path).findings, RULE)
    assert (RULE, "aws_lambda_function.kling_ok", "FAIL") in statuses


def test_allowed_egress_parameter_adds_a_host(tmp_path: Path) -> None:
    source = (FIXTURES / "kp_net_01" / "aws" / "main.tf").read_text()
    (tmp_path / "main.tf").write_text(source.replace(
        'targets              = ["api.klingai.com"]',
        'targets              = ["api.klingai.com", "api-singapore.klingai.com"]'))
    assert (RULE, "aws_lambda_function.kling_ok", "FAIL") in triples(scan(tmp_path).findings,
                                                                      RULE)
    (tmp_path / ".kling-posture.toml").write_text(
        '[parameters]\nallowed_egress = ["api.klingai.com:443", "api-singapore.klingai.com:443"]\n')
    result = run_scan(ScanRequest(path=tmp_path))
    assert (RULE, "aws_lambda_function.kling_ok", "PASS") in triples(result.findings, RULE)


def test_gcp_cases() -> None:
    assert triples(scan(FIXTURES / "kp_net_01" / "gcp").findings, RULE) == {
        (RULE, "google_compute_firewall.loose_web", "FAIL"),
        (RULE, "google_cloud_run_v2_service.kling_ok", "PASS"),
        (RULE, "google_cloud_run_v2_service.kling_loose", "FAIL"),
        (RULE, "google_cloud_run_v2_service.kling_direct", "FAIL"),
        (RULE, "google_cloud_run_v2_job.kling_batch", "UNKNOWN"),
    }


def test_evidence_names_the_paths() -> None:
    result = scan(FIXTURES / "kp_net_01" / "aws")
    finding = next(f for f in result.findings if f.rule_id == RULE
                   and f.resource.address == "aws_lambda_function.kling_http")
    assert finding.evidence["egress_beyond_allowed_ports"] == ["tcp 80 to 0.0.0.0/0"]
    assert finding.evidence["security_groups"] == ["aws_security_group.https_only",
                                                   "aws_security_group.http_too"]


def test_missing_firewall_is_unknown_not_fail(tmp_path: Path) -> None:
    source = (FIXTURES / "kp_net_01" / "aws" / "main.tf").read_text()
    start = source.index('resource "aws_networkfirewall_rule_group" "kling"')
    end = source.index("locals {")
    (tmp_path / "main.tf").write_text(source[:start] + source[end:])
    statuses = triples(scan(tmp_path).findings, RULE)
    assert (RULE, "aws_lambda_function.kling_ok", "UNKNOWN") in statuses
    assert (RULE, "aws_lambda_function.kling_http", "FAIL") in statuses  # ports decide alone


def test_gcp_missing_deny_or_fqdn_rule_is_unknown(tmp_path: Path) -> None:
    source = (FIXTURES / "kp_net_01" / "gcp" / "main.tf").read_text()
    without_deny = source.replace('resource "google_compute_firewall" "kling_deny"',
                                  'resource "google_compute_firewall" "kling_deny_elsewhere"'
                                  ).replace("network            = google_compute_network.kling.id"
                                            "\n  direction          = \"EGRESS\"\n  priority"
                                            "           = 65000",
                                            "network            = \"projects/p/global/networks"
                                            "/other\"\n  direction          = \"EGRESS\"\n  "
                                            "priority           = 65000")
    (tmp_path / "main.tf").write_text(without_deny)
    statuses = triples(scan(tmp_path).findings, RULE)
    assert (RULE, "google_cloud_run_v2_service.kling_ok", "UNKNOWN") in statuses
