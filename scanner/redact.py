"""The one place that turns a credential value into its safe form.

CONTROLS.md: an access key may be shown as its first 8 characters followed by ``…``; a secret
key shows nothing but ``[redacted, N chars]``.  Every credential value a rule reads is also
registered with the run's :class:`Redactor`, which scrubs each report before it is written, so a
value that slipped into a message or an evidence field still never leaves the process.
"""

from __future__ import annotations

import re

_ACCESS_KEY_NAME = re.compile(r"access|(^|[^a-z])ak([^a-z]|$)|key_?id", re.IGNORECASE)
MIN_REGISTERED_LENGTH = 4
ACCESS_KEY_PREFIX = 8


def redact(value: str, name: str = "") -> str:
    """The safe form of credential ``value`` held under ``name`` (a variable or key name)."""
    is_access_key = bool(_ACCESS_KEY_NAME.search(name)) and not re.search(
        r"secret|(^|[^a-z])sk([^a-z]|$)", name, re.IGNORECASE)
    if is_access_key and len(value) > 2 * ACCESS_KEY_PREFIX:
        return value[:ACCESS_KEY_PREFIX] + "…"
    return f"[redacted, {len(value)} chars]"


class Redactor:
    """Remembers the credential values seen in a run and removes them from any text."""

    def __init__(self) -> None:
        self._values: set[str] = set()

    def register(self, value: str) -> None:
        """Remember ``value`` as a credential (too short values cannot be scrubbed safely)."""
        if len(value) >= MIN_REGISTERED_LENGTH:
            self._values.add(value)

    def scrub(self, text: str) -> str:
        """``text`` with every registered value replaced by ``[redacted, N chars]``."""
        for value in sorted(self._values, key=len, reverse=True):
            if value in text:
                text = text.replace(value, f"[redacted, {len(value)} chars]")
        return text

    def __len__(self) -> int:
        return len(self._values)
