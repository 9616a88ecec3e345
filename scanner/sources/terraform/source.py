"""The Terraform source: a folder of ``.tf`` files in, inventory records out."""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model import Inventory, Resource, SourceError
from ...values import Unknown
from .evaluator import Evaluator, Scope
from .loader import ModuleLoader, local_module_source, walk_terraform
from .modules import ModuleInstance, RunContext, VariableValue, _no_names

MAX_FILE_FUNCTION_BYTES = 1_000_000
PARALLEL_MIN_ROOTS = 16


class NothingToScan(Exception):
    """The path does not exist or holds no Terraform."""


@dataclass
class TerraformOptions:
    """Variable values given on the command line."""

    var_files: list[Path] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)


def scan_terraform(path: Path, options: TerraformOptions | None = None,
                   workers: int | None = None) -> Inventory:
    """Load and evaluate every root module under ``path`` into an :class:`Inventory`.

    Root modules are evaluated in ``workers`` processes (default: one per core when the tree
    has many roots); the result does not depend on how many.
    """
    options = options or TerraformOptions()
    if not path.exists():
        raise NothingToScan(f"{path}: no such file or directory")
    scan_root = path.resolve() if path.is_dir() else path.resolve().parent
    module_dirs, tfvars_files = walk_terraform(scan_root) if path.is_dir() else ([], [])
    if path.is_file() and path.suffix == ".tf":
        module_dirs = [scan_root]
    if not module_dirs:
        raise NothingToScan(f"{path}: no Terraform (.tf) files found")

    roots = root_modules(module_dirs)
    inventory = Inventory()
    inventory.sources.append("terraform")
    for part in _evaluate_in_parallel(scan_root, roots, options, workers):
        _merge(inventory, part)
    loader = ModuleLoader()
    evaluator = Evaluator(_file_reader(scan_root))
    relative = _relative_to(scan_root)
    for tfvars in tfvars_files:
        for record in _tfvars_records(loader, evaluator, tfvars, relative):
            inventory.add(record)
    _merge(inventory, _loader_outcome(loader, scan_root))
    inventory.errors.sort(key=lambda e: (e.file or "", e.line or 0, e.message))
    return inventory


@dataclass
class RootsOutcome:
    """What evaluating some root modules produced (picklable, for worker processes)."""

    records: list[Resource] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)
    annotated: dict[str, str] = field(default_factory=dict)


def _evaluate_in_parallel(scan_root: Path, roots: list[Path], options: TerraformOptions,
                          workers: int | None) -> list[RootsOutcome]:
    count = workers if workers is not None else (
        min(os.cpu_count() or 1, 8) if len(roots) >= PARALLEL_MIN_ROOTS else 1)
    if count <= 1 or len(roots) < 2:
        return [evaluate_roots(scan_root, roots, options)]
    chunks = [roots[i::count] for i in range(count)]
    with ProcessPoolExecutor(max_workers=count) as pool:
        return list(pool.map(evaluate_roots, [scan_root] * count, chunks, [options] * count))


def evaluate_roots(scan_root: Path, roots: list[Path], options: TerraformOptions
                   ) -> RootsOutcome:
    """Evaluate ``roots`` (absolute folders under ``scan_root``) into records."""
    loader = ModuleLoader()
    evaluator = Evaluator(_file_reader(scan_root))
    relative = _relative_to(scan_root)
    outcome = RootsOutcome()
    for directory in roots:
        root_values = _root_variable_values(loader, directory, options, evaluator)
        run = RunContext(loader=loader, evaluator=evaluator, scan_root=scan_root,
                         root_dir=relative(directory), relative=relative)
        root = ModuleInstance(run, loader.load(directory), "", None, frozenset(), root_values)
        outcome.records.extend(root.records())
        outcome.errors.extend(SourceError("terraform", f"{address}: {message}", run.root_dir)
                              for address, message in run.warnings)
    loaded = _loader_outcome(loader, scan_root)
    outcome.errors.extend(loaded.errors)
    outcome.digests.update(loaded.digests)
    outcome.annotated.update(loaded.annotated)
    return outcome


def _loader_outcome(loader: ModuleLoader, scan_root: Path) -> RootsOutcome:
    relative = _relative_to(scan_root)
    return RootsOutcome(
        errors=[SourceError("terraform", e.message, relative(e.file), e.line)
                for e in loader.errors],
        digests={relative(p): d for p, d in loader.digests.items()},
        annotated={relative(p): t for p, t in loader.waiver_texts.items()})


def _merge(inventory: Inventory, outcome: RootsOutcome) -> None:
    for record in outcome.records:
        inventory.add(record)
    known = {(e.file, e.line, e.message) for e in inventory.errors}
    inventory.errors.extend(e for e in outcome.errors if (e.file, e.line, e.message) not in known)
    inventory.input_digests.update(outcome.digests)
    inventory.annotated_files.update(outcome.annotated)


def _relative_to(scan_root: Path) -> Any:
    def relative(target: Path) -> str:
        return os.path.relpath(target, scan_root).replace(os.sep, "/")
    return relative


_MODULE_BLOCK = re.compile(r'^module\s+"[^"]*"\s*\{(.*?)^\}', re.MULTILINE | re.DOTALL)
_SOURCE = re.compile(r'^\s*source\s*=\s*"([^"]*)"', re.MULTILINE)


def root_modules(module_dirs: list[Path]) -> list[Path]:
    """Module folders no other scanned module calls by a local path.

    Read from the text (top-level ``module`` blocks and their literal ``source``), so roots are
    known before anything is parsed and each root can be evaluated in its own process.
    """
    called: set[Path] = set()
    for directory in module_dirs:
        for file in directory.glob("*.tf"):
            try:
                text = file.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            for block in _MODULE_BLOCK.finditer(text):
                source = _SOURCE.search(block.group(1))
                if source and local_module_source(source.group(1)):
                    target = (directory / source.group(1)).resolve()
                    if target != directory:
                        called.add(target)
    return [d for d in module_dirs if d not in called]


def _root_variable_values(loader: ModuleLoader, directory: Path, options: TerraformOptions,
                          evaluator: Evaluator) -> dict[str, VariableValue]:
    """Values Terraform would give a root's variables, in its order of precedence."""
    values: dict[str, VariableValue] = {}
    files = [directory / "terraform.tfvars", *sorted(directory.glob("*.auto.tfvars")),
             *options.var_files]
    for file in files:
        if not file.is_file():
            continue
        parsed = loader.load_tfvars(file)
        if parsed is None:
            continue
        for name, node in parsed.attributes.items():
            values[name] = VariableValue(evaluator.evaluate_safely(node, Scope(_no_names)),
                                         file.resolve(), parsed.attribute_lines.get(name))
    for name, raw in options.variables.items():
        values[name] = VariableValue(raw)
    return values


def _tfvars_records(loader: ModuleLoader, evaluator: Evaluator, path: Path,
                    relative: Any) -> list[Resource]:
    """One record per assignment in a ``.tfvars`` file (for credential checks)."""
    parsed = loader.load_tfvars(path)
    if parsed is None:
        return []
    records = []
    for name, node in parsed.attributes.items():
        records.append(Resource(
            address=f"var.{name}", type="tfvars_value", source="terraform",
            attributes={"value": evaluator.evaluate_safely(node, Scope(_no_names))},
            file=relative(path), line=parsed.attribute_lines.get(name), mode="variable",
            root_dir=relative(path), meta={"tfvars_file": relative(path)}))
    return records


def _file_reader(scan_root: Path) -> Any:
    """Terraform's ``file()``, confined to the scanned tree."""
    def read(name: str) -> Any:
        target = (scan_root / name).resolve() if not os.path.isabs(name) else Path(name).resolve()
        if scan_root not in target.parents and target != scan_root:
            return Unknown(f"file() outside the scanned tree is not read ({name})")
        if not target.is_file() or target.stat().st_size > MAX_FILE_FUNCTION_BYTES:
            return Unknown(f"file() target not readable ({name})")
        try:
            return target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return Unknown(f"file() target not readable ({name})")
    return read
