"""The ``kling-posture`` command line.

Only this module turns errors into exit codes: 0 no FAIL at or above ``--fail-on``, 1 such FAILs
exist, 2 usage error or nothing could be scanned.  Heavy modules are imported inside commands so
``--help`` and ``--version`` answer fast.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False,
                  help="Prove that an application integrating the Kling AI video API is "
                       "operated safely.")


class ScopeOption(str, Enum):
    """Which resources are evaluated."""

    kling = "kling"
    all = "all"


class SeverityOption(str, Enum):
    """``--fail-on`` thresholds."""

    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


OutputFile = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write the report to FILE instead of standard output.")]
OutputDir = Annotated[Path | None, typer.Option(
    "--output-dir", help="Write each format to DIR/report.<ext>.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kling-posture {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Prove that an application integrating the Kling AI video API is operated safely."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"kling-posture: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _parse_vars(pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise _fail(f"--var expects NAME=VALUE, got '{name.strip() or pair[:20]}'")
        values[name.strip()] = value
    return values


@app.command()
def scan(
    path: Annotated[Path, typer.Argument(help="Terraform folder (or .tf file) to scan.")],
    output_format: Annotated[str, typer.Option(
        "--format", "-f", help="terminal, json, html, sarif, junit; several comma-separated "
                               "with --output-dir.")] = "terminal",
    output: OutputFile = None,
    output_dir: OutputDir = None,
    scope: Annotated[ScopeOption | None, typer.Option(
        help="kling: only the Kling integration (default); all: every resource.")] = None,
    var_file: Annotated[list[Path] | None, typer.Option(
        "--var-file", help="A .tfvars file for root variables (repeatable).")] = None,
    var: Annotated[list[str] | None, typer.Option(
        "--var", help="NAME=VALUE for a root variable (repeatable).")] = None,
    fail_on: Annotated[SeverityOption | None, typer.Option(
        "--fail-on", help="Exit 1 when a FAIL of this severity or higher exists (default: low)."
    )] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", help="Configuration file (default: .kling-posture.toml or "
                         "[tool.kling-posture] in pyproject.toml beside PATH).")] = None,
    no_waivers: Annotated[bool, typer.Option(
        "--no-waivers", help="Ignore every waiver: report waived FAILs as FAIL.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Terminal report: list PASS findings too.")] = False,
) -> None:
    """Scan Terraform code and report each control's findings."""
    from .config import ConfigError
    from .model import RunInfo, Severity, Status
    from .pipeline import ScanRequest, run_scan
    from .report import build_report, inputs_fingerprint
    from .sources.terraform.source import NothingToScan

    formats = _formats(output_format, output, output_dir)
    for file in var_file or []:
        if not file.is_file():
            raise _fail(f"--var-file {file}: no such file")
    if config is not None and not config.is_file():
        raise _fail(f"--config {config}: no such file")
    request = ScanRequest(path=path, scope=scope.value if scope else None,
                          var_files=list(var_file or []), variables=_parse_vars(var or []),
                          config_path=config, use_waivers=not no_waivers)
    started = _now()
    try:
        result = run_scan(request)
    except (NothingToScan, ConfigError) as exc:
        raise _fail(str(exc)) from None
    config_file = result.config.path
    run = RunInfo(started_at=started, finished_at=_now(), sources=result.inventory.sources,
                  scope=result.scope, targets=[str(path)], parameters=result.parameters,
                  inputs_sha256=inputs_fingerprint(result.inventory.input_digests),
                  config_file=str(config_file) if config_file else None)
    report = _scrubbed(build_report(result.findings, result.inventory.errors, run),
                       result.redactor.scrub)
    _emit(report, result.rules, formats, output, output_dir, verbose, result.redactor.scrub)
    threshold_name = fail_on.value if fail_on else result.config.fail_on or "low"
    threshold = Severity(threshold_name).rank
    failing = [f for f in result.findings
               if f.status == Status.FAIL and f.severity.rank >= threshold]
    raise typer.Exit(EXIT_FAILURES if failing else EXIT_OK)


def _formats(names: str, output: Path | None, output_dir: Path | None) -> list[Any]:
    from .reporters import FormatError, parse_formats

    try:
        formats = parse_formats(names)
    except FormatError as exc:
        raise _fail(f"--format: {exc}") from None
    if output is not None and output_dir is not None:
        raise _fail("--output and --output-dir cannot be combined")
    if len(formats) > 1 and output_dir is None:
        raise _fail("several formats need --output-dir DIR")
    return formats


def _scrubbed(report: dict[str, Any], scrub: Any) -> dict[str, Any]:
    """The report with every registered credential value replaced, before any format renders
    it (so the HTML's results fingerprint matches the JSON written beside it)."""
    import json

    document: dict[str, Any] = json.loads(scrub(json.dumps(report, ensure_ascii=False)))
    return document


def _emit(report: dict[str, Any], rules: list[Any], formats: list[Any], output: Path | None,
          output_dir: Path | None, verbose: bool, scrub: Any) -> None:
    """Render each format, scrub credential values, and write it."""
    from .reporters import RenderOptions

    to_terminal = output is None and output_dir is None and sys.stdout.isatty()
    options = RenderOptions(color=to_terminal, verbose=verbose)
    for fmt in formats:
        text = fmt.render(report, rules, options)
        target = output_dir / fmt.file_name if output_dir is not None else output
        _write(scrub(text), target)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror}") from None


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@app.command()
def report(
    results: Annotated[Path, typer.Argument(help="A JSON report written by scan --format json.")],
    output_format: Annotated[str, typer.Option(
        "--format", "-f", help="html, sarif, junit, terminal, json; several comma-separated "
                               "with --output-dir.")] = "html",
    output: OutputFile = None,
    output_dir: OutputDir = None,
) -> None:
    """Render a saved JSON report in other formats (HTML for auditors by default)."""
    import json

    from .catalogue import load_catalogue

    formats = _formats(output_format, output, output_dir)
    try:
        document = json.loads(results.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _fail(f"{results}: no such file") from None
    except (OSError, UnicodeDecodeError, ValueError):
        raise _fail(f"{results}: not a JSON file") from None
    if not isinstance(document, dict) or document.get("schema_version") != "1" or not all(
            key in document for key in ("tool", "run", "summary", "findings", "errors")):
        raise _fail(f"{results}: not a kling-posture JSON report (schema_version 1)")
    _emit(document, load_catalogue(), formats, output, output_dir, False, lambda text: text)


@app.command("rules")
def list_rules() -> None:
    """List the rule catalogue."""
    from .catalogue import load_catalogue

    for rule in load_catalogue():
        typer.echo(f"{rule.id:<11} {rule.severity.value:<9} {rule.title}")


@app.command()
def explain(rule_id: Annotated[str, typer.Argument(help="A rule ID such as KP-ROT-01.")]) -> None:
    """Print one rule's documentation."""
    from .catalogue import load_catalogue
    from .explain import render_rule

    rules = {rule.id: rule for rule in load_catalogue()}
    rule = rules.get(rule_id.upper())
    if rule is None:
        raise _fail(f"unknown rule '{rule_id}'; known: {', '.join(rules)}")
    typer.echo(render_rule(rule))


def main() -> None:
    """Console entry point. An internal error is one line, never a traceback that could carry a
    scanned value (set KLING_POSTURE_DEBUG=1 to see the traceback)."""
    import os

    try:
        app()
    except Exception as exc:
        if os.environ.get("KLING_POSTURE_DEBUG"):
            raise
        typer.echo(f"kling-posture: internal error ({type(exc).__name__}); "
                   "rerun with KLING_POSTURE_DEBUG=1 for details", err=True)
        sys.exit(EXIT_USAGE)
