"""Values produced by evaluating configuration: known Python values plus explicit unknowns.

Known values are plain Python (``str``, ``int``, ``float``, ``bool``, ``None``, ``list``,
``dict``).  Two kinds of extra information travel with them:

* :class:`Unknown` - a value that cannot be known from the code (an unresolved variable, a
  remote module, an attribute computed at apply time).  It keeps the addresses of the
  resources it was derived from (``refs``) so a rule can still tell *what* it points at.
* :class:`SymbolStr` - a string that came out of a variable or local, remembering which one.
  A credential literal is reported on the object that holds it; a workload that merely
  forwards ``var.kling_sk`` is not the holder.

Nothing here formats a value for output: see :mod:`kling_posture.redact`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Unknown:
    """A value that cannot be known from the scanned evidence."""

    reason: str
    refs: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    """``address.attribute`` of each apply-time attribute this value was derived from."""
    prefix: str = ""
    """The literal start of a partly unknown string (``"https://"`` of
    ``"https://${aws_lb.x.dns_name}/cb"``), so rules can still judge a scheme or host."""
    structure: Any = field(default=None, compare=False)
    """For ``jsonencode`` of partly unknown data: the data itself, so rules can inspect it."""

    def __bool__(self) -> bool:  # an unknown is never silently truthy or falsy
        raise UnknownTruthValue(self)


class UnknownTruthValue(Exception):
    """Raised when code asks whether an :class:`Unknown` is true."""

    def __init__(self, unknown: Unknown) -> None:
        super().__init__(unknown.reason)
        self.unknown = unknown


class SymbolStr(str):
    """A string value that was read from a named symbol (``var.x``, ``local.y``).

    ``origin`` is the fully qualified symbol address (``module.api.var.kling_sk``).
    """

    origin: str

    def __new__(cls, value: str, origin: str) -> SymbolStr:
        obj = super().__new__(cls, value)
        obj.origin = origin
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (SymbolStr, (str(self), self.origin))


class JsonStr(str):
    """The string ``jsonencode`` produced, keeping the structure it encoded."""

    structure: Any

    def __new__(cls, value: str, structure: Any) -> JsonStr:
        obj = super().__new__(cls, value)
        obj.structure = structure
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (JsonStr, (str(self), self.structure))


def is_unknown(value: Any) -> bool:
    """True when ``value`` itself is unknown (not when it merely contains one)."""
    return isinstance(value, Unknown)


def iter_unknowns(value: Any) -> Iterator[Unknown]:
    """Yield every :class:`Unknown` nested anywhere in ``value``."""
    if isinstance(value, Unknown):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from iter_unknowns(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from iter_unknowns(item)


def contains_unknown(value: Any) -> bool:
    """True when ``value`` is or contains an :class:`Unknown`."""
    return next(iter_unknowns(value), None) is not None


def merge_unknowns(values: Iterable[Any], reason: str | None = None) -> Unknown:
    """One :class:`Unknown` standing for an operation over ``values``, keeping all refs."""
    refs: list[str] = []
    attributes: list[str] = []
    reasons: list[str] = []
    for value in values:
        for unknown in iter_unknowns(value):
            reasons.append(unknown.reason)
            refs.extend(r for r in unknown.refs if r not in refs)
            attributes.extend(a for a in unknown.attributes if a not in attributes)
    return Unknown(reason or (reasons[0] if reasons else "unknown value"), tuple(refs),
                   tuple(attributes))


def plain(value: Any) -> Any:
    """Strip :class:`SymbolStr` / :class:`JsonStr` wrappers, recursively (for JSON output)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Unknown):
        return {"unknown": value.reason, **({"refs": list(value.refs)} if value.refs else {})}
    return value


def decoded_json(value: Any) -> Any:
    """The structure behind a JSON-valued attribute, or an :class:`Unknown`.

    Handles ``jsonencode(...)`` results (known or partly unknown) and literal JSON strings.
    """
    import json

    if isinstance(value, JsonStr):
        return value.structure
    if isinstance(value, Unknown):
        return value.structure if value.structure is not None else value
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return Unknown("attribute is not valid JSON")
    return value


def as_bool(value: Any, default: bool) -> bool | Unknown | None:
    """A boolean attribute as Terraform converts it (``"true"`` is true); ``default`` when unset,
    None when it is not a boolean at all."""
    if value is None:
        return default
    if isinstance(value, (bool, Unknown)):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def shown(value: Any) -> Any:
    """A value as evidence: unknowns shown as ``"unknown"``."""
    if isinstance(value, Unknown):
        return "unknown"
    if isinstance(value, (list, tuple)):
        return [shown(v) for v in value]
    if isinstance(value, dict):
        return {str(k): shown(v) for k, v in value.items()}
    return value
