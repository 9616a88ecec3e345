"""Waivers: a reason and a future expiry turn FAIL into WAIVED; expired or malformed ones do not."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from kling_posture.pipeline import ScanRequest, run_scan

from .conftest import triples, write_tree

TODAY = dt.date(2026, 12, 4)
FILES = {"main.tf": '''
# Rotation lands with the new rotation lambda.
# kling-posture:waive KP-ROT-01 until=2027-03-31 reason="rotation lambda ships in VID-7" owner="platform"
resource "aws_secretsmanager_secret" "kling_waived" {
  name = "kling/prod/waived"
}

# kling-posture:waive KP-ROT-01 until=2026-01-31 reason="was due last year"
resource "aws_secretsmanager_secret" "kling_expired" {
  name = "kling/prod/expired"
}

resource "aws_secretsmanager_secret" "kling_malformed" { # kling-posture:waive KP-ROT-01 until=2027-01-01
  name = "kling/prod/malformed"
}

resource "aws_secretsmanager_secret" "kling_plain" {
  name = "kling/prod/plain"
}
'''}


def test_inline_waivers(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    result = run_scan(ScanRequest(path=tmp_path, today=TODAY))
    assert triples(result.findings, "KP-ROT-01") == {
        ("KP-ROT-01", "aws_secretsmanager_secret.kling_waived", "WAIVED"),
        ("KP-ROT-01", "aws_secretsmanager_secret.kling_expired", "FAIL"),
        ("KP-ROT-01", "aws_secretsmanager_secret.kling_malformed", "FAIL"),
        ("KP-ROT-01", "aws_secretsmanager_secret.kling_plain", "FAIL"),
    }
    waived = next(f for f in result.findings if f.status.value == "WAIVED")
    assert waived.waiver == {"reason": "rotation lambda ships in VID-7", "until": "2027-03-31",
                             "owner": "platform", "file": "main.tf", "line": 3,
                             "waived_status": "FAIL"}
    assert waived.evidence == {"rotation": None}  # the evidence is kept
    problems = sorted((e.line, e.message) for e in result.inventory.errors)
    assert problems == [
        (8, "expired waiver for KP-ROT-01 (until 2026-01-31) no longer applies"),
        (13, 'malformed waiver ignored: no reason="..."'),
    ]


def test_a_waiver_does_not_cover_other_rules_or_resources(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": '''
# kling-posture:waive KP-CRED-01 until=2027-03-31 reason="other rule"
resource "aws_secretsmanager_secret" "kling" {
  name = "kling/prod/sk"
}
'''})
    result = run_scan(ScanRequest(path=tmp_path, today=TODAY))
    assert triples(result.findings, "KP-ROT-01") == {
        ("KP-ROT-01", "aws_secretsmanager_secret.kling", "FAIL")}


def test_config_waivers_and_no_waivers(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": FILES["main.tf"], ".kling-posture.toml": '''
[[waivers]]
rule = "KP-ROT-01"
resource = "aws_secretsmanager_secret.kling_pl*"
reason = "accepted by the CISO, ticket SEC-12"
until = 2027-06-30
owner = "security"
'''})
    result = run_scan(ScanRequest(path=tmp_path, today=TODAY))
    statuses = triples(result.findings, "KP-ROT-01")
    assert ("KP-ROT-01", "aws_secretsmanager_secret.kling_plain", "WAIVED") in statuses
    unwaived = run_scan(ScanRequest(path=tmp_path, today=TODAY, use_waivers=False))
    assert {s for _, _, s in triples(unwaived.findings, "KP-ROT-01")} == {"FAIL"}


def test_cli_reports_waived_findings_and_no_waivers_flag(tmp_path: Path) -> None:
    write_tree(tmp_path, {".kling-posture.toml": '[rules]\nenable = ["KP-ROT-01"]\n',
                          "main.tf": '''
# kling-posture:waive KP-ROT-01 until=2099-01-01 reason="accepted"
resource "aws_secretsmanager_secret" "kling" {
  name = "kling/prod/sk"
}
'''})
    cli = [sys.executable, "-m", "kling_posture", "scan", str(tmp_path), "-f", "json"]
    waived = subprocess.run(cli, capture_output=True, text=True)
    assert waived.returncode == 0
    report = json.loads(waived.stdout)
    assert report["summary"]["WAIVED"] == 1
    assert report["findings"][0]["waiver"]["reason"] == "accepted"
    strict = subprocess.run([*cli, "--no-waivers"], capture_output=True, text=True)
    assert strict.returncode == 1 and json.loads(strict.stdout)["summary"]["FAIL"] == 1
