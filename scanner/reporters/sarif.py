"""The SARIF 2.1.0 report, for code scanning (GitHub, Azure DevOps) and SARIF viewers.

One run. ``tool.driver.rules`` describes the rules that ran (sorted by ID), with their
documentation as ``help`` and a numeric ``security-severity`` that GitHub uses to rank alerts.

A finding becomes a result when its status is FAIL, UNKNOWN, ERROR or WAIVED. PASS findings are
not results: code scanning would open an alert for each of them. They stay in the JSON report.

Statuses map to SARIF's ``kind`` and ``level`` (SARIF 2.1.0 §3.27.9, §3.27.10):

- FAIL: kind ``fail``, level from the severity (critical/high ``error``, medium ``warning``,
  low/info ``note``).
- ERROR (a rule crashed): kind ``fail``, level ``error``. The check did not run.
- UNKNOWN: kind ``open``, SARIF's word for "insufficient information to decide whether a
  problem exists". The spec requires level ``none`` for every kind other than ``fail``.
- WAIVED: kind ``fail`` with an accepted ``suppression`` carrying the waiver's reason (the
  justification), expiry and owner, so code scanning shows the alert as suppressed. A waiver
  comment in a scanned file is an ``inSource`` suppression located at the comment; one from the
  configuration file is ``external``.

Files are relative to the scanned folder, with ``uriBaseId`` ``%SRCROOT%``. Cloud findings have
no file: their location is logical only (the ARN or resource name). Every location also names
the Terraform address or cloud name as a logical location.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any
from urllib.parse import quote

from ..catalogue import FRAMEWORK_TITLES, Rule
from ..explain import render_rule

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                "sarif-schema-2.1.0.json")
TOOL_NAME = "kling-posture"
INFORMATION_URI = "https://github.com/kling-posture/kling-posture"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "klingPosture/v1"
CONFIGURATION = "configuration"
"""The ``file`` of a waiver (and its problems) declared in the configuration file, not in a
scanned file: it has no physical location."""

RESULT_STATUSES = ("FAIL", "UNKNOWN", "ERROR", "WAIVED")
KIND_BY_STATUS = {"FAIL": "fail", "ERROR": "fail", "WAIVED": "fail", "UNKNOWN": "open"}
LEVEL_BY_SEVERITY = {"critical": "error", "high": "error", "medium": "warning", "low": "note",
                     "info": "note"}
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0",
                     "info": "1.0"}
FRAMEWORK_TAGS = {"iso27001": "ISO27001", "soc2": "SOC2", "nist_800_53": "NIST800-53",
                  "gdpr": "GDPR"}


def render_sarif(report: dict[str, Any], rules: list[Rule]) -> str:
    """The report as a SARIF 2.1.0 log (indented JSON; the same input gives the same text)."""
    ordered = sorted(rules, key=lambda rule: rule.id)
    index = {rule.id: position for position, rule in enumerate(ordered)}
    results = [_result(finding, index) for finding in report["findings"]
               if finding["status"] in RESULT_STATUSES]
    run: dict[str, Any] = {
        "tool": {"driver": _driver(report, ordered)},
        "invocations": [_invocation(report)],
        "originalUriBaseIds": {SRCROOT: _srcroot(report)},
        "columnKind": "utf16CodeUnits",
        "results": results,
        "properties": {"scope": report["run"].get("scope"),
                       "sources": report["run"].get("sources", []),
                       "summary": report["summary"]},
    }
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


# --- tool and rules -------------------------------------------------------------------------

def _driver(report: dict[str, Any], rules: list[Rule]) -> dict[str, Any]:
    version = str(report["tool"]["version"])
    return {"name": TOOL_NAME, "version": version, "semanticVersion": version,
            "informationUri": INFORMATION_URI, "rules": [_rule(rule) for rule in rules]}


def _rule(rule: Rule) -> dict[str, Any]:
    """One rule's reporting descriptor."""
    severity = rule.severity.value
    return {
        "id": rule.id,
        "name": camel_case(rule.title),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.summary},
        "help": {"text": render_rule(rule), "markdown": help_markdown(rule)},
        "helpUri": rule.references[0] if rule.references else f"{INFORMATION_URI}#{rule.id}",
        "defaultConfiguration": {"level": LEVEL_BY_SEVERITY[severity]},
        "properties": {"tags": rule_tags(rule), "security-severity": SECURITY_SEVERITY[severity],
                       "precision": "high"},
    }


def camel_case(title: str) -> str:
    """``Kling AK/SK live in a secrets manager`` -> ``KlingAKSKLiveInASecretsManager``."""
    return "".join(word[0].upper() + word[1:] for word in re.split(r"[^0-9A-Za-z]+", title)
                   if word)


def rule_tags(rule: Rule) -> list[str]:
    """``security`` plus one tag per framework clause (``ISO27001:A.5.17``)."""
    tags = ["security"]
    for key, prefix in FRAMEWORK_TAGS.items():
        tags.extend(f"{prefix}:{clause}" for clause in rule.frameworks.get(key, []))
    return list(dict.fromkeys(tags))


def help_markdown(rule: Rule) -> str:
    """The rule's documentation as Markdown, Terraform snippets in ``hcl`` blocks."""
    parts = [f"**{rule.title}** (severity: {rule.severity.value})", rule.summary,
             "## What it does", rule.what_it_does, "## Why is this bad?", rule.why,
             "## Example", _hcl(rule.example), "## Use instead", _hcl(rule.use_instead),
             "## Fix", rule.remediation]
    if rule.parameters:
        parts += ["## Parameters", "\n".join(f"- `{name} = {json.dumps(value)}`"
                                             for name, value in rule.parameters.items())]
    parts += ["## Frameworks", "\n".join(f"- {title}: {', '.join(rule.frameworks[key])}"
                                         for key, title in FRAMEWORK_TITLES.items()
                                         if rule.frameworks.get(key))]
    if rule.references:
        parts += ["## References", "\n".join(f"- <{ref}>" for ref in rule.references)]
    return "\n\n".join(parts) + "\n"


def _hcl(code: str) -> str:
    return f"```hcl\n{code.strip(chr(10))}\n```"


# --- results --------------------------------------------------------------------------------

def _result(finding: dict[str, Any], index: dict[str, int]) -> dict[str, Any]:
    """One finding as a SARIF result."""
    status, rule_id = finding["status"], finding["rule_id"]
    kind = KIND_BY_STATUS[status]
    result: dict[str, Any] = {"ruleId": rule_id}
    if rule_id in index:
        result["ruleIndex"] = index[rule_id]
    result.update({
        "kind": kind,
        "level": _level(status, finding["severity"], kind),
        "message": {"text": result_message(finding)},
        "locations": [_location(finding["resource"])],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
    })
    if status == "WAIVED":
        result["suppressions"] = [_suppression(finding.get("waiver") or {})]
    result["properties"] = {"status": status, "severity": finding["severity"],
                            "evidence": finding.get("evidence", {}),
                            "resource": finding["resource"]}
    return result


def _level(status: str, severity: str, kind: str) -> str:
    if kind != "fail":
        return "none"  # SARIF §3.27.10: only kind "fail" carries a level
    if status == "ERROR":
        return "error"
    return LEVEL_BY_SEVERITY.get(severity, "warning")


def result_message(finding: dict[str, Any]) -> str:
    """The address and the finding's message; statuses other than FAIL say what they are."""
    text = f"{finding['resource']['address']}: {finding['message']}"
    return text if finding["status"] == "FAIL" else f"{finding['status']}: {text}"


def fingerprint(finding: dict[str, Any]) -> str:
    """A hash of rule, address and root module: stable when lines move or messages change."""
    resource = finding["resource"]
    key = "\x1f".join((finding["rule_id"], resource["address"],
                       resource.get("root_module") or ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _location(resource: dict[str, Any]) -> dict[str, Any]:
    location: dict[str, Any] = {}
    if resource.get("file"):
        location["physicalLocation"] = _physical(resource["file"], resource.get("line"))
    location["logicalLocations"] = [{"fullyQualifiedName": resource["address"],
                                     "kind": "resource"}]
    return location


def _physical(file: str, line: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(file), "uriBaseId": SRCROOT}}
    if line and line >= 1:
        physical["region"] = {"startLine": line}
    return physical


def _uri(path: str) -> str:
    """A relative path as a relative URI reference (``/`` separators, percent-encoded)."""
    return quote(path.replace("\\", "/"), safe="/")


def _suppression(waiver: dict[str, Any]) -> dict[str, Any]:
    """The waiver as an accepted suppression: ``inSource`` for a waiver comment in a scanned
    file (located there), ``external`` for one from the configuration file."""
    declared_in = str(waiver.get("file") or "")
    in_source = declared_in not in ("", CONFIGURATION) and bool(waiver.get("line"))
    suppression: dict[str, Any] = {"kind": "inSource" if in_source else "external",
                                   "status": "accepted",
                                   "justification": str(waiver.get("reason") or "waived")}
    if in_source:
        suppression["location"] = {"physicalLocation": _physical(declared_in, waiver["line"])}
    properties = {key: value for key, value in waiver.items()
                  if key not in ("reason", "until") and value is not None}
    if waiver.get("until") is not None:
        properties["expiry"] = waiver["until"]
    if properties:
        suppression["properties"] = properties
    return suppression


# --- run metadata ---------------------------------------------------------------------------

def _invocation(report: dict[str, Any]) -> dict[str, Any]:
    """The scan itself: times, and one error notification per source that could not be read."""
    invocation: dict[str, Any] = {"executionSuccessful": True}
    run = report["run"]
    if run.get("started_at"):
        invocation["startTimeUtc"] = run["started_at"]
    if run.get("finished_at"):
        invocation["endTimeUtc"] = run["finished_at"]
    invocation["toolExecutionNotifications"] = [_notification(error)
                                                for error in report.get("errors", [])]
    return invocation


def _notification(error: dict[str, Any]) -> dict[str, Any]:
    notification: dict[str, Any] = {"level": "error", "message": {"text": error["message"]}}
    if error.get("file") and error["file"] != CONFIGURATION:
        notification["locations"] = [{"physicalLocation": _physical(error["file"],
                                                                    error.get("line"))}]
    notification["properties"] = {key: error[key] for key in ("source", "file")
                                  if error.get(key)}
    return notification


def _srcroot(report: dict[str, Any]) -> dict[str, Any]:
    """%SRCROOT% is the scanned folder. Its absolute URI is left out: it differs per machine
    (SARIF allows an unknown base)."""
    targets = ", ".join(str(target) for target in report["run"].get("targets") or [])
    text = "The scanned folder; file paths are relative to it"
    return {"description": {"text": f"{text}: {targets}" if targets else text}}
