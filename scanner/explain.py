"""``kling-posture explain``: a rule's documentation in the shape of ruff's rule pages."""

from __future__ import annotations

from .catalogue import FRAMEWORK_TITLES, Rule


def render_rule(rule: Rule) -> str:
    """What it does / Why is this bad? / Example / Use instead / References, as plain text."""
    lines = [f"{rule.id}: {rule.title}", f"severity: {rule.severity.value}    "
             f"sources: {', '.join(rule.sources)}", "", rule.summary, "",
             "## What it does", rule.what_it_does, "", "## Why is this bad?", rule.why, "",
             "## Example", _indent(rule.example), "", "## Use instead", _indent(rule.use_instead),
             "", "## Fix", rule.remediation, ""]
    if rule.parameters:
        lines.append("## Parameters (defaults; set them in .kling-posture.toml)")
        lines.extend(f"- {name} = {value!r}" for name, value in rule.parameters.items())
        lines.append("")
    lines.append("## Frameworks")
    lines.extend(f"- {FRAMEWORK_TITLES[key]}: {', '.join(rule.frameworks[key])}"
                 for key in FRAMEWORK_TITLES)
    if rule.references:
        lines += ["", "## References", *(f"- {ref}" for ref in rule.references)]
    return "\n".join(lines)


def _indent(code: str) -> str:
    return "\n".join("    " + line if line else "" for line in code.splitlines())
