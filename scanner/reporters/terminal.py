"""The terminal report: a summary table per rule, then what failed with file:line and the fix."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

STATUS_STYLE = {"PASS": "green", "FAIL": "bold red", "UNKNOWN": "yellow", "ERROR": "magenta",
                "WAIVED": "cyan"}
SHOWN_STATUSES = ("FAIL", "ERROR", "UNKNOWN")


def render_terminal(report: dict[str, Any], fixes: dict[str, str], width: int = 110,
                    color: bool = False, verbose: bool = False) -> str:
    """The report as terminal text (ANSI colours when ``color``)."""
    console = Console(width=width, record=True, force_terminal=color, no_color=not color,
                      highlight=False)
    with console.capture() as capture:
        _summary(console, report)
        _details(console, report, fixes, verbose)
        _errors(console, report)
        _totals(console, report)
    return capture.get()


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


def _details(console: Console, report: dict[str, Any], fixes: dict[str, str],
             verbose: bool) -> None:
    shown = SHOWN_STATUSES + (("PASS", "WAIVED") if verbose else ())
    for status in shown:
        findings = [f for f in report["findings"] if f["status"] == status]
        if not findings:
            continue
        console.print()
        console.print(Text(f"{status} ({len(findings)})", style=STATUS_STYLE[status]))
        for finding in findings:
            resource = finding["resource"]
            where = location(resource)
            line = Text()
            line.append(f"  {finding['severity']:<8} ", style="bold")
            line.append(f"{finding['rule_id']}  ")
            line.append(resource["address"], style="bold")
            line.append(f"  {where}", style="dim")
            console.print(line)
            console.print(Text(f"      {finding['message']}"))
            if status == "FAIL" and finding["rule_id"] in fixes:
                console.print(Text(f"      fix: {fixes[finding['rule_id']]}", style="dim"))


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
