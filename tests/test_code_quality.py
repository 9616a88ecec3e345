"""ruff and mypy are part of the test run, so CI fails on a lint or type error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import PROJECT_ROOT

BIN = Path(sys.executable).parent


def test_ruff_is_clean() -> None:
    result = subprocess.run([str(BIN / "ruff"), "check", "scanner", "rules", "tests",
                             "benchmarks"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_mypy_is_clean(tmp_path: Path) -> None:
    # mypy sees the packages by their import names through links (scanner/ is kling_posture)
    links = tmp_path / "typecheck"
    links.mkdir()
    os.symlink(PROJECT_ROOT / "scanner", links / "kling_posture")
    os.symlink(PROJECT_ROOT / "rules", links / "kling_posture_rules")
    result = subprocess.run([str(BIN / "mypy"), "--cache-dir", str(tmp_path / "cache"),
                             "-p", "kling_posture", "-p", "kling_posture_rules"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env={**os.environ, "MYPYPATH": str(links)})
    assert result.returncode == 0, result.stdout[-3000:]
