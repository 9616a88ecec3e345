"""Recognising credential values written as literals in code (KP-CRED-01, KP-ENV-01)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .kling import KlingScope, is_reference_value
from .values import JsonStr, SymbolStr, Unknown, decoded_json


def is_literal_credential(value: Any) -> bool:
    """A non-empty string written in the code itself (not read from a variable or a reference)."""
    if not isinstance(value, str) or isinstance(value, (SymbolStr, JsonStr)):
        return False
    return bool(value.strip()) and not is_reference_value(value)


def secret_content(value: Any) -> Any:
    """A secret's content: the structure of JSON text, else the text itself."""
    decoded = decoded_json(value)
    return value if isinstance(decoded, Unknown) and isinstance(value, str) else decoded


def credential_literals(scope: KlingScope, name: str, value: Any,
                        every_string: bool = False) -> Iterator[tuple[str, str]]:
    """(name, literal) pairs of credential values inside ``value``.

    Maps are walked with dotted names (``creds.access_key``); ``[{name, value}]`` lists (ECS
    environments) use each item's name. With ``every_string`` any literal counts (secret content).
    """
    if isinstance(value, dict):
        for key, item in value.items():
            yield from credential_literals(scope, f"{name}.{key}", item, every_string)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and isinstance(item.get("name"), str) and "value" in item:
                yield from credential_literals(scope, item["name"], item["value"], every_string)
            else:
                yield from credential_literals(scope, name, item, every_string)
    elif (every_string or scope.is_credential_name(name)) and is_literal_credential(value):
        yield name, str(value)
