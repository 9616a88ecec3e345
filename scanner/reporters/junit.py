"""The JUnit XML report, for CI systems that show test results (GitLab, Jenkins, Azure DevOps).

One ``<testsuite>`` per rule, one ``<testcase>`` per finding (name: the resource address, plus
`` [root_module]`` when the finding has one other than the scanned folder itself, ``.``;
classname: the rule ID):

- PASS: a plain test case.
- FAIL: ``<failure>`` whose ``type`` is the severity and whose text is the evidence as JSON.
- ERROR (a rule crashed): ``<error>``.
- UNKNOWN: ``<skipped message="UNKNOWN: ...">``: the evidence is incomplete, so neither a pass
  nor a failure.
- WAIVED: ``<skipped message="WAIVED until DATE: reason">``.

Sources that could not be read (the report's ``errors``) form a last suite, ``source-errors``,
with one ``<error>`` test case each.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

SOURCE_ERRORS_SUITE = "source-errors"
CONFIGURATION = "configuration"  # the ``file`` of a problem in the configuration file's waivers
SKIPPED_STATUSES = ("UNKNOWN", "WAIVED")
# characters XML 1.0 cannot carry, even escaped
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_junit(report: dict[str, Any]) -> str:
    """The report as JUnit XML (the same input gives the same text)."""
    timestamp = report["run"].get("started_at")
    root = ET.Element("testsuites", {"name": "kling-posture"})
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for finding in report["findings"]:
        by_rule.setdefault(finding["rule_id"], []).append(finding)
    for rule_id in sorted(by_rule):
        _rule_suite(root, rule_id, by_rule[rule_id], timestamp)
    if report.get("errors"):
        _errors_suite(root, report["errors"], timestamp)
    _count(root, root.findall("testsuite"))
    duration = _duration(report["run"])
    if duration is not None:
        root.set("time", duration)
    ET.indent(root, space="  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")


def _rule_suite(root: ET.Element, rule_id: str, findings: list[dict[str, Any]],
                timestamp: str | None) -> None:
    """One rule's suite: a test case per finding."""
    suite = ET.SubElement(root, "testsuite", _attrs(
        name=rule_id, tests=len(findings),
        failures=sum(f["status"] == "FAIL" for f in findings),
        errors=sum(f["status"] == "ERROR" for f in findings),
        skipped=sum(f["status"] in SKIPPED_STATUSES for f in findings),
        timestamp=timestamp))
    for finding in findings:
        _testcase(suite, finding)


def _testcase(suite: ET.Element, finding: dict[str, Any]) -> None:
    resource = finding["resource"]
    name = resource["address"]
    if resource.get("root_module") not in (None, "", "."):
        name += f" [{resource['root_module']}]"
    case = ET.SubElement(suite, "testcase", _attrs(
        name=name, classname=finding["rule_id"], file=resource.get("file"),
        line=resource.get("line") or None))
    status, message = finding["status"], finding["message"]
    if status in ("FAIL", "ERROR"):
        outcome = ET.SubElement(case, "failure" if status == "FAIL" else "error",
                                _attrs(message=message, type=finding["severity"]))
        outcome.text = _clean(json.dumps(finding.get("evidence", {}), indent=2,
                                         sort_keys=True, ensure_ascii=False))
    elif status == "UNKNOWN":
        ET.SubElement(case, "skipped", _attrs(message=f"UNKNOWN: {message}"))
    elif status == "WAIVED":
        ET.SubElement(case, "skipped", _attrs(message=waiver_message(finding.get("waiver"))))


def waiver_message(waiver: dict[str, Any] | None) -> str:
    """``WAIVED until 2027-03-31: reason`` (without ``until`` when the waiver has no expiry)."""
    waiver = waiver or {}
    until = f" until {waiver['until']}" if waiver.get("until") else ""
    return f"WAIVED{until}: {waiver.get('reason') or 'no reason given'}"


def _errors_suite(root: ET.Element, errors: list[dict[str, Any]], timestamp: str | None) -> None:
    """Sources that could not be read: one failing test case each."""
    suite = ET.SubElement(root, "testsuite", _attrs(
        name=SOURCE_ERRORS_SUITE, tests=len(errors), failures=0, errors=len(errors), skipped=0,
        timestamp=timestamp))
    for error in errors:
        in_tree = error.get("file") != CONFIGURATION
        case = ET.SubElement(suite, "testcase", _attrs(
            name=_error_name(error), classname=SOURCE_ERRORS_SUITE,
            file=error.get("file") if in_tree else None,
            line=(error.get("line") or None) if in_tree else None))
        ET.SubElement(case, "error", _attrs(message=error["message"], type="SourceError"))


def _error_name(error: dict[str, Any]) -> str:
    """``terraform: broken.tf:3`` (the source alone when no file is known)."""
    source = error.get("source") or "source"
    if not error.get("file"):
        return source
    line = f":{error['line']}" if error.get("line") else ""
    return f"{source}: {error['file']}{line}"


def _count(root: ET.Element, suites: list[ET.Element]) -> None:
    """The totals of all suites on ``<testsuites>``, after its name."""
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(suite.get(key, "0")) for suite in suites)))


def _duration(run: dict[str, Any]) -> str | None:
    """Seconds between the run's start and finish, when both are ISO timestamps."""
    try:
        started = datetime.fromisoformat(str(run.get("started_at")))
        finished = datetime.fromisoformat(str(run.get("finished_at")))
        return f"{(finished - started).total_seconds():.3f}"
    except (TypeError, ValueError):
        return None


def _attrs(**values: object) -> dict[str, str]:
    """XML attributes: ``None`` values left out, the rest as clean strings, in call order."""
    return {key: _clean(str(value)) for key, value in values.items() if value is not None}


def _clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (replaced by U+FFFD)."""
    return _NOT_XML.sub("\ufffd", text)
