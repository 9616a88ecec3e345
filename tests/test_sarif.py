"""The SARIF report: real scans of the fixtures, validated against the OASIS SARIF 2.1.0 schema."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from kling_posture.catalogue import load_catalogue
from kling_posture.model import Finding, Resource, RunInfo, Severity, SourceError, Status
from kling_posture.pipeline import ScanRequest, ScanResult, run_scan
from kling_posture.report import build_report
from kling_posture.reporters.sarif import render_sarif

from .conftest import FIXTURES

# a copy of ../shared/schemas/sarif-schema-2.1.0.json (oasis-tcs/sarif-spec, unchanged)
SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
PLANTED = re.compile(r"(sk|AK)FAKE[0-9A-Za-z]{6,}")
WAIVER = {"reason": "legacy key, replaced in the Q1 migration", "until": "2027-03-31"}
CLOUD_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:kling-sk-AbCdEf"


def scanned(fixture: str) -> tuple[ScanResult, dict[str, Any]]:
    """Scan a fixture folder with the real pipeline; the report as the CLI builds it."""
    root = FIXTURES / fixture
    result = run_scan(ScanRequest(path=root))
    return result, report_of(result, result.findings, result.inventory.errors, root)


def report_of(result: ScanResult, findings: list[Finding], errors: list[SourceError],
              root: Path) -> dict[str, Any]:
    """The report document with fixed timestamps (the CLI stamps the clock)."""
    run = RunInfo(started_at="2026-01-02T03:04:05Z", finished_at="2026-01-02T03:04:07Z",
                  sources=result.inventory.sources, scope=result.scope, targets=[root.name],
                  parameters=result.parameters)
    return build_report(sorted(findings, key=Finding.sort_key), errors, run)


def sarif_of(result: ScanResult, report: dict[str, Any]) -> dict[str, Any]:
    """Render, scrub as the CLI does, validate against the schema, and parse."""
    text = result.redactor.scrub(render_sarif(report, result.rules))
    log = json.loads(text)
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    return log


def _validator() -> Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


VALIDATOR = _validator()


def waived_tree(root: Path) -> ScanResult:
    """A scan with an inline waiver (valid) and an expired configured waiver (a problem)."""
    (root / "main.tf").write_text(
        '# kling-posture:waive KP-ROT-01 until=2099-12-31 reason="rotation lands with VID-77"'
        ' owner="platform"\n'
        'resource "aws_secretsmanager_secret" "kling" {}\n')
    (root / ".kling-posture.toml").write_text(
        '[[waivers]]\nrule = "KP-ROT-01"\nresource = "aws_secretsmanager_secret.old"\n'
        'reason = "gone"\nuntil = 2020-01-01\n')
    return run_scan(ScanRequest(path=root, today=dt.date(2026, 1, 2)))


def hand_made(status: Status, resource: Resource, waiver: dict[str, Any] | None = None
              ) -> Finding:
    """A KP-CRED-01 finding built by hand (waivers and cloud sources do not exist yet)."""
    return Finding(rule_id="KP-CRED-01", status=status, severity=Severity.CRITICAL,
                   message="Kling credential written as a literal", resource=resource,
                   evidence={"value": "[redacted, 41 chars]"}, waiver=waiver)


def results_at(log: dict[str, Any], address: str, rule_id: str) -> list[dict[str, Any]]:
    """The results of ``rule_id`` whose logical location is ``address``."""
    return [r for r in log["runs"][0]["results"]
            if r["ruleId"] == rule_id and address in {
                loc["fullyQualifiedName"] for loc in r["locations"][0]["logicalLocations"]}]


@pytest.mark.parametrize("fixture", ["kp_cred_01", "kp_rot_01"])
def test_every_non_pass_finding_is_a_valid_result(fixture: str) -> None:
    result, report = scanned(fixture)
    log = sarif_of(result, report)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "kling-posture" and driver["version"] == "0.1.0"
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    wanted = [f for f in report["findings"] if f["status"] != "PASS"]
    assert len(run["results"]) == len(wanted) > 0
    for finding, sarif in zip(wanted, run["results"], strict=True):
        resource = finding["resource"]
        assert sarif["ruleId"] == finding["rule_id"] == rules[sarif["ruleIndex"]]["id"]
        physical = sarif["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": resource["file"],
                                                "uriBaseId": "%SRCROOT%"}
        assert physical["region"]["startLine"] == resource["line"]
        assert sarif["properties"]["status"] == finding["status"]
        assert sarif["properties"]["evidence"] == finding["evidence"]
        assert resource["address"] in sarif["message"]["text"]
        assert len(sarif["partialFingerprints"]["klingPosture/v1"]) == 64
    fingerprints = [r["partialFingerprints"]["klingPosture/v1"] for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)
    assert run["invocations"][0]["executionSuccessful"] is True
    assert "%SRCROOT%" in run["originalUriBaseIds"]


def test_fail_results_carry_rule_file_line_and_level() -> None:
    result, report = scanned("kp_rot_01")
    log = sarif_of(result, report)
    [slow] = results_at(log, "aws_secretsmanager_secret_rotation.kling_slow", "KP-ROT-01")
    assert slow["ruleId"] == "KP-ROT-01" and slow["kind"] == "fail" and slow["level"] == "error"
    location = slow["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "aws/main.tf"
    assert location["region"]["startLine"] == 32
    assert slow["properties"]["evidence"]["automatically_after_days"] == 120
    assert results_at(log, 'aws_secretsmanager_secret_rotation.kling["ak"]', "KP-ROT-01") == []  # PASS
    result, report = scanned("kp_cred_01")
    log = sarif_of(result, report)
    [tfvars] = results_at(log, "var.kling_access_key", "KP-CRED-01")
    assert tfvars["ruleId"] == "KP-CRED-01" and tfvars["level"] == "error"
    tfvars_location = tfvars["locations"][0]["physicalLocation"]
    assert tfvars_location["artifactLocation"]["uri"] == "aws/prod.tfvars"
    assert tfvars_location["region"]["startLine"] == 2


def test_unknown_is_an_open_result_without_level() -> None:
    result, report = scanned("kp_rot_01")
    [unknown] = results_at(sarif_of(result, report),
                           "aws_secretsmanager_secret_rotation.kling_variable", "KP-ROT-01")
    assert unknown["kind"] == "open" and unknown["level"] == "none"  # SARIF §3.27.10
    assert unknown["message"]["text"].startswith("UNKNOWN: ")
    assert unknown["properties"]["status"] == "UNKNOWN"


def test_rules_describe_severity_frameworks_and_help() -> None:
    result, report = scanned("kp_cred_01")
    rules = {rule["id"]: rule for rule in sarif_of(result, report)["runs"][0]["tool"]["driver"]
             ["rules"]}
    assert set(rules) == {rule.id for rule in load_catalogue()}
    expected = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
    for rule in load_catalogue():
        sarif = rules[rule.id]
        assert sarif["properties"]["security-severity"] == expected[rule.severity.value]
        assert float(sarif["properties"]["security-severity"]) > 0
        assert sarif["properties"]["precision"] == "high"
        assert sarif["properties"]["tags"][0] == "security"
        assert sarif["shortDescription"]["text"] == rule.title
        assert sarif["fullDescription"]["text"] == rule.summary
        assert sarif["helpUri"] == (rule.references[0] if rule.references
                                    else f"https://github.com/kling-posture/kling-posture#{rule.id}")
        assert "```hcl\n" in sarif["help"]["markdown"]
        assert rule.remediation in sarif["help"]["markdown"]
        assert rule.why in sarif["help"]["text"]
    cred = rules["KP-CRED-01"]
    assert cred["name"] == "KlingAKSKLiveInASecretsManager"
    assert cred["defaultConfiguration"]["level"] == "error"
    assert {"ISO27001:A.5.17", "ISO27001:A.8.24", "SOC2:CC6.1", "NIST800-53:IA-5(7)",
            "GDPR:Art. 32"} <= set(cred["properties"]["tags"])
    assert rules["KP-ROT-01"]["name"] == "RotationIsConfiguredAt90DaysOrLess"
    assert "`max_rotation_days = 90`" in rules["KP-ROT-01"]["help"]["markdown"]


def test_waived_finding_is_a_suppressed_failure() -> None:
    result, _ = scanned("kp_cred_01")
    resource = Resource(address="var.kling_legacy_key", type="variable", source="terraform",
                        attributes={}, file="aws/main.tf", line=3, mode="variable",
                        root_dir="aws")
    waived = hand_made(Status.WAIVED, resource, dict(WAIVER))
    report = report_of(result, [*result.findings, waived], [], FIXTURES / "kp_cred_01")
    [sarif] = results_at(sarif_of(result, report), "var.kling_legacy_key", "KP-CRED-01")
    assert sarif["kind"] == "fail" and sarif["level"] == "error"
    assert sarif["suppressions"] == [{"kind": "external", "status": "accepted",
                                      "justification": WAIVER["reason"],
                                      "properties": {"expiry": "2027-03-31"}}]
    assert sarif["properties"]["status"] == "WAIVED"
    assert sarif["message"]["text"].startswith("WAIVED: ")


def test_inline_waiver_is_an_in_source_suppression(tmp_path: Path) -> None:
    result = waived_tree(tmp_path)
    report = report_of(result, result.findings, result.inventory.errors, tmp_path)
    assert report["summary"]["WAIVED"] == 1
    log = sarif_of(result, report)
    [sarif] = results_at(log, "aws_secretsmanager_secret.kling", "KP-ROT-01")
    [suppression] = sarif["suppressions"]
    assert suppression["kind"] == "inSource" and suppression["status"] == "accepted"
    assert suppression["justification"] == "rotation lands with VID-77"
    assert suppression["location"]["physicalLocation"] == {
        "artifactLocation": {"uri": "main.tf", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1}}
    assert suppression["properties"]["expiry"] == "2099-12-31"
    assert suppression["properties"]["owner"] == "platform"
    # the expired configured waiver is a notification without a file of the scanned tree
    [notification] = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "expired waiver" in notification["message"]["text"]
    assert "locations" not in notification


def test_cloud_finding_has_a_logical_location_only() -> None:
    result, _ = scanned("kp_cred_01")
    resource = Resource(address=CLOUD_ARN, type="aws_secretsmanager_secret", source="aws",
                        attributes={}, account="123456789012", region="eu-west-1")
    report = report_of(result, [hand_made(Status.FAIL, resource)], [], FIXTURES / "kp_cred_01")
    [sarif] = sarif_of(result, report)["runs"][0]["results"]
    [location] = sarif["locations"]
    assert "physicalLocation" not in location
    assert location["logicalLocations"] == [{"fullyQualifiedName": CLOUD_ARN,
                                             "kind": "resource"}]
    assert sarif["properties"]["resource"]["account"] == "123456789012"
    assert sarif["properties"]["resource"]["region"] == "eu-west-1"


def test_fingerprint_ignores_lines_and_messages_but_not_root_module() -> None:
    result, _ = scanned("kp_cred_01")

    def fingerprint(line: int, message: str, root: str) -> str:
        resource = Resource(address="local.kling_sk", type="local", source="terraform",
                            attributes={}, file="main.tf", line=line, mode="local",
                            root_dir=root)
        finding = hand_made(Status.FAIL, resource)
        finding.message = message
        report = report_of(result, [finding], [], FIXTURES)
        [sarif] = sarif_of(result, report)["runs"][0]["results"]
        return str(sarif["partialFingerprints"]["klingPosture/v1"])

    assert fingerprint(3, "a", "envs/prod") == fingerprint(40, "b", "envs/prod")
    assert fingerprint(3, "a", "envs/prod") != fingerprint(3, "a", "envs/dev")


def test_source_errors_are_tool_notifications(tmp_path: Path) -> None:
    (tmp_path / "good.tf").write_text('resource "aws_secretsmanager_secret" "kling" {}\n')
    (tmp_path / "broken.tf").write_text(
        'resource "x" "y" {\n  kling_secret_key = "skFAKEinBROKENfile000000" +\n')
    result = run_scan(ScanRequest(path=tmp_path))
    report = report_of(result, result.findings, result.inventory.errors, tmp_path)
    log = sarif_of(result, report)
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error" and notification["message"]["text"]
    physical = notification["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "broken.tf", "uriBaseId": "%SRCROOT%"}
    assert physical["region"]["startLine"] == 3
    assert "skFAKE" not in json.dumps(log)


def test_output_is_deterministic() -> None:
    texts = set()
    for _ in range(2):
        result, report = scanned("kp_cred_01")
        texts.add(result.redactor.scrub(render_sarif(report, result.rules)))
    assert len(texts) == 1


def test_no_credential_value_in_sarif() -> None:
    root = FIXTURES / "kp_cred_01"
    planted = {m.group(0) for path in root.rglob("*.tf*")
               for m in PLANTED.finditer(path.read_text(encoding="utf-8"))}
    assert len(planted) >= 10
    result, report = scanned("kp_cred_01")
    text = result.redactor.scrub(render_sarif(report, result.rules))
    assert [value for value in planted if value in text] == []
    assert PLANTED.search(text) is None
