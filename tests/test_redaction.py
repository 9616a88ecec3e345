"""No credential value found while scanning appears in any output (CONTROLS.md)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from kling_posture.redact import Redactor, redact

from .conftest import FIXTURES

# every fake credential literal planted in the KP-CRED-01 fixtures
PLANTED = re.compile(r"(sk|AK)FAKE[0-9A-Za-z]{6,}")


def _planted_values(root: Path) -> set[str]:
    return {m.group(0) for path in root.rglob("*.tf*") for m in PLANTED.finditer(path.read_text())}


def test_redact_forms() -> None:
    assert redact("AKFAKE0KLINGEXAMPLE00000", "KLING_ACCESS_KEY") == "AKFAKE0K…"
    assert redact("skFAKEsecret0000000000", "KLING_SECRET_KEY") == "[redacted, 22 chars]"
    assert redact("short", "KLING_ACCESS_KEY") == "[redacted, 5 chars]"
    assert redact("anything-else-entirely", "token") == "[redacted, 22 chars]"


def test_redactor_scrubs_registered_values() -> None:
    redactor = Redactor()
    redactor.register("skFAKEsecret0000000000")
    assert redactor.scrub("x skFAKEsecret0000000000 y") == "x [redacted, 22 chars] y"


def test_no_planted_value_in_any_output_format() -> None:
    root = FIXTURES / "kp_cred_01"
    values = _planted_values(root)
    assert len(values) >= 10
    for args in (["-f", "json"], ["-f", "terminal", "--verbose"], ["--scope", "all", "-f", "json"]):
        result = subprocess.run([sys.executable, "-m", "kling_posture", "scan", str(root), *args],
                                capture_output=True, text=True, timeout=120)
        output = result.stdout + result.stderr
        assert result.returncode == 1
        leaked = [v for v in values if v in output]
        assert leaked == [], f"{args}: {len(leaked)} credential values leaked"
