"""The auditor's HTML report, built through the real pipeline over real fixtures.

Checked: the sections and their order, a page that loads nothing from anywhere (no script, no
external resource, a strict CSP), escaping of every scanned string, waivers, unknowns and errors,
the results fingerprint as documented on the page, controls without findings, and no credential.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from kling_posture.catalogue import Rule
from kling_posture.model import Finding, Resource, RunInfo, Severity, SourceError, Status
from kling_posture.pipeline import ScanRequest, ScanResult, run_scan
from kling_posture.report import build_report, inputs_fingerprint
from kling_posture.reporters.html import (
    MANUAL_ATTESTATIONS,
    render_html,
    results_fingerprint,
    worst_status,
)
from kling_posture.reporters.json_reporter import render_json

from .conftest import FIXTURES, PROJECT_ROOT, write_tree

HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
FAKE_CREDENTIAL = re.compile(r"(sk|AK)FAKE[0-9A-Za-z]{6,}")
SECTIONS = ["Kling integration posture report", "Contents", "Executive summary",
            "Control matrix", "Findings by control", "Waivers", "Unknowns and errors",
            "Manual attestations", "Appendix: report data"]
LOADING_TAG = re.compile(r"<(link|img|script|iframe|frame|embed|object|source|video|audio|track"
                         r"|input|form|base)\b", re.IGNORECASE)
REMOTE_IN_LOADER = re.compile(r"<(?:link|img|script|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?"
                              r"\s*(?:https?:)?//", re.IGNORECASE)
LOADING_ATTRIBUTE = re.compile(r"<[a-z][^>]*\s(?:src|srcset|poster|data|action|formaction"
                               r"|background|on[a-z]+)\s*=", re.IGNORECASE)


def esc(text: str) -> str:
    """``text`` as Jinja's autoescape writes it."""
    return str(escape(text))


def scan_report(path: Path, extra: list[Finding] | None = None,
                errors: list[SourceError] | None = None) -> tuple[ScanResult, dict[str, Any]]:
    """Scan ``path`` with every rule, as the CLI does, and build the report document."""
    result = run_scan(ScanRequest(path=path))
    run = RunInfo(started_at="2026-12-04T16:16:42Z", finished_at="2026-12-04T16:16:44Z",
                  sources=result.inventory.sources, scope="kling",
                  targets=[str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(
                      PROJECT_ROOT) else str(path)],
                  parameters=result.parameters,
                  inputs_sha256=inputs_fingerprint(result.inventory.input_digests))
    report = build_report(result.findings + (extra or []),
                          result.inventory.errors + (errors or []), run)
    return result, report


def finding(rule_id: str, status: Status, address: str, message: str = "a message",
            evidence: dict[str, Any] | None = None, waiver: dict[str, Any] | None = None,
            file: str | None = "main.tf") -> Finding:
    """A hand-made finding on a Terraform resource."""
    resource = Resource(address=address, type=address.split(".")[0], source="terraform",
                        attributes={}, file=file, line=3 if file else None)
    return Finding(rule_id=rule_id, status=status, severity=Severity.HIGH, message=message,
                   resource=resource, evidence=evidence or {}, waiver=waiver)


def section(page: str, anchor: str) -> str:
    """The HTML of the section with id ``anchor``, up to the next major section."""
    start = page.index(f'id="{anchor}"')
    end = page.find('<section class="major', start)
    return page[start:end if end > 0 else len(page)]


def headings(page: str) -> list[str]:
    """The text of every h1 and h2, in order, without section numbers."""
    found = re.findall(r"<h([12])\b[^>]*>(.*?)</h\1>", page, re.DOTALL)
    texts = [re.sub(r'<span class="section-no">.*?</span>', "", text) for _, text in found]
    return [htmllib.unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in texts]


def rule_like(rule: Rule, rule_id: str, sources: list[str]) -> Rule:
    """A catalogue rule under another ID (a control the scan produced no finding for)."""
    return Rule(**{**rule.__dict__, "id": rule_id, "title": f"Control {rule_id}",
                   "sources": sources, "check": None})


@pytest.fixture(scope="module")
def full() -> tuple[ScanResult, dict[str, Any], str]:
    """KP-ROT-01's fixture, a source error, plus hostile, waived and unknown findings."""
    hostile = finding("KP-CRED-01", Status.FAIL, HOSTILE, message=f"literal {HOSTILE} here",
                      evidence={f'KLING_KEY"><b id=pwn>{HOSTILE}': f"</td></tr></table>{HOSTILE}",
                                "nested": {"x": [HOSTILE]}},
                      file="<img src=x onerror=alert(3)>.tf")
    waived = finding("KP-ROT-01", Status.WAIVED, "aws_secretsmanager_secret.legacy_kling",
                     message="no rotation configured for this secret",
                     waiver={"reason": "vendor rotation lands in Q1 (VID-512)",
                             "until": "2027-03-31", "owner": "platform-team",
                             "file": "aws/main.tf", "line": 80})
    error = SourceError("terraform", "not valid HCL at line 2, column 7", "aws/broken.tf", 2)
    result, report = scan_report(FIXTURES / "kp_rot_01", [hostile, waived], [error])
    return result, report, render_html(report, result.rules)


def test_sections_are_present_in_reading_order(full: tuple[ScanResult, dict[str, Any], str]
                                               ) -> None:
    assert headings(full[2]) == SECTIONS


def test_page_loads_nothing_and_runs_nothing(full: tuple[ScanResult, dict[str, Any], str]
                                             ) -> None:
    page = full[2]
    assert "<script" not in page.lower()
    assert LOADING_TAG.findall(page) == []
    assert REMOTE_IN_LOADER.findall(page) == []
    assert LOADING_ATTRIBUTE.findall(page) == []
    styles = "".join(re.findall(r"<style>(.*?)</style>", page, re.DOTALL))
    assert styles and "@import" not in styles and "url(" not in styles.lower()
    assert "javascript:" not in page.lower()
    # the only absolute URLs are the rules' references, as links the reader may follow
    for tag in re.findall(r"<[a-z][^>]*https?://[^>]*>", page, re.IGNORECASE):
        assert re.match(r'<a [^>]*href="https://[^"]*"[^>]*>$', tag), tag


def test_content_security_policy_forbids_everything_but_inline_style(
        full: tuple[ScanResult, dict[str, Any], str]) -> None:
    page = full[2]
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert match, "no CSP meta element"
    directives = {d.strip().split(" ", 1)[0]: d.strip() for d in match.group(1).split(";")}
    assert directives["default-src"] == "default-src 'none'"
    assert directives["style-src"] == "style-src 'unsafe-inline'"
    assert directives["base-uri"] == "base-uri 'none'"
    assert directives["form-action"] == "form-action 'none'"
    assert page.index("Content-Security-Policy") < page.index("<style>")


def test_scanned_strings_are_escaped(full: tuple[ScanResult, dict[str, Any], str]) -> None:
    page = full[2]
    assert HOSTILE not in page
    assert "<img" not in page and "<b id=pwn>" not in page
    assert "KLING_KEY&#34;&gt;&lt;b id=pwn&gt;" in page
    assert ESCAPED in page
    cards = [c for c in re.findall(r"<article\b.*?</article>", page, re.DOTALL) if ESCAPED in c]
    assert len(cards) == 1, "the hostile finding should have exactly one card"
    text = cards[0]
    assert f"literal {ESCAPED} here" in text  # message
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;" in text  # evidence value
    assert "&lt;img src=x onerror=alert(3)&gt;.tf:3" in text  # file name


def test_waived_finding_is_listed_with_its_waiver(full: tuple[ScanResult, dict[str, Any], str]
                                                  ) -> None:
    waivers = section(full[2], "waivers")
    for expected in ("aws_secretsmanager_secret.legacy_kling", "KP-ROT-01",
                     "vendor rotation lands in Q1 (VID-512)", "platform-team", "2027-03-31",
                     "aws/main.tf:80"):
        assert expected in waivers, expected
    assert "EXPIRED" not in waivers


def test_unknowns_and_errors_are_listed(full: tuple[ScanResult, dict[str, Any], str]) -> None:
    _, report, page = full
    unknowns = section(page, "unknowns")
    unknown = [f for f in report["findings"] if f["status"] == "UNKNOWN"]
    assert unknown, "the fixture should hold an UNKNOWN finding"
    for item in unknown:
        assert esc(item["resource"]["address"]) in unknowns
        assert esc(item["message"]) in unknowns
    assert "aws_secretsmanager_secret_rotation.kling_variable" in unknowns
    assert "aws/broken.tf:2" in unknowns and "not valid HCL at line 2, column 7" in unknowns
    summary = section(page, "summary")
    assert 'href="#unknowns"' in summary  # the executive summary points at the gaps


def test_source_errors_from_the_pipeline_are_listed(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": 'resource "aws_secretsmanager_secret" "kling" {\n'
                                     '  name = "kling-sk"\n}\n',
                          "broken.tf": 'resource "x" "y" {\n  a = = 1\n'})
    result, report = scan_report(tmp_path)
    assert report["errors"], "the broken file should be reported"
    unknowns = section(render_html(report, result.rules), "unknowns")
    for error in report["errors"]:
        assert f"{error['file']}:{error['line']}" in unknowns
        assert esc(error["message"]) in unknowns


def test_results_fingerprint_is_sha256_of_the_json_as_documented(
        full: tuple[ScanResult, dict[str, Any], str], tmp_path: Path) -> None:
    _, report, page = full
    shown = re.search(r'id="results-fingerprint">([0-9a-f]{64})<', page)
    assert shown, "no results fingerprint on the page"
    canonical = json.dumps(report, sort_keys=True, ensure_ascii=False).encode("utf-8")
    assert shown.group(1) == hashlib.sha256(canonical).hexdigest() == results_fingerprint(report)
    # the command printed on the page, run on the JSON report, prints the same fingerprint
    recipe = re.search(r'<pre id="fingerprint-recipe"><code>(.*?)</code></pre>', page, re.DOTALL)
    assert recipe
    command = htmllib.unescape(recipe.group(1)).strip()
    assert command.startswith("python3 -c ") and command.endswith(" report.json")
    saved = tmp_path / "report.json"
    saved.write_text(render_json(report), encoding="utf-8")
    command = shlex.quote(sys.executable) + command[len("python3"):-len("report.json")]
    output = subprocess.run(["sh", "-c", command + shlex.quote(str(saved))], check=True,
                            capture_output=True, text=True, timeout=60).stdout
    assert output.strip() == shown.group(1)
    # and so does the JSON in the appendix, copied out of the page
    embedded = re.search(r'<pre id="report-json"><code>(.*?)</code></pre>', page, re.DOTALL)
    assert embedded and json.loads(htmllib.unescape(embedded.group(1))) == report


def test_inputs_fingerprint_is_shown_or_not_recorded(
        full: tuple[ScanResult, dict[str, Any], str]) -> None:
    result, report, page = full
    shown = re.search(r'id="inputs-fingerprint">([0-9a-f]{64})<', page)
    assert shown and shown.group(1) == report["run"]["inputs_sha256"]
    bare = render_html({**report, "run": {k: v for k, v in report["run"].items()
                                          if k != "inputs_sha256"}}, result.rules)
    assert re.search(r'id="inputs-fingerprint"><span class="muted">not recorded<', bare)


def test_no_credential_from_the_fixtures_reaches_the_page() -> None:
    planted = "".join(p.read_text(encoding="utf-8")
                      for p in sorted((FIXTURES / "kp_cred_01").rglob("*.tf*")))
    assert FAKE_CREDENTIAL.search(planted), "the fixture should plant fake credentials"
    for fixture in ("kp_cred_01", "kp_rot_01"):
        result, report = scan_report(FIXTURES / fixture)
        page = render_html(report, result.rules)
        assert not FAKE_CREDENTIAL.search(page), "a credential was rendered before scrubbing"
        assert not FAKE_CREDENTIAL.search(result.redactor.scrub(page))
        if fixture == "kp_cred_01":
            assert len(result.redactor) > 0, "the rules should have registered the credentials"


def test_controls_without_findings_are_not_evaluated_never_passed() -> None:
    result, report = scan_report(FIXTURES / "kp_rot_01")
    base = result.rules[0]
    rules = [*result.rules, rule_like(base, "KP-TLS-01", ["terraform"]),
             rule_like(base, "KP-ROT-02", ["aws", "gcp"])]
    page = render_html(report, rules)
    matrix = section(page, "matrix")
    for rule_id in ("KP-TLS-01", "KP-ROT-02"):
        row = re.search(rf"<tr>\s*<td[^>]*>{rule_id}</td>.*?</tr>", matrix, re.DOTALL)
        assert row, rule_id
        assert "not evaluated" in row.group(0) and "PASS" not in row.group(0)
        assert f'href="#control-{rule_id}"' in row.group(0)
    assert "This control reads aws, gcp; this run read terraform." in section(page, "unknowns")
    assert "Control KP-TLS-01" in section(page, "findings")


def test_control_status_is_the_worst_of_its_findings() -> None:
    assert worst_status(["PASS", "WAIVED", "UNKNOWN"]) == "UNKNOWN"
    assert worst_status(["PASS", "ERROR", "FAIL"]) == "FAIL"
    assert worst_status(["PASS", "ERROR", "UNKNOWN"]) == "ERROR"
    assert worst_status(["PASS", "WAIVED"]) == "WAIVED"
    assert worst_status(["PASS"]) == "PASS"
    assert worst_status([]) == "not evaluated"


@pytest.mark.parametrize(("statuses", "headline"), [
    ([Status.FAIL, Status.PASS], "Not compliant: 1 control has failures"),
    ([Status.ERROR, Status.PASS], "Inconclusive: errors prevented a complete evaluation"),
    ([Status.UNKNOWN, Status.WAIVED, Status.PASS], "Compliant with exceptions"),
    ([Status.PASS], "Compliant"),
    ([], "No evidence: no control was evaluated"),
])
def test_verdict_in_plain_words(statuses: list[Status], headline: str) -> None:
    rule = next(r for r in run_scan(ScanRequest(path=FIXTURES / "kp_rot_01")).rules
                if r.id == "KP-ROT-01")
    findings = [finding("KP-ROT-01", s, f"aws_secretsmanager_secret.k{i}",
                        waiver={"reason": "r", "until": "2027-01-01"}
                        if s == Status.WAIVED else None)
                for i, s in enumerate(statuses)]
    run = RunInfo(started_at="2026-12-04T16:16:42Z", finished_at="2026-12-04T16:16:44Z",
                  sources=["terraform"], scope="kling", targets=["infra"])
    page = render_html(build_report(findings, [], run), [rule])
    shown = re.search(r'<div class="headline">(.*?)</div>', page, re.DOTALL)
    assert shown and htmllib.unescape(shown.group(1)) == headline


def test_any_number_of_rules_and_unknown_rule_ids() -> None:
    run = RunInfo(started_at="2026-12-04T16:16:42Z", finished_at="2026-12-04T16:16:44Z",
                  sources=["terraform"], scope="all", targets=[])
    empty = render_html(build_report([], [], run), [])
    assert headings(empty) == SECTIONS
    stray = render_html(build_report([finding("KP-NEW-01", Status.FAIL, "x.y")], [], run), [])
    assert "(rule not in this catalogue)" in stray and 'id="control-KP-NEW-01"' in stray


def test_passing_findings_are_collapsed_and_failures_open(
        full: tuple[ScanResult, dict[str, Any], str]) -> None:
    findings = section(full[2], "findings")
    passed = re.findall(r'<details class="passed">(.*?)</details>', findings, re.DOTALL)
    assert passed and all("is-FAIL" not in block for block in passed)
    assert sum(block.count('class="finding is-PASS"') for block in passed) == \
        full[1]["summary"]["PASS"]
    outside = re.sub(r'<details class="passed">.*?</details>', "", findings, flags=re.DOTALL)
    assert outside.count('class="finding is-FAIL"') == full[1]["summary"]["FAIL"]


def test_manual_attestations_and_print_rules(full: tuple[ScanResult, dict[str, Any], str]
                                             ) -> None:
    page = full[2]
    attestations = section(page, "attestations")
    for item, _ in MANUAL_ATTESTATIONS:
        assert esc(item) in attestations
    for column in ("Evidence / reference", "Owner", "Date", "Signature"):
        assert f"<th>{column}</th>" in attestations
    assert "@media print" in page and "break-before: page" in page
    assert re.search(r"\.finding \{[^}]*break-inside: avoid", page)
    assert re.search(r'a\[href\^="http"\][^{]*::after \{ content: " <" attr\(href\)', page)
