"""KP-ENV-01 through the real parser on real fixtures: exact (rule, address, status) sets."""

from __future__ import annotations

import json
from pathlib import Path

from kling_posture.environments import environment_of
from kling_posture.model import Resource

from .conftest import FIXTURES, scan, triples

RULE = "KP-ENV-01"


def located(findings: list) -> set[tuple[str, str | None, str]]:  # type: ignore[type-arg]
    return {(f.resource.address, f.resource.file, f.status.value) for f in findings
            if f.rule_id == RULE}


def test_secret_shared_across_root_modules_and_repeated_literal() -> None:
    result = scan(FIXTURES / "kp_env_01" / "shared")
    assert located(result.findings) == {
        ("data.aws_secretsmanager_secret.kling_shared", "envs/dev/main.tf", "FAIL"),
        ("data.aws_secretsmanager_secret.kling_shared", "envs/prod/main.tf", "FAIL"),
        ("aws_secretsmanager_secret.kling_own", "envs/dev/main.tf", "PASS"),
        ("aws_secretsmanager_secret.kling_own", "envs/prod/main.tf", "PASS"),
        ("var.kling_secret_key", "envs/dev/dev.tfvars", "FAIL"),
        ("var.kling_secret_key", "envs/prod/prod.tfvars", "FAIL"),
    }
    text = json.dumps([f.evidence for f in result.findings]) + " ".join(
        f.message for f in result.findings)
    assert "skFAKEshared" not in text


def test_one_root_two_environments_and_unknowns() -> None:
    result = scan(FIXTURES / "kp_env_01" / "single")
    assert triples(result.findings, RULE) == {
        (RULE, "aws_secretsmanager_secret.kling", "FAIL"),
        (RULE, "aws_secretsmanager_secret.kling_batch", "UNKNOWN"),
        (RULE, "aws_secretsmanager_secret.kling_orphan", "UNKNOWN"),
    }
    shared = next(f for f in result.findings
                  if f.resource.address == "aws_secretsmanager_secret.kling" and f.rule_id == RULE)
    assert shared.evidence["environments"] == ["prod", "staging"]


def test_configuration_mapping_decides_first(tmp_path: Path) -> None:
    (tmp_path / ".kling-posture.toml").write_text('[environments]\n"*kling_batch*" = "prod"\n'
                                                  '"*kling_orphan*" = "dev"\n')
    for name in ("main.tf",):
        (tmp_path / name).write_text((FIXTURES / "kp_env_01" / "single" / name).read_text())
    statuses = triples(scan(tmp_path).findings, RULE)
    assert (RULE, "aws_secretsmanager_secret.kling_batch", "PASS") in statuses
    assert (RULE, "aws_secretsmanager_secret.kling_orphan", "PASS") in statuses


def _resource(**kwargs: object) -> Resource:
    base: dict[str, object] = {"address": "aws_lambda_function.x", "type": "aws_lambda_function",
                               "source": "terraform", "attributes": {}}
    base.update(kwargs)
    return Resource(**base)  # type: ignore[arg-type]


def test_environment_detection_order() -> None:
    tagged = _resource(attributes={"tags": {"Environment": "Production"}}, root_dir="envs/dev")
    assert environment_of(tagged).name == "prod"  # type: ignore[union-attr]
    assert environment_of(tagged, {"aws_lambda_function.*": "qa"}).name == "qa"  # type: ignore[union-attr]
    tfvars = _resource(meta={"tfvars_file": "config/staging.tfvars"})
    assert environment_of(tfvars).name == "staging"  # type: ignore[union-attr]
    path = _resource(root_dir="environments/stage/app", file="environments/stage/app/main.tf")
    assert environment_of(path).name == "staging"  # type: ignore[union-attr]
    named = _resource(attributes={"function_name": "kling-worker-dev-eu"})
    assert environment_of(named).name == "dev"  # type: ignore[union-attr]
    assert environment_of(_resource(attributes={"function_name": "kling-worker"})) is None
