"""The JSON report (CONTROLS.md's stable fields)."""

from __future__ import annotations

import json
from typing import Any


def render_json(report: dict[str, Any]) -> str:
    """The report as indented JSON with a stable key order."""
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
