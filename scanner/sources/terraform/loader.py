"""Find Terraform modules under a path and parse their files.

Every folder holding ``.tf`` files is a module.  A module that another scanned module calls by a
local path (``source = "./modules/x"``) is loaded through that call, not as a root of its own.
Files that fail to parse become :class:`LoadError` entries; the rest of the module still loads.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ...waivers import MARKER as WAIVER_MARKER
from .syntax import Block, HclSyntaxError, body_of, parse_hcl, read_file_text

SKIPPED_DIRS = frozenset({".terraform", ".git", "node_modules", "__pycache__"})


@dataclass(frozen=True)
class LoadError:
    """A file that could not be read or parsed."""

    file: Path
    message: str
    line: int | None = None


@dataclass
class ModuleSource:
    """The parsed top-level blocks of one module folder."""

    directory: Path
    blocks: list[Block] = field(default_factory=list)

    def of_type(self, block_type: str) -> list[Block]:
        """Top-level blocks of ``block_type`` (``resource``, ``variable``, ...)."""
        return [b for b in self.blocks if b.type == block_type]


class ModuleLoader:
    """Parses module folders on demand, once each, collecting errors."""

    def __init__(self) -> None:
        self._cache: dict[Path, ModuleSource] = {}
        self._tfvars: dict[Path, Block | None] = {}
        self.errors: list[LoadError] = []
        self.digests: dict[Path, str] = {}
        self.waiver_texts: dict[Path, str] = {}
        """Files that mention ``kling-posture:waive``, kept for the waiver pass."""
        """SHA-256 of every file read, for the report's inputs fingerprint."""

    def load(self, directory: Path) -> ModuleSource:
        """The parsed module in ``directory`` (cached)."""
        directory = directory.resolve()
        if directory not in self._cache:
            self._cache[directory] = self._parse_module(directory)
        return self._cache[directory]

    def _parse_module(self, directory: Path) -> ModuleSource:
        module = ModuleSource(directory)
        for path in sorted(directory.glob("*.tf")):
            root = self._parse_file(path)
            if root is not None:
                module.blocks.extend(root.blocks)
        return module

    def load_tfvars(self, path: Path) -> Block | None:
        """A parsed ``.tfvars`` file (cached), or ``None`` when it does not parse."""
        path = path.resolve()
        if path not in self._tfvars:
            self._tfvars[path] = self._parse_file(path)
        return self._tfvars[path]

    def _parse_file(self, path: Path) -> Block | None:
        try:
            text = read_file_text(path)
        except (OSError, UnicodeDecodeError) as exc:
            reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror
            self.errors.append(LoadError(path, f"cannot read file: {reason}"))
            return None
        self.digests[path] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if WAIVER_MARKER in text:  # comments are not in the parse tree: keep the text
            self.waiver_texts[path] = text
        try:
            tree = parse_hcl(text, str(path))
        except HclSyntaxError as exc:
            self.errors.append(LoadError(path, str(exc), exc.line))
            return None
        return body_of(tree, str(path))


def walk_terraform(root: Path) -> tuple[list[Path], list[Path]]:
    """Module folders (holding ``.tf`` files) and ``.tfvars`` files under ``root``, sorted.

    Hidden folders, ``.terraform`` and ``.git`` are skipped.
    """
    modules: list[Path] = []
    tfvars: list[Path] = []
    for current, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        here = Path(current).resolve()
        if any(f.endswith(".tf") for f in files):
            modules.append(here)
        tfvars.extend(here / f for f in files if f.endswith(".tfvars"))
    return sorted(modules), sorted(tfvars)


def local_module_source(source: str) -> bool:
    """True for a module source Terraform reads from the local file system."""
    return source.startswith(("./", "../")) or source in (".", "..")
