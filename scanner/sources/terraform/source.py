"""The Terraform source: a folder of ``.tf`` files in, inventory records out."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model import Inventory, Resource, SourceError
from ...values import Unknown
from .evaluator import Evaluator, Scope
from .loader import ModuleLoader, local_module_source, walk_terraform
from .modules import ModuleInstance, RunContext, VariableValue, _no_names

MAX_FILE_FUNCTION_BYTES = 1_000_000


class NothingToScan(Exception):
    """The path does not exist or holds no Terraform."""


@dataclass
class TerraformOptions:
    """Variable values given on the command line."""

    var_files: list[Path] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)


def scan_terraform(path: Path, options: TerraformOptions | None = None) -> Inventory:
    """Load and evaluate every root module under ``path`` into an :class:`Inventory`."""
    options = options or TerraformOptions()
    if not path.exists():
        raise NothingToScan(f"{path}: no such file or directory")
    scan_root = path.resolve() if path.is_dir() else path.resolve().parent
    module_dirs, tfvars_files = walk_terraform(scan_root) if path.is_dir() else ([], [])
    if path.is_file() and path.suffix == ".tf":
        module_dirs = [scan_root]
    if not module_dirs:
        raise NothingToScan(f"{path}: no Terraform (.tf) files found")

    loader = ModuleLoader()
    inventory = Inventory()
    inventory.sources.append("terraform")

    def relative(target: Path) -> str:
        return os.path.relpath(target, scan_root).replace(os.sep, "/")

    evaluator = Evaluator(_file_reader(scan_root))
    for directory in _root_modules(loader, module_dirs):
        root_values = _root_variable_values(loader, directory, options, evaluator)
        run = RunContext(loader=loader, evaluator=evaluator, scan_root=scan_root,
                         root_dir=relative(directory), relative=relative)
        source = loader.load(directory)
        root = ModuleInstance(run, source, "", None, frozenset(), root_values)
        for record in root.records():
            inventory.add(record)
        for address, message in run.warnings:
            inventory.errors.append(SourceError("terraform", f"{address}: {message}",
                                                run.root_dir))
    for tfvars in tfvars_files:
        for record in _tfvars_records(loader, evaluator, tfvars, relative):
            inventory.add(record)
    inventory.input_digests.update({relative(p): d for p, d in loader.digests.items()})
    inventory.annotated_files.update({relative(p): t for p, t in loader.waiver_texts.items()})
    for error in loader.errors:
        inventory.errors.append(SourceError("terraform", error.message, relative(error.file),
                                            error.line))
    return inventory


def _root_modules(loader: ModuleLoader, module_dirs: list[Path]) -> list[Path]:
    """Module folders no other scanned module calls by a local path."""
    called: set[Path] = set()
    for directory in module_dirs:
        for block in loader.load(directory).of_type("module"):
            source = block.attributes.get("source")
            text = _literal_string(source)
            if text is not None and local_module_source(text):
                target = (directory / text).resolve()
                if target != directory:
                    called.add(target)
    return [d for d in module_dirs if d not in called]


def _literal_string(node: Any) -> str | None:
    if node is None:
        return None
    value = Evaluator(lambda _: None).evaluate_safely(node, Scope(_no_names))
    return value if isinstance(value, str) else None


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
