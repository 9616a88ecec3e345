"""The resource graph: how rules follow references between resources, written once.

References are followed by identity (an :class:`Unknown` that keeps the addresses it came from,
``aws_security_group.kling.id``) or by value (a literal name, ID or ARN equal to the target's
configured ``name``, ``id``, ``arn``, ``secret_id`` ...), always within one root module
evaluation (``root_dir``).  What cannot be resolved is returned as an unresolved value so the
rule can answer UNKNOWN instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .model import Inventory, Resource
from .values import Unknown, iter_unknowns

IDENTITY_KEYS = ("name", "id", "arn", "secret_id", "function_name", "bucket", "self_link",
                 "family")


@dataclass
class Resolved:
    """The targets a reference points at, and the references that could not be resolved."""

    targets: list[Resource] = field(default_factory=list)
    unresolved: list[Any] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when every reference was resolved."""
        return not self.unresolved


class Graph:
    """Index of an inventory for following references."""

    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory
        self._by_root: dict[tuple[str | None, str], Resource] = {}
        self._by_base: dict[tuple[str | None, str], list[Resource]] = {}
        for resource in inventory:
            self._by_root[(resource.root_dir, resource.address)] = resource
            self._by_base.setdefault((resource.root_dir, resource.base_address),
                                     []).append(resource)

    def get(self, address: str, root_dir: str | None) -> list[Resource]:
        """The resource(s) at ``address``: one instance, or every instance of a base address."""
        exact = self._by_root.get((root_dir, address))
        if exact is not None:
            return [exact]
        return list(self._by_base.get((root_dir, address), []))

    def resolve(self, value: Any, source: Resource, types: Iterable[str]) -> Resolved:
        """Resources of ``types`` that ``value`` (a reference, ID, name, ARN, or a list of those)
        points at, from the evaluation of ``source``."""
        wanted = tuple(types)
        result = Resolved()
        for item in _items(value):
            found = self._resolve_one(item, source.root_dir, wanted)
            if found:
                result.targets.extend(t for t in found if t not in result.targets)
            elif item is not None:
                result.unresolved.append(item)
        return result

    def _resolve_one(self, item: Any, root_dir: str | None,
                     wanted: tuple[str, ...]) -> list[Resource]:
        if isinstance(item, Unknown):
            found: list[Resource] = []
            for ref in item.refs:
                found.extend(r for r in self.get(ref, root_dir) if r.type in wanted)
            return found
        if isinstance(item, str):
            return [r for r in self.inventory.of_type(*wanted)
                    if r.root_dir == root_dir and _identifies(item, r)]
        return []

    def referrers(self, target: Resource, types: Iterable[str], attribute: str
                  ) -> list[Resource]:
        """Resources of ``types`` whose ``attribute`` points at ``target``."""
        return [r for r in self.inventory.of_type(*types) if r.root_dir == target.root_dir
                and target in self.resolve(dig(r.attributes, attribute), r,
                                           (target.type,)).targets]

    def referenced_by_anything(self, resource: Resource) -> Iterator[Resource]:
        """Every resource of the same evaluation whose attributes mention ``resource``."""
        for other in self.inventory:
            if other.root_dir != resource.root_dir or other is resource:
                continue
            refs = {ref for u in iter_unknowns(other.attributes) for ref in u.refs}
            if resource.address in refs or resource.base_address in refs:
                yield other


def _identifies(text: str, resource: Resource) -> bool:
    for key in IDENTITY_KEYS:
        value = resource.attributes.get(key)
        if isinstance(value, str) and value and (text == value or text.endswith(":" + value)
                                                 or text.endswith("/" + value)):
            return True
    return False


def _items(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return [v for item in value for v in _items(item)]
    return [value]


def dig(attributes: Any, path: str) -> Any:
    """``attributes`` followed along ``a.b.c`` (first element of block lists); None if absent."""
    current = attributes
    for part in path.split("."):
        if isinstance(current, list):
            current = current[0] if current else None
        if isinstance(current, Unknown):
            return current
        if not isinstance(current, dict):
            return None
        current = current.get(part)
    return current


def block(value: Any) -> Any:
    """The first nested block of a block list (or the dict itself); an Unknown stays unknown."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict) and "__unknown__" in value:
        return value["__unknown__"]
    return value if isinstance(value, (dict, Unknown)) else None


def blocks(value: Any) -> list[dict[str, Any]]:
    """A nested block list as dicts (a single dict is a one-element list)."""
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def split_blocks(value: Any) -> tuple[list[dict[str, Any]], list[Unknown]]:
    """A nested block list split into known blocks and unknown ones (``dynamic`` blocks over a
    value known only after apply)."""
    if isinstance(value, Unknown):
        return [], [value]
    items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    known: list[dict[str, Any]] = []
    unknown: list[Unknown] = []
    for item in items:
        marker = item.get("__unknown__") if isinstance(item, dict) else item
        if isinstance(marker, Unknown):
            unknown.append(marker)
        elif isinstance(item, dict):
            known.append(item)
    return known, unknown
