"""The command line as a user runs it: exit codes, JSON shape, bad input, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .conftest import FIXTURES

CLI = [sys.executable, "-m", "kling_posture"]
SCAN_ROOT = FIXTURES / "kp_rot_01" / "aws"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a subprocess, as a user would."""
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=120,
                          env={**os.environ, "COLUMNS": "120"})


def test_version_and_fast_help() -> None:
    assert run("--version").stdout.strip() == "kling-posture 0.1.0"
    started = time.perf_counter()
    result = run("--help")
    elapsed = time.perf_counter() - started
    assert result.returncode == 0 and "scan" in result.stdout
    # --help must not import the parser, rules or cloud SDKs
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; from kling_posture import cli; "
         "print(sorted(m for m in sys.modules if m.split('.')[0] in "
         "('hcl2', 'lark', 'boto3', 'google', 'jinja2', 'kling_posture_rules')))"],
        capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "[]"
    assert elapsed < 10  # generous: a cold interpreter on a loaded CI machine


def test_json_report_has_the_stable_fields() -> None:
    result = run("scan", str(SCAN_ROOT), "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["schema_version"] == "1"
    assert report["tool"] == {"name": "kling-posture", "version": "0.1.0"}
    assert set(report["run"]) >= {"started_at", "finished_at", "sources", "scope"}
    assert report["run"]["sources"] == ["terraform"] and report["run"]["scope"] == "kling"
    assert set(report["summary"]) == {"PASS", "FAIL", "UNKNOWN", "ERROR", "WAIVED"}
    assert sum(report["summary"].values()) == len(report["findings"])
    finding = next(f for f in report["findings"]
                   if f["resource"]["address"] == "aws_secretsmanager_secret_rotation.kling_slow")
    assert finding["rule_id"] == "KP-ROT-01" and finding["status"] == "FAIL"
    assert finding["severity"] == "high"
    assert finding["resource"]["type"] == "aws_secretsmanager_secret_rotation"
    assert finding["resource"]["source"] == "terraform"
    assert finding["resource"]["file"] == "main.tf" and finding["resource"]["line"] == 32
    assert finding["evidence"]["automatically_after_days"] == 120
    assert report["errors"] == []


def test_json_is_deterministic_apart_from_timestamps() -> None:
    def stripped() -> dict[str, object]:
        report = json.loads(run("scan", str(FIXTURES / "kp_cred_01"), "-f", "json").stdout)
        del report["run"]["started_at"], report["run"]["finished_at"]
        return report
    assert json.dumps(stripped()) == json.dumps(stripped())


def test_fail_on_threshold_sets_the_exit_code() -> None:
    assert run("scan", str(SCAN_ROOT), "-f", "json", "--fail-on", "high").returncode == 1
    assert run("scan", str(SCAN_ROOT), "-f", "json", "--fail-on", "critical").returncode == 0


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    result = run("scan", str(SCAN_ROOT), "-f", "json", "-o", str(target))
    assert result.stdout == "" and json.loads(target.read_text())["findings"]


def test_terminal_report_shows_failures_with_location_and_fix() -> None:
    result = run("scan", str(SCAN_ROOT))
    assert result.returncode == 1
    assert "aws_secretsmanager_secret_rotation.kling_slow" in result.stdout
    assert "main.tf:32" in result.stdout
    assert "fix:" in result.stdout


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run("scan", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "no such file or directory" in result.stderr and "Traceback" not in result.stderr


def test_folder_without_terraform_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("nothing here")
    result = run("scan", str(tmp_path))
    assert result.returncode == 2
    assert "no Terraform" in result.stderr and "Traceback" not in result.stderr


def test_bad_var_and_var_file_are_usage_errors(tmp_path: Path) -> None:
    assert run("scan", str(SCAN_ROOT), "--var", "novalue").returncode == 2
    result = run("scan", str(SCAN_ROOT), "--var-file", str(tmp_path / "missing.tfvars"))
    assert result.returncode == 2 and "missing.tfvars" in result.stderr


def test_invalid_hcl_is_one_error_line_and_the_rest_is_scanned(tmp_path: Path) -> None:
    (tmp_path / "good.tf").write_text('resource "aws_secretsmanager_secret" "kling" {}\n')
    (tmp_path / "broken.tf").write_text(
        'resource "x" "y" {\n  kling_secret_key = "skFAKEinBROKENfile000000" +\n')
    result = run("scan", str(tmp_path), "-f", "json")
    report = json.loads(result.stdout)
    assert [e["file"] for e in report["errors"]] == ["broken.tf"]
    assert report["errors"][0]["line"] == 3
    assert "skFAKE" not in result.stdout + result.stderr
    assert any(f["resource"]["address"] == "aws_secretsmanager_secret.kling"
               for f in report["findings"])
    terminal = run("scan", str(tmp_path))
    error_lines = [line for line in terminal.stdout.splitlines() if "broken.tf" in line]
    assert len(error_lines) == 1 and "line 3" in error_lines[0]
    assert "Traceback" not in terminal.stdout + terminal.stderr


def test_rules_and_explain() -> None:
    listing = run("rules").stdout
    assert "KP-CRED-01" in listing and "KP-ROT-01" in listing
    page = run("explain", "KP-ROT-01").stdout
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead",
                    "ISO/IEC 27001:2022: A.5.17", "max_rotation_days = 90"):
        assert heading in page
    unknown = run("explain", "KP-NOPE-99")
    assert unknown.returncode == 2 and "unknown rule" in unknown.stderr


def test_several_formats_into_an_output_dir(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("scan", str(SCAN_ROOT), "--format", "json,sarif,junit,html", "--output-dir",
                 str(out))
    assert result.returncode == 1, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json",
                                                     "report.junit.xml", "report.sarif"]
    assert json.loads((out / "report.sarif").read_text())["version"] == "2.1.0"
    # the HTML's results fingerprint ties it to the JSON written beside it
    import hashlib
    saved = json.loads((out / "report.json").read_text())
    digest = hashlib.sha256(json.dumps(saved, sort_keys=True, ensure_ascii=False)
                            .encode("utf-8")).hexdigest()
    assert digest in (out / "report.html").read_text()
    assert run("scan", str(SCAN_ROOT), "-f", "json,html").returncode == 2
    bad = run("scan", str(SCAN_ROOT), "-f", "pdf")
    assert bad.returncode == 2 and "unknown format 'pdf'" in bad.stderr


def test_report_renders_a_saved_json_report(tmp_path: Path) -> None:
    saved = tmp_path / "results.json"
    run("scan", str(SCAN_ROOT), "-f", "json", "-o", str(saved))
    result = run("report", str(saved), "-o", str(tmp_path / "report.html"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "report.html").read_text().startswith("<!DOCTYPE html>")
    (tmp_path / "other.json").write_text("{}")
    rejected = run("report", str(tmp_path / "other.json"))
    assert rejected.returncode == 2 and "not a kling-posture JSON report" in rejected.stderr
