"""Report formats: each takes the report document (and the rule catalogue) and returns text.

Adding a format means one module here and one entry in :data:`FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..catalogue import Rule


@dataclass(frozen=True)
class RenderOptions:
    """Presentation choices that only some formats use."""

    color: bool = False
    verbose: bool = False


@dataclass(frozen=True)
class Format:
    """A report format: its file name in ``--output-dir`` and how to render it."""

    name: str
    file_name: str
    render: Callable[[dict[str, Any], list[Rule], RenderOptions], str]


def _terminal(report: dict[str, Any], rules: list[Rule], options: RenderOptions) -> str:
    from .terminal import render_terminal
    return render_terminal(report, {r.id: (r.title, r.remediation) for r in rules},
                           color=options.color, verbose=options.verbose)


def _json(report: dict[str, Any], rules: list[Rule], options: RenderOptions) -> str:
    from .json_reporter import render_json
    return render_json(report)


def _html(report: dict[str, Any], rules: list[Rule], options: RenderOptions) -> str:
    from .html import render_html
    return render_html(report, rules)


def _sarif(report: dict[str, Any], rules: list[Rule], options: RenderOptions) -> str:
    from .sarif import render_sarif
    return render_sarif(report, rules)


def _junit(report: dict[str, Any], rules: list[Rule], options: RenderOptions) -> str:
    from .junit import render_junit
    return render_junit(report)


FORMATS = {f.name: f for f in (
    Format("terminal", "report.txt", _terminal),
    Format("json", "report.json", _json),
    Format("html", "report.html", _html),
    Format("sarif", "report.sarif", _sarif),
    Format("junit", "report.junit.xml", _junit),
)}


class FormatError(ValueError):
    """An unknown or repeated format name."""


def parse_formats(text: str) -> list[Format]:
    """``"json,html"`` → the formats, in order; raises :class:`FormatError`."""
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise FormatError(f"unknown format '{unknown[0] if unknown else text}'; "
                          f"choose from {', '.join(FORMATS)}")
    return [FORMATS[n] for n in dict.fromkeys(names)]
