"""Robustness on ../shared/corpus (2,000+ real Terraform files): no crash, no rule error, every
file python-hcl2 cannot parse is reported in ``errors`` and the rest is scanned."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import CORPUS

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
UNPARSABLE = "GoogleCloudPlatform__cloud-foundation-fabric/modules/gke-nodepool/main.tf"


def test_corpus_scan_with_scope_all() -> None:
    result = subprocess.run([sys.executable, "-m", "kling_posture", "scan", str(CORPUS),
                             "--scope", "all", "--format", "json"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    parse_errors = [e for e in report["errors"] if e["message"].startswith("not valid HCL")]
    assert UNPARSABLE in {e["file"] for e in parse_errors}
    assert all(e["line"] for e in parse_errors)
    assert report["summary"]["ERROR"] == 0, [f["message"] for f in report["findings"]
                                             if f["status"] == "ERROR"]
    files = {f["resource"]["file"] for f in report["findings"]}
    assert len(files) > 50  # the rest of the corpus was scanned and judged
