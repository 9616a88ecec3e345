"""The JUnit XML report: real scans of the fixtures, parsed back with ElementTree."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kling_posture.model import Resource, Status
from kling_posture.pipeline import ScanRequest, ScanResult, run_scan
from kling_posture.reporters.junit import render_junit

from .conftest import FIXTURES
from .test_sarif import PLANTED, WAIVER, hand_made, report_of, scanned, waived_tree

STARTED = "2026-01-02T03:04:05Z"


def junit_of(result: ScanResult, report: dict[str, Any]) -> ET.Element:
    """Render, scrub as the CLI does, and parse back."""
    text = result.redactor.scrub(render_junit(report))
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text)


def case_named(root: ET.Element, name: str, rule_id: str) -> ET.Element:
    """The one test case called ``name`` in ``rule_id``'s suite."""
    [case] = [c for c in root.iter("testcase")
              if c.get("name") == name and c.get("classname") == rule_id]
    return case


@pytest.mark.parametrize("fixture", ["kp_cred_01", "kp_rot_01"])
def test_counts_match_the_findings(fixture: str) -> None:
    result, report = scanned(fixture)
    root = junit_of(result, report)
    summary = report["summary"]
    assert root.tag == "testsuites" and root.get("name") == "kling-posture"
    assert int(root.get("tests", -1)) == len(report["findings"])
    assert int(root.get("failures", -1)) == summary["FAIL"]
    assert int(root.get("errors", -1)) == summary["ERROR"]
    assert int(root.get("skipped", -1)) == summary["UNKNOWN"] + summary["WAIVED"]
    assert root.get("time") == "2.000"
    per_rule = Counter(f["rule_id"] for f in report["findings"])
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == sorted(per_rule)
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests", -1)) == len(cases) == per_rule[suite.get("name")]
        assert int(suite.get("failures", -1)) == len(suite.findall("testcase/failure"))
        assert int(suite.get("errors", -1)) == len(suite.findall("testcase/error"))
        assert int(suite.get("skipped", -1)) == len(suite.findall("testcase/skipped"))
        assert suite.get("timestamp") == STARTED
        assert {c.get("classname") for c in cases} == {suite.get("name")}


@pytest.mark.parametrize("fixture", ["kp_cred_01", "kp_rot_01"])
def test_fail_findings_are_failures_with_evidence(fixture: str) -> None:
    result, report = scanned(fixture)
    root = junit_of(result, report)
    for finding in report["findings"]:
        resource = finding["resource"]
        case = case_named(root, f"{resource['address']} [{resource['root_module']}]",
                          finding["rule_id"])
        assert case.get("classname") == finding["rule_id"]
        assert case.get("file") == resource["file"] and case.get("line") == str(resource["line"])
        children = [child.tag for child in case]
        if finding["status"] == "FAIL":
            failure = case.find("failure")
            assert children == ["failure"] and failure is not None
            assert failure.get("message") == finding["message"]
            assert failure.get("type") == finding["severity"]
            assert json.loads(failure.text or "") == finding["evidence"]
        elif finding["status"] == "PASS":
            assert children == []


def test_specific_failure_and_unknown() -> None:
    result, report = scanned("kp_rot_01")
    root = junit_of(result, report)
    slow = case_named(root, "aws_secretsmanager_secret_rotation.kling_slow [aws]", "KP-ROT-01")
    assert (slow.get("file"), slow.get("line")) == ("aws/main.tf", "32")
    failure = slow.find("failure")
    assert failure is not None and failure.get("type") == "high"
    assert json.loads(failure.text or "")["automatically_after_days"] == 120
    unknown = case_named(root, "aws_secretsmanager_secret_rotation.kling_variable [aws]",
                         "KP-ROT-01")
    skipped = unknown.find("skipped")
    assert skipped is not None and [child.tag for child in unknown] == ["skipped"]
    assert (skipped.get("message") or "").startswith("UNKNOWN: ")
    assert [child.tag for child in case_named(
        root, 'aws_secretsmanager_secret_rotation.kling["ak"] [aws]', "KP-ROT-01")] == []


def test_waived_is_skipped_with_reason_and_expiry() -> None:
    result, _ = scanned("kp_cred_01")
    resource = Resource(address="var.kling_legacy_key", type="variable", source="terraform",
                        attributes={}, file="aws/main.tf", line=3, mode="variable",
                        root_dir="aws")
    report = report_of(result, [*result.findings,
                                hand_made(Status.WAIVED, resource, dict(WAIVER))],
                       [], FIXTURES / "kp_cred_01")
    root = junit_of(result, report)
    skipped = case_named(root, "var.kling_legacy_key [aws]", "KP-CRED-01").find("skipped")
    assert skipped is not None
    assert skipped.get("message") == f"WAIVED until 2027-03-31: {WAIVER['reason']}"
    assert report["summary"]["WAIVED"] == 1
    assert int(root.get("skipped", -1)) == report["summary"]["UNKNOWN"] + 1


def test_inline_waiver_and_configuration_problem(tmp_path: Path) -> None:
    result = waived_tree(tmp_path)
    report = report_of(result, result.findings, result.inventory.errors, tmp_path)
    root = junit_of(result, report)
    # the root module "." (the scanned folder itself) is not repeated in the name
    case = case_named(root, "aws_secretsmanager_secret.kling", "KP-ROT-01")
    skipped = case.find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "WAIVED until 2099-12-31: rotation lands with VID-77"
    [problem] = root.findall("testsuite[@name='source-errors']/testcase")
    assert problem.get("file") is None  # "configuration" is not a file of the scanned tree
    error = problem.find("error")
    assert error is not None and "expired waiver" in (error.get("message") or "")
    summary = report["summary"]
    assert summary["WAIVED"] == 1 and summary["FAIL"] == 0
    assert int(root.get("skipped", -1)) == summary["UNKNOWN"] + 1
    assert int(root.get("errors", -1)) == summary["ERROR"] + 1


def test_cloud_finding_has_no_file_attributes() -> None:
    result, _ = scanned("kp_cred_01")
    arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:kling-sk-AbCdEf"
    resource = Resource(address=arn, type="aws_secretsmanager_secret", source="aws",
                        attributes={}, account="123456789012", region="eu-west-1")
    report = report_of(result, [hand_made(Status.ERROR, resource)], [], FIXTURES)
    root = junit_of(result, report)
    case = case_named(root, arn, "KP-CRED-01")
    assert case.get("file") is None and case.get("line") is None
    assert [child.tag for child in case] == ["error"]
    assert root.get("errors") == "1"


def test_source_errors_suite(tmp_path: Path) -> None:
    (tmp_path / "good.tf").write_text('resource "aws_secretsmanager_secret" "kling" {}\n')
    (tmp_path / "broken.tf").write_text(
        'resource "x" "y" {\n  kling_secret_key = "skFAKEinBROKENfile000000" +\n')
    result = run_scan(ScanRequest(path=tmp_path))
    report = report_of(result, result.findings, result.inventory.errors, tmp_path)
    text = result.redactor.scrub(render_junit(report))
    assert "skFAKE" not in text
    root = ET.fromstring(text)
    suite = root.findall("testsuite")[-1]
    assert suite.get("name") == "source-errors"
    assert (suite.get("tests"), suite.get("errors"), suite.get("failures")) == ("1", "1", "0")
    [case] = suite.findall("testcase")
    assert (case.get("file"), case.get("line")) == ("broken.tf", "3")
    error = case.find("error")
    assert error is not None and error.get("message")
    assert int(root.get("errors", -1)) == 1 + report["summary"]["ERROR"]


def test_characters_xml_cannot_hold_are_replaced() -> None:
    result, _ = scanned("kp_cred_01")
    resource = Resource(address="local.kling_sk", type="local", source="terraform",
                        attributes={}, file="main.tf", line=1, mode="local")
    finding = hand_made(Status.FAIL, resource)
    finding.message = "bad \x01 byte"
    finding.evidence = {"value": "\x1b[31m"}
    root = junit_of(result, report_of(result, [finding], [], FIXTURES))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message") == "bad \ufffd byte"


def test_output_is_deterministic() -> None:
    texts = set()
    for _ in range(2):
        result, report = scanned("kp_rot_01")
        texts.add(result.redactor.scrub(render_junit(report)))
    assert len(texts) == 1


def test_no_credential_value_in_junit() -> None:
    root = FIXTURES / "kp_cred_01"
    planted = {m.group(0) for path in root.rglob("*.tf*")
               for m in PLANTED.finditer(path.read_text(encoding="utf-8"))}
    assert len(planted) >= 10
    result, report = scanned("kp_cred_01")
    text = result.redactor.scrub(render_junit(report))
    assert [value for value in planted if value in text] == []
    assert PLANTED.search(text) is None
