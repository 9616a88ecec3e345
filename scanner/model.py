"""The normalized model between sources, rules and reporters.

Sources turn evidence (Terraform code, plan JSON, cloud APIs) into :class:`Resource` records
collected in an :class:`Inventory`; rules read the inventory and return :class:`Finding`s;
reporters read findings and :class:`RunInfo`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Status(str, Enum):
    """A finding's verdict (CONTROLS.md)."""

    PASS = "PASS"
    FAIL = "FAIL"
    UNKNOWN = "UNKNOWN"
    ERROR = "ERROR"
    WAIVED = "WAIVED"


class Severity(str, Enum):
    """How much a FAIL matters."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Order for comparisons: info < low < ... < critical."""
        return list(Severity).index(self)


@dataclass
class Resource:
    """One piece of configuration or one cloud object, with the attributes read from it.

    ``attributes`` holds evaluated values (see :mod:`kling_posture.values`); nested blocks
    appear as lists of dicts under the block's type.
    """

    address: str
    type: str
    source: str
    attributes: dict[str, Any]
    file: str | None = None
    line: int | None = None
    mode: str = "managed"
    """``managed``, ``data``, or a symbol kind: ``variable``, ``local``, ``output``."""
    module_address: str = ""
    root_dir: str | None = None
    """The root module folder this instance was evaluated from (relative), for environments."""
    account: str | None = None
    project: str | None = None
    region: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    """Source-specific facts rules may use (e.g. ``instances_unknown``, ``tfvars_file``)."""

    @property
    def name(self) -> str:
        """The last segment of the address (the Terraform resource name or symbol name)."""
        return self.address.rsplit(".", 1)[-1].split("[", 1)[0]

    @property
    def base_address(self) -> str:
        """The address without its instance key."""
        return self.address.split("[", 1)[0] if self.address.endswith("]") else self.address


@dataclass
class SourceError:
    """A source that could not be read at all (status ERROR in the report's ``errors``)."""

    source: str
    message: str
    file: str | None = None
    line: int | None = None


class Inventory:
    """All resources found by the sources, indexed for the rules."""

    def __init__(self) -> None:
        self._resources: list[Resource] = []
        self._by_type: dict[str, list[Resource]] = defaultdict(list)
        self._by_address: dict[str, Resource] = {}
        self.errors: list[SourceError] = []
        self.sources: list[str] = []
        self.input_digests: dict[str, str] = {}
        """Relative path (or API call) → SHA-256 of the evidence read from it."""
        self.annotated_files: dict[str, str] = {}
        """Relative path → text of scanned files that carry inline waivers."""

    def add(self, resource: Resource) -> None:
        """Add ``resource`` (a repeated address keeps the first)."""
        key = _identity(resource)
        if key in self._by_address:
            return
        self._resources.append(resource)
        self._by_type[resource.type].append(resource)
        self._by_address[key] = resource

    def __iter__(self) -> Iterator[Resource]:
        return iter(self._resources)

    def __len__(self) -> int:
        return len(self._resources)

    def of_type(self, *types: str) -> list[Resource]:
        """Resources of any of ``types``, in discovery order."""
        if len(types) == 1:
            return list(self._by_type.get(types[0], ()))
        return [r for r in self._resources if r.type in types]

    def managed(self, *types: str) -> list[Resource]:
        """Managed resources (not data sources or symbols) of any of ``types``."""
        return [r for r in self.of_type(*types) if r.mode == "managed"]

    def data(self, *types: str) -> list[Resource]:
        """Data sources of any of ``types``."""
        return [r for r in self.of_type(*types) if r.mode == "data"]

    def get(self, address: str, root_dir: str | None = None) -> Resource | None:
        """The resource at ``address`` (within the given root module evaluation)."""
        return self._by_address.get(f"{root_dir}|{address}")


def _identity(resource: Resource) -> str:
    return f"{resource.root_dir}|{resource.address}"


@dataclass
class Finding:
    """One rule's verdict on one resource, with the evidence that led to it."""

    rule_id: str
    status: Status
    severity: Severity
    message: str
    resource: Resource
    evidence: dict[str, Any] = field(default_factory=dict)
    waiver: dict[str, Any] | None = None

    def sort_key(self) -> tuple[str, str, str, int, str]:
        """Deterministic report order."""
        return (self.rule_id, self.resource.file or "", self.resource.root_dir or "",
                self.resource.line or 0, self.resource.address)


@dataclass
class RunInfo:
    """What was scanned, how, and when: the report's ``run`` section."""

    started_at: str
    finished_at: str
    sources: list[str]
    scope: str
    targets: list[str]
    parameters: dict[str, Any] = field(default_factory=dict)
    inputs_sha256: str | None = None
    config_file: str | None = None
