"""Which environment (dev, staging, prod...) a resource or credential belongs to.

CONTROLS.md's order: the configuration file's mapping, a tag or label (``Environment``, ``env``,
``stage``), the ``.tfvars`` file a value came from (``prod.tfvars``), a path segment
(``envs/prod``, ``environments/staging``, ``prod/``), a name segment (``-prod-``, ``_dev_``).
Names are normalized (``production`` → ``prod``, ``stg`` → ``staging``...).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from .model import Resource

ALIASES = {
    "prod": "prod", "production": "prod", "prd": "prod", "live": "prod",
    "staging": "staging", "stage": "staging", "stg": "staging", "preprod": "preprod",
    "pre-prod": "preprod", "uat": "uat", "qa": "qa", "test": "test", "testing": "test",
    "dev": "dev", "development": "dev", "sandbox": "sandbox", "sbx": "sandbox",
}
TAG_KEYS = ("environment", "env", "stage")
_SEGMENTS = re.compile(r"[-_./:\s]+")


@dataclass(frozen=True)
class Environment:
    """An environment and how it was found (for the evidence)."""

    name: str
    how: str


def normalize(text: str) -> str | None:
    """The canonical environment name for ``text``, or None when it names none."""
    return ALIASES.get(text.strip().lower())


def environment_of(resource: Resource, mapping: dict[str, str] | None = None
                   ) -> Environment | None:
    """The environment of ``resource`` in CONTROLS.md's order, or None when nothing says."""
    for pattern, name in (mapping or {}).items():
        targets = [resource.address, resource.file or "", resource.root_dir or ""]
        if any(fnmatch.fnmatchcase(t, pattern) for t in targets if t):
            return Environment(normalize(name) or name, f"configuration mapping '{pattern}'")
    tag = _from_tags(resource)
    if tag is not None:
        return tag
    tfvars = resource.meta.get("tfvars_file") or resource.meta.get("value_file")
    if isinstance(tfvars, str):
        stem = tfvars.rsplit("/", 1)[-1].split(".", 1)[0]
        if normalize(stem):
            return Environment(str(normalize(stem)), f"tfvars file {tfvars}")
    folders = [resource.root_dir or "", (resource.file or "").rpartition("/")[0]]
    for folder in folders:
        found = _from_segments(folder.split("/"))
        if found:
            return Environment(found, f"path {folder}")
    for name in _names(resource):
        found = _from_segments(_SEGMENTS.split(name))
        if found:
            return Environment(found, f"name {name}")
    return None


def _from_tags(resource: Resource) -> Environment | None:
    for key in ("tags", "labels"):
        tags = resource.attributes.get(key)
        if not isinstance(tags, dict):
            continue
        for tag, value in tags.items():
            if str(tag).lower() in TAG_KEYS and isinstance(value, str) and value.strip():
                return Environment(normalize(value) or value.lower(), f"{key[:-1]} {tag}")
    return None


def _from_segments(segments: list[str]) -> str | None:
    for segment in segments:
        found = normalize(segment)
        if found:
            return found
    return None


def _names(resource: Resource) -> list[str]:
    names = [resource.address]
    for key in ("name", "function_name", "family", "secret_id", "name_prefix"):
        value = resource.attributes.get(key)
        if isinstance(value, str):
            names.append(value)
    return names
