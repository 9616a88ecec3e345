"""What belongs to the Kling integration (CONTROLS.md, "Who is Kling here").

Rules ask this module whether a resource is a Kling credential, secret or workload; with
``--scope all`` the filter is dropped and the general credential patterns apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .graph import blocks
from .model import Inventory, Resource
from .values import JsonStr, SymbolStr, Unknown, decoded_json, iter_unknowns

KLING_WORD = re.compile(r"kling", re.IGNORECASE)
KLING_CREDENTIAL_PATTERNS = (
    r"KLING.*(ACCESS|SECRET).*KEY",
    r"KLING_?(AK|SK)",
    r"KLINGAI_.*KEY",
)
GENERAL_CREDENTIAL_PATTERNS = (
    r"(ACCESS|SECRET|API|PRIVATE|AUTH)[_-]?KEY",
    r"(^|[_-])(AK|SK)$",
    r"PASSWORD|PASSWD|TOKEN|CLIENT[_-]?SECRET",
)
REFERENCE_NAME = re.compile(r"(_|-)(ARN|NAME|ID|PATH|PARAM|PARAMETER|REF|URI)$", re.IGNORECASE)
REFERENCE_VALUE = re.compile(
    r"^(arn:aws[\w-]*:(secretsmanager|ssm|kms):|projects/[^/]+/secrets/|\{\{resolve:"
    r"|sm://|ssm:|secretsmanager:)", re.IGNORECASE)

IDENTITY_ATTRIBUTES = frozenset({"arn", "id", "name", "secret_id", "version_id", "secret"})
SECRET_TYPES = ("aws_secretsmanager_secret", "google_secret_manager_secret")
WORKLOAD_TYPES = (
    "aws_lambda_function", "aws_ecs_task_definition", "aws_ecs_service", "aws_instance",
    "aws_launch_template", "google_cloud_run_v2_service", "google_cloud_run_v2_job",
    "google_cloud_run_service", "google_cloudfunctions_function",
    "google_cloudfunctions2_function", "kubernetes_deployment", "kubernetes_deployment_v1",
)


@dataclass
class KlingScope:
    """The Kling filter of one run: scope and the credential name patterns."""

    scope: str = "kling"
    extra_patterns: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        patterns = list(KLING_CREDENTIAL_PATTERNS) + self.extra_patterns
        if self.scope == "all":
            patterns += list(GENERAL_CREDENTIAL_PATTERNS)
        self._credential = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)

    @property
    def all(self) -> bool:
        """True with ``--scope all``: every resource is evaluated."""
        return self.scope == "all"

    def is_credential_name(self, name: str) -> bool:
        """A variable, env var, parameter or key name that holds a Kling credential."""
        return bool(self._credential.search(name)) and not REFERENCE_NAME.search(name)

    def is_kling_secret(self, resource: Resource) -> bool:
        """A secret in scope: named, described, tagged or labelled for Kling (any with all)."""
        return self.all or mentions_kling(resource)

    def is_kling_workload(self, resource: Resource, inventory: Inventory) -> bool:
        """A compute resource that belongs to the Kling integration (any with all)."""
        if resource.type not in WORKLOAD_TYPES:
            return False
        if self.all or mentions_kling(resource):
            return True
        if any(self.is_credential_name(n) or KLING_WORD.search(n)
               for n, _ in workload_env(resource)):
            return True
        secrets = {s.address for s in inventory.of_type(*SECRET_TYPES)
                   if s.root_dir == resource.root_dir and mentions_kling(s)}
        if any(ref in secrets for u in iter_unknowns(resource.attributes) for ref in u.refs):
            return True
        if resource.type == "aws_ecs_service":
            task = resource.attributes.get("task_definition")
            refs = task.refs if isinstance(task, Unknown) else ()
            return any(self.is_kling_workload(t, inventory) for t in
                       inventory.of_type("aws_ecs_task_definition")
                       if t.address in refs and t.root_dir == resource.root_dir)
        return False


NAMING_ATTRIBUTES = ("name", "name_prefix", "description", "secret_id", "function_name",
                     "family", "bucket", "bucket_prefix")


def mentions_kling(resource: Resource) -> bool:
    """Named, described, tagged or labelled for Kling (tag keys count; default_tags do not)."""
    if KLING_WORD.search(resource.name):
        return True
    attributes = resource.attributes
    for key in NAMING_ATTRIBUTES:
        value = attributes.get(key)
        if isinstance(value, str) and KLING_WORD.search(value):
            return True
    for key in ("tags", "labels"):
        tags = attributes.get(key)
        if isinstance(tags, dict) and any(
                KLING_WORD.search(str(k)) or (isinstance(v, str) and KLING_WORD.search(v))
                for k, v in tags.items()):
            return True
    return False


def workload_env(resource: Resource) -> Iterator[tuple[str, Any]]:
    """(name, value) of every environment variable a workload's configuration sets.

    A value is what the code gives: a string, an :class:`Unknown`, or for references a dict
    such as ``{"valueFrom": ...}`` / ``{"value_source": ...}``.
    """
    attributes = resource.attributes
    rtype = resource.type
    if rtype == "aws_lambda_function":
        for env in blocks(attributes.get("environment")):
            variables = env.get("variables")
            if isinstance(variables, dict):
                yield from variables.items()
    elif rtype == "aws_ecs_task_definition":
        containers = decoded_json(attributes.get("container_definitions"))
        for container in containers if isinstance(containers, list) else []:
            if not isinstance(container, dict):
                continue
            for item in _list(container.get("environment")):
                if isinstance(item, dict) and isinstance(item.get("name"), str):
                    yield item["name"], item.get("value")
            for item in _list(container.get("secrets")):
                if isinstance(item, dict) and isinstance(item.get("name"), str):
                    yield item["name"], {"valueFrom": item.get("valueFrom")}
    elif rtype in ("google_cloud_run_v2_service", "google_cloud_run_v2_job"):
        for template in blocks(attributes.get("template")):
            inner = blocks(template.get("template")) or [template]  # jobs nest a task template
            for task in inner:
                for container in blocks(task.get("containers")):
                    yield from _named_env(container.get("env"), "value_source")
    elif rtype == "google_cloud_run_service":
        for template in blocks(attributes.get("template")):
            for spec in blocks(template.get("spec")):
                for container in blocks(spec.get("containers")):
                    yield from _named_env(container.get("env"), "value_from")
    elif rtype == "google_cloudfunctions_function":
        yield from _dict_items(attributes.get("environment_variables"))
    elif rtype == "google_cloudfunctions2_function":
        for config in blocks(attributes.get("service_config")):
            yield from _dict_items(config.get("environment_variables"))
            for secret in blocks(config.get("secret_environment_variables")):
                if isinstance(secret.get("key"), str):
                    yield secret["key"], {"secret": secret.get("secret")}
    elif rtype.startswith("kubernetes_deployment"):
        for spec in blocks(attributes.get("spec")):
            for template in blocks(spec.get("template")):
                for pod in blocks(template.get("spec")):
                    for container in blocks(pod.get("container")):
                        yield from _named_env(container.get("env"), "value_from")
    elif rtype in ("aws_instance", "aws_launch_template"):
        yield from _user_data_assignments(attributes.get("user_data"))


def unreadable_environment(resource: Resource) -> Unknown | None:
    """The Unknown standing for a workload's whole environment when it cannot be read (e.g. a
    plan where one apply-time value makes the provider plan the entire map as unknown)."""
    attributes = resource.attributes
    if resource.type == "aws_lambda_function":
        for env in blocks(attributes.get("environment")):
            if isinstance(env.get("variables"), Unknown):
                return env["variables"]
        if isinstance(attributes.get("environment"), Unknown):
            return attributes["environment"]
    if resource.type == "aws_ecs_task_definition":
        containers = decoded_json(attributes.get("container_definitions"))
        if isinstance(containers, Unknown):
            return containers
    if resource.type == "google_cloudfunctions_function":
        value = attributes.get("environment_variables")
        return value if isinstance(value, Unknown) else None
    return None


def _named_env(entries: Any, reference_key: str) -> Iterator[tuple[str, Any]]:
    for env in blocks(entries):
        name = env.get("name")
        if not isinstance(name, str):
            continue
        if env.get(reference_key):
            yield name, {reference_key: env.get(reference_key)}
        else:
            yield name, env.get("value")


_ASSIGNMENT = re.compile(r"""^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*["']?([^"'\s]*)""",
                         re.MULTILINE)


def _user_data_assignments(user_data: Any) -> Iterator[tuple[str, Any]]:
    """``NAME=value`` lines of a shell user_data script."""
    if isinstance(user_data, Unknown) or not isinstance(user_data, str):
        return
    text = user_data
    if not isinstance(user_data, (SymbolStr, JsonStr)) and re.fullmatch(r"[A-Za-z0-9+/=\s]+",
                                                                         text.strip() or "-"):
        import base64
        import binascii
        try:
            text = base64.b64decode(text, validate=False).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return
    for match in _ASSIGNMENT.finditer(text):
        value = match.group(2)
        if value.startswith("$"):
            continue  # read from elsewhere at boot, e.g. $(aws secretsmanager get-secret-value)
        yield match.group(1), value


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict_items(value: Any) -> Iterable[tuple[str, Any]]:
    return value.items() if isinstance(value, dict) else ()


def is_reference_value(value: Any) -> bool:
    """A value that names or points at a secret rather than being one."""
    if isinstance(value, dict):
        return True
    if isinstance(value, Unknown):
        return bool(value.attributes) and all(
            a.rsplit(".", 1)[-1] in IDENTITY_ATTRIBUTES for a in value.attributes)
    return isinstance(value, str) and bool(REFERENCE_VALUE.search(value))
