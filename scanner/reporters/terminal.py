"""The terminal report: a summary table per rule, then what failed, grouped by rule, with
``file:line`` and the fix (once per rule)."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

STATUS_STYLE = {"PASS": "green", "FAIL": "bold red", "UNKNOWN": "yellow", "ERROR": "magenta",
                "WAIVED": "cyan"}
SHOWN_STATUSES = ("FAIL", "ERROR", "UNKNOWN")
SEVERITY_ORDER = ["info", "low", "medium", "high", "critical"]


def render_terminal(report: dict[str, Any], rules: dict[str, tuple[str, str]],
                    width: int = 110, color: bool = False, verbose: bool = False) -> str:
    """The report as terminal text (ANSI colours when ``color``).

    ``rules`` maps a rule ID to its (title, one-line fix).
    """
    console = Console(width=width, record=True, force_terminal=color, no_color=not color,
                      highlight=False)
    with console.capture() as capture:
        _summary(console, report)
        shown = SHOWN_STATUSES + (("WAIVED", "PASS") if verbose else ())
        for status in shown:
            _status_section(console, report, status, rules)
        _errors(console, report)
        _totals(console, report)
    return "\n".join(line.rstrip(" ") for line in capture.get().split("\n"))


def _summary(console: Console, report: dict[str, Any]) -> None:
    table = Table(title="kling-posture: results by control", title_justify="left")
    table.add_column("rule")
    for status in STATUS_STYLE:
        table.add_column(status, justify="right", style=STATUS_STYLE[status])
    per_rule: dict[str, dict[str, int]] = {}
    for finding in report["findings"]:
        counts = per_rule.setdefault(finding["rule_id"], dict.fromkeys(STATUS_STYLE, 0))
        counts[finding["status"]] += 1
    for rule_id in sorted(per_rule):
        table.add_row(rule_id, *(str(per_rule[rule_id][s] or "") for s in STATUS_STYLE))
    console.print(table)


def _status_section(console: Console, report: dict[str, Any], status: str,
                    rules: dict[str, tuple[str, str]]) -> None:
    findings = [f for f in report["findings"] if f["status"] == status]
    if not findings:
        return
    console.print()
    console.print(Text(f"{status} ({len(findings)})", style=STATUS_STYLE[status]))
    by_rule = {f["rule_id"]: f["severity"] for f in findings}
    for rule_id in sorted(by_rule, key=lambda r: (-SEVERITY_ORDER.index(by_rule[r]), r)):
        title, fix = rules.get(rule_id, ("", ""))
        of_rule = [f for f in findings if f["rule_id"] == rule_id]
        header = Text(f"  {rule_id}", style="bold")
        header.append(f"  {title}" if title else "")
        header.append(f"  ({of_rule[0]['severity']})", style="dim")
        console.print(header)
        if status == "FAIL" and fix:
            console.print(Padding(Text(f"fix: {fix}", style="dim"), (0, 0, 0, 4), expand=False))
        for finding in of_rule:
            console.print(_finding(finding))


def _finding(finding: dict[str, Any]) -> Padding:
    resource = finding["resource"]
    lines: list[Text | Padding] = [Text(resource["address"], style="bold"),
             Padding(Text(location(resource), style="dim"), (0, 0, 0, 2), expand=False),
             Padding(Text(finding["message"]), (0, 0, 0, 2), expand=False)]
    waiver = finding.get("waiver")
    if waiver:
        lines.append(Padding(Text(f"waived until {waiver.get('until')}: {waiver.get('reason')}",
                                  style="cyan"), (0, 0, 0, 2), expand=False))
    return Padding(Group(*lines), (0, 0, 0, 4), expand=False)


def location(resource: dict[str, Any]) -> str:
    """``file:line`` (with the root module when a shared module is evaluated from several), or
    account/project and region for cloud resources."""
    if resource.get("file"):
        where = resource["file"] + (f":{resource['line']}" if resource.get("line") else "")
        root = resource.get("root_module")
        return f"{where} [{root}]" if root and root != "." and not where.startswith(root) else where
    parts = [resource.get(k) for k in ("account", "project", "region")]
    return " ".join(str(p) for p in parts if p) or str(resource.get("source", ""))


def _errors(console: Console, report: dict[str, Any]) -> None:
    if not report["errors"]:
        return
    console.print()
    console.print(Text(f"Could not read ({len(report['errors'])})", style="magenta"))
    for error in report["errors"]:
        where = error["file"] + (f":{error['line']}" if error.get("line") else "") \
            if error.get("file") else error["source"]
        console.print(Text(f"  {where}: {error['message']}"))


def _totals(console: Console, report: dict[str, Any]) -> None:
    summary = report["summary"]
    text = Text("\n")
    for status, style in STATUS_STYLE.items():
        text.append(f"{status} {summary[status]}  ", style=style)
    console.print(text)
