"""The plan source on real ``terraform show -json`` output (tests/fixtures/plan/README.md).

Records first (addresses, instance keys, apply-time values and their refs, variables, outputs),
then KP-CRED-01 and KP-ROT-01 over the plan inventories as exact (rule, address, status) sets,
and the same configurations scanned as HCL.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from kling_posture.catalogue import load_catalogue
from kling_posture.engine import run_rules
from kling_posture.kling import KlingScope
from kling_posture.model import Inventory, Resource
from kling_posture.redact import Redactor
from kling_posture.sources.terraform.plan import (
    PlanError,
    format_key,
    is_plan_json,
    parse_address,
    scan_plan,
)
from kling_posture.sources.terraform.source import TerraformOptions, scan_terraform
from kling_posture.values import SymbolStr, Unknown, plain

from .conftest import FIXTURES, triples

PLANS = FIXTURES / "plan"
CRED, ROT = "KP-CRED-01", "KP-ROT-01"
ROOT_VARS = {"kling_access_key": "AKFAKEplanVAR00000000000", "rotation_days": "45"}
PROD = 'module.secrets["prod"]'
STAGING = 'module.secrets["staging"]'


def plan_of(case: str) -> Inventory:
    """The plan inventory of a fixture folder."""
    return scan_plan(PLANS / case / "plan.json")


def verdicts(inventory: Inventory) -> set[tuple[str, str, str]]:
    """(rule, address, status) of KP-CRED-01 and KP-ROT-01 over ``inventory``."""
    findings = run_rules(inventory, load_catalogue(), KlingScope("kling"), {}, Redactor())
    return {t for t in triples(findings) if t[0] in (CRED, ROT)}


def record(inventory: Inventory, address: str) -> Resource:
    """The record at ``address`` (plan records all share root_dir ".")."""
    found = inventory.get(address, ".")
    assert found is not None, address
    return found


# ---- recognising and reading plan files ---------------------------------------------------------


def test_is_plan_json(tmp_path: Path) -> None:
    assert all(is_plan_json(PLANS / case / "plan.json")
               for case in ("aws_root", "aws_modules", "aws_unknown_env", "gcp"))
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"format_version": "1.0", "values": {}}))
    broken = tmp_path / "broken.json"
    broken.write_text('{"format_version": "1.2", "planned_values": ')
    listed = tmp_path / "list.json"
    listed.write_text("[]")
    assert not is_plan_json(PLANS / "aws_root" / "main.tf")
    assert not is_plan_json(state)
    assert not is_plan_json(broken)
    assert not is_plan_json(listed)
    assert not is_plan_json(tmp_path / "missing.json")
    assert not is_plan_json(tmp_path)


SECRET = "skFAKEmustNEVERshow000000000000000"


@pytest.mark.parametrize(("text", "expected"), [
    ('{"format_version": "1.2", "variables": {"kling_sk": {"value": "' + SECRET + '"}',
     "not valid JSON (line 1, column"),
    (f'["{SECRET}"]', "top level is not an object"),
    (json.dumps({"planned_values": {}, "note": SECRET}), "no format_version"),
    (json.dumps({"format_version": "2.0", "planned_values": {}}), "unsupported"),
    (json.dumps({"format_version": "1.0", "values": {"note": SECRET}}), "a state file?"),
    (json.dumps({"format_version": "1.2", "planned_values": {"root_module": {
        "resources": {"kling": SECRET}}}}), "planned_values resources is not an array"),
    (json.dumps({"format_version": "1.2", "planned_values": {"root_module": {"resources": [{
        "address": "aws_x.y", "type": "aws_x", "name": "y", "values": [SECRET]}]}}}),
     "aws_x.y values is not an object"),
])
def test_malformed_plans_raise_a_one_line_error_naming_the_file(
        tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad-plan.json"
    path.write_text(text)
    with pytest.raises(PlanError) as caught:
        scan_plan(path)
    message = str(caught.value)
    assert message.startswith("bad-plan.json: ") and expected in message
    assert "\n" not in message and SECRET not in message


def test_unreadable_plan(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match=r"^missing\.json: cannot be read"):
        scan_plan(tmp_path / "missing.json")
    (tmp_path / "latin1.json").write_bytes(b'{"format_version": "1.2", "x": "\xe9"}')
    with pytest.raises(PlanError, match="not UTF-8"):
        scan_plan(tmp_path / "latin1.json")


def test_addresses_parse_and_format() -> None:
    assert parse_address('module.api["prod"].aws_x.y[0].arn') == [
        ("module", None), ("api", "prod"), ("aws_x", None), ("y", 0), ("arn", None)]
    assert parse_address('aws_x.y["a.b\\"c"]') == [("aws_x", None), ("y", 'a.b"c')]
    assert parse_address("aws_x.y[*].id") == [("aws_x", None), ("y", None), ("id", None)]
    assert parse_address("aws_x..y") is None and parse_address('aws_x.y["open') is None
    assert format_key("prod") == '["prod"]' and format_key(3) == "[3]"


def test_a_plan_of_resource_changes_alone_gives_the_same_records(tmp_path: Path) -> None:
    document = json.loads((PLANS / "aws_root" / "plan.json").read_text())
    del document["planned_values"]
    # a deposed object being destroyed does not hide the current one's apply-time values
    document["resource_changes"].append({
        "address": "aws_secretsmanager_secret_rotation.kling_sk", "deposed": "0a1b2c3d",
        "mode": "managed", "type": "aws_secretsmanager_secret_rotation", "name": "kling_sk",
        "change": {"actions": ["delete"], "before": {}, "after": None, "after_unknown": {}}})
    path = tmp_path / "changes-only.json"
    path.write_text(json.dumps(document))
    full, alone = plan_of("aws_root"), scan_plan(path)
    assert [r.address for r in alone] == [r.address for r in full]
    assert verdicts(alone) == verdicts(full)
    rotation = record(alone, "aws_secretsmanager_secret_rotation.kling_sk")
    assert rotation.attributes["secret_id"].refs == ("aws_secretsmanager_secret.kling_sk",)


# ---- records ------------------------------------------------------------------------------------


def test_inventory_metadata_and_record_shape() -> None:
    path = PLANS / "aws_root" / "plan.json"
    inventory = scan_plan(path)
    assert inventory.sources == ["terraform-plan"]
    assert inventory.input_digests == {"plan.json": hashlib.sha256(path.read_bytes()).hexdigest()}
    for item in inventory:
        assert (item.source, item.file, item.line, item.root_dir) == (
            "terraform-plan", "plan.json", None, ".")
        assert item.meta["plan"] is True
    rotation = record(inventory, 'aws_secretsmanager_secret_rotation.kling_pair["ak"]')
    assert rotation.mode == "managed" and rotation.module_address == ""
    assert rotation.meta == {"plan": True}
    # nested blocks stay lists of objects; nulls stay None
    assert rotation.attributes["rotation_rules"] == [
        {"automatically_after_days": 30, "duration": None, "schedule_expression": None}]


def test_module_instances_keep_their_keys() -> None:
    inventory = plan_of("aws_modules")
    managed = {r.address: r.module_address for r in inventory if r.mode == "managed"}
    expected: dict[str, str] = {}
    for module in (PROD, STAGING):
        for kind in ("aws_secretsmanager_secret", "aws_secretsmanager_secret_rotation"):
            expected.update({f'{module}.{kind}.kling["{k}"]': module for k in ("ak", "sk")})
            expected.update({f"{module}.{kind}.legacy[{i}]": module for i in (0, 1)})
    expected.update({f"module.worker[0].{t}.kling": "module.worker[0]"
                     for t in ("aws_lambda_function", "aws_ecs_task_definition")})
    assert managed == expected


def test_data_sources_from_planned_values_and_prior_state() -> None:
    inventory = plan_of("aws_modules")
    data = {r.address: r for r in inventory if r.mode == "data"}
    assert set(data) == {"module.worker[0].data.aws_iam_policy_document.read_kling",
                         "module.worker[0].data.aws_iam_policy_document.logs"}
    deferred = data["module.worker[0].data.aws_iam_policy_document.read_kling"]
    resources = deferred.attributes["statement"][0]["resources"]
    assert isinstance(resources[0], Unknown)
    assert resources[0].refs == (f'{PROD}.aws_secretsmanager_secret.kling["sk"]',)
    assert isinstance(deferred.attributes["json"], Unknown)
    read = data["module.worker[0].data.aws_iam_policy_document.logs"]
    assert read.type == "aws_iam_policy_document" and read.module_address == "module.worker[0]"
    assert read.attributes["statement"][0]["actions"] == ["logs:PutLogEvents"]
    assert json.loads(read.attributes["json"])["Statement"][0]["Resource"] == "*"


def test_each_value_and_count_index_resolve_to_the_same_instance() -> None:
    inventory = plan_of("aws_modules")
    for module in (PROD, STAGING):
        for key in ("ak", "sk"):
            target = record(inventory, f'{module}.aws_secretsmanager_secret_rotation.kling["{key}"]'
                            ).attributes["secret_id"]
            secret = f'{module}.aws_secretsmanager_secret.kling["{key}"]'
            assert isinstance(target, Unknown) and target.reason == "known only after apply"
            assert target.refs == (secret,) and target.attributes == (f"{secret}.id",)
        legacy = record(inventory, f"{module}.aws_secretsmanager_secret_rotation.legacy[1]")
        target = legacy.attributes["secret_id"]
        # Terraform records `legacy[count.index].arn` without its attribute
        assert isinstance(target, Unknown)
        assert target.refs == (f"{module}.aws_secretsmanager_secret.legacy[1]",)
        assert target.attributes == ()


def test_root_references_by_id_arn_and_for_each_over_a_resource() -> None:
    inventory = plan_of("aws_root")
    by_id = record(inventory, "aws_secretsmanager_secret_rotation.kling_sk").attributes
    assert by_id["secret_id"] == Unknown("known only after apply",
                                         ("aws_secretsmanager_secret.kling_sk",),
                                         ("aws_secretsmanager_secret.kling_sk.id",))
    by_arn = record(inventory, "aws_secretsmanager_secret_rotation.kling_ak").attributes
    assert by_arn["secret_id"].attributes == ("aws_secretsmanager_secret.kling_ak.arn",)
    pair = record(inventory, 'aws_secretsmanager_secret_rotation.kling_pair["sk"]')
    assert pair.attributes["secret_id"].refs == ('aws_secretsmanager_secret.kling_pair["sk"]',)
    by_name = record(inventory, "aws_secretsmanager_secret_rotation.kling_cron").attributes
    assert by_name["secret_id"] == "kling/prod/cron"


def test_module_inputs_follow_other_modules_outputs() -> None:
    inventory = plan_of("aws_modules")
    secret = f'{PROD}.aws_secretsmanager_secret.kling["sk"]'
    lam = record(inventory, "module.worker[0].aws_lambda_function.kling")
    variables = lam.attributes["environment"][0]["variables"]
    # the provider plans the whole map as unknown when one value is
    assert isinstance(variables, Unknown) and variables.refs == (secret,)
    ecs = record(inventory, "module.worker[0].aws_ecs_task_definition.kling")
    assert ecs.attributes["container_definitions"].refs == (secret,)
    assert record(inventory, "module.worker[0].var.secret_arn").attributes["value"].refs == (
        secret,)


def test_unkeyed_reference_to_many_instances_names_them_all() -> None:
    inventory = plan_of("aws_modules")
    base = f"{PROD}.aws_secretsmanager_secret.kling"
    value = record(inventory, "output.prod_secret_arns").attributes["value"]
    assert set(value) == {"ak", "sk"}
    for item in value.values():
        assert item.refs == (base, f'{base}["ak"]', f'{base}["sk"]')


def test_computed_attributes_are_unknown_even_when_the_code_does_not_set_them() -> None:
    secret = record(plan_of("aws_root"), "aws_secretsmanager_secret.kling_sk").attributes
    assert secret["name"] == "kling/prod/secret-key"
    assert secret["arn"] == Unknown("known only after apply", (),
                                    ("aws_secretsmanager_secret.kling_sk.arn",))


def test_strings_from_variables_are_symbols_literals_stay_plain() -> None:
    inventory = plan_of("aws_root")
    forwarded = record(inventory, "aws_lambda_function.kling_forwarded")
    env = forwarded.attributes["environment"][0]["variables"]
    assert isinstance(env["KLING_ACCESS_KEY"], SymbolStr)
    assert env["KLING_ACCESS_KEY"].origin == "var.kling_access_key"
    assert not isinstance(env["KLING_BASE_URL"], SymbolStr)
    literal = record(inventory, "aws_lambda_function.kling_literal")
    value = literal.attributes["environment"][0]["variables"]["KLING_SECRET_KEY"]
    assert value == "skFAKEplanLITERAL0000000000000000000" and not isinstance(value, SymbolStr)
    parameter = record(inventory, "aws_ssm_parameter.kling_access_key").attributes["value"]
    assert isinstance(parameter, SymbolStr) and parameter.origin == "var.kling_access_key"


def test_root_variables_and_outputs() -> None:
    inventory = plan_of("aws_root")
    default = record(inventory, "var.kling_secret_key")
    assert (default.type, default.mode) == ("variable", "variable")
    assert default.attributes == {"value": "skFAKEplanDEFAULT0000000000000000000",
                                  "default": "skFAKEplanDEFAULT0000000000000000000",
                                  "sensitive": False}
    assert default.meta["has_default"] is True
    given = record(inventory, "var.kling_access_key")
    assert given.attributes["default"] is None and given.attributes["sensitive"] is True
    assert given.attributes["value"] == "AKFAKEplanVAR00000000000"
    # Terraform records a -var value as the text given on the command line
    assert record(inventory, "var.rotation_days").attributes["value"] == "45"
    exposed = record(inventory, "output.kling_secret_key")
    assert (exposed.type, exposed.mode) == ("output", "output")
    assert exposed.attributes["sensitive"] is False
    assert exposed.meta["expression_refs"] == ["var.kling_secret_key"]
    assert record(inventory, "output.kling_access_key").attributes["sensitive"] is True
    name = record(inventory, "output.worker_name")
    assert name.attributes["value"] == "kling-worker-literal"
    assert name.meta["expression_refs"] == []


def test_module_variables_and_outputs() -> None:
    inventory = plan_of("aws_modules")
    assert record(inventory, f"{PROD}.var.env").attributes["value"] == "prod"
    assert record(inventory, f"{STAGING}.var.env").attributes["value"] == "staging"
    days = record(inventory, f"{PROD}.var.rotation_days").attributes["value"]
    assert isinstance(days, Unknown) and "not recorded in a plan" in days.reason
    key = record(inventory, f"{PROD}.var.kling_secret_key")
    assert key.module_address == PROD
    assert key.attributes["default"] is None and key.meta["has_default"] is True
    output = record(inventory, f"{STAGING}.output.secret_arns").attributes
    assert output["sensitive"] is False
    assert f'{STAGING}.aws_secretsmanager_secret.kling["ak"]' in output["value"].refs


def test_gcp_records() -> None:
    inventory = plan_of("gcp")
    sk = record(inventory, "google_secret_manager_secret.kling_sk").attributes
    assert sk["rotation"] == [{"next_rotation_time": "2026-01-01T00:00:00Z",
                               "rotation_period": "15552000s"}]
    assert sk["topics"][0]["name"].refs == ("google_pubsub_topic.kling_rotation",)
    assert record(inventory, "google_secret_manager_secret.kling_ak").attributes["rotation"] == []
    worker = record(inventory, "google_cloud_run_v2_service.kling_worker").attributes
    env = worker["template"][0]["containers"][0]["env"][0]
    reference = env["value_source"][0]["secret_key_ref"][0]
    assert reference["version"] == "latest"
    assert reference["secret"] == Unknown("known only after apply",
                                          ("google_secret_manager_secret.kling_sk",),
                                          ("google_secret_manager_secret.kling_sk.id",))


# ---- rules over plan inventories ----------------------------------------------------------------


def test_rules_over_the_aws_root_plan() -> None:
    assert verdicts(plan_of("aws_root")) == {
        (CRED, "var.kling_secret_key", "FAIL"),
        (CRED, "var.kling_access_key", "PASS"),
        (CRED, "output.kling_secret_key", "FAIL"),
        (CRED, "output.kling_access_key", "PASS"),
        (CRED, "aws_lambda_function.kling_literal", "FAIL"),
        (CRED, "aws_ecs_task_definition.kling_worker", "FAIL"),
        (CRED, "aws_ssm_parameter.kling_secret_key", "FAIL"),
        (CRED, "aws_ssm_parameter.kling_access_key", "FAIL"),
        (CRED, "aws_secretsmanager_secret_version.kling_sk", "FAIL"),
        (CRED, "aws_secretsmanager_secret_version.kling_ak", "PASS"),
        (ROT, "aws_secretsmanager_secret_rotation.kling_sk", "PASS"),
        (ROT, "aws_secretsmanager_secret_rotation.kling_ak", "FAIL"),
        (ROT, 'aws_secretsmanager_secret_rotation.kling_pair["ak"]', "PASS"),
        (ROT, 'aws_secretsmanager_secret_rotation.kling_pair["sk"]', "PASS"),
        (ROT, "aws_secretsmanager_secret_rotation.kling_cron", "FAIL"),
        (ROT, "aws_secretsmanager_secret.kling_unrotated", "FAIL"),
    }


def test_rules_over_the_aws_modules_plan() -> None:
    expected = {
        (CRED, f"{PROD}.var.kling_secret_key", "PASS"),
        (CRED, f"{STAGING}.var.kling_secret_key", "PASS"),
        # the provider plans each whole environment as unknown (one value is known only after
        # apply), so whether a literal sits beside the secret ARN cannot be told
        (CRED, "module.worker[0].aws_lambda_function.kling", "UNKNOWN"),
        (CRED, "module.worker[0].aws_ecs_task_definition.kling", "UNKNOWN"),
    }
    for module, status in ((PROD, "PASS"), (STAGING, "FAIL")):
        expected |= {(ROT, f'{module}.aws_secretsmanager_secret_rotation.kling["{k}"]', status)
                     for k in ("ak", "sk")}
        expected |= {(ROT, f"{module}.aws_secretsmanager_secret_rotation.legacy[{i}]", "PASS")
                     for i in (0, 1)}
    assert verdicts(plan_of("aws_modules")) == expected


def test_rules_over_the_gcp_plan() -> None:
    assert verdicts(plan_of("gcp")) == {
        (ROT, "google_secret_manager_secret.kling_sk", "FAIL"),
        (ROT, "google_secret_manager_secret.kling_ak", "FAIL"),
        (ROT, "google_secret_manager_secret.kling_webhook", "PASS"),
        (CRED, "google_cloud_run_v2_service.kling_api", "FAIL"),
        (CRED, "google_cloud_run_v2_service.kling_worker", "PASS"),
    }


def test_no_credential_in_plan_findings() -> None:
    inventory = plan_of("aws_root")
    findings = run_rules(inventory, load_catalogue(), KlingScope("kling"), {}, Redactor())
    shown = json.dumps([[f.message, plain(f.evidence)] for f in findings])
    for literal in ("skFAKEplanLITERAL", "AKFAKEplanECS", "skFAKEplanSSM", "skFAKEplanVERSION",
                    "skFAKEplanDEFAULT", "AKFAKEplanVAR"):
        assert literal not in shown


# ---- the same configuration as HCL and as a plan ------------------------------------------------


@pytest.mark.parametrize(("case", "variables"), [("aws_root", ROOT_VARS), ("gcp", {})])
def test_hcl_and_plan_agree_where_both_know_the_values(case: str,
                                                       variables: dict[str, str]) -> None:
    hcl = scan_terraform(PLANS / case, TerraformOptions(variables=variables))
    assert verdicts(hcl) == verdicts(plan_of(case))


def test_rotation_days_given_at_plan_time_decide_where_the_hcl_scan_cannot() -> None:
    rotation = (ROT, "aws_secretsmanager_secret_rotation.kling_sk")
    assert (*rotation, "UNKNOWN") in verdicts(scan_terraform(PLANS / "aws_root"))
    assert (*rotation, "PASS") in verdicts(plan_of("aws_root"))

    hcl = verdicts(scan_terraform(PLANS / "aws_modules"))
    plan = verdicts(plan_of("aws_modules"))
    decided = {(ROT, f'{module}.aws_secretsmanager_secret_rotation.kling["{key}"]', status)
               for module, status in ((PROD, "PASS"), (STAGING, "FAIL")) for key in ("ak", "sk")}
    assert decided <= plan
    assert {(rule, address, "UNKNOWN") for rule, address, _ in decided} <= hcl
    # the HCL scan reads the environments the plan holds only as a whole unknown
    workloads = {(CRED, f"module.worker[0].{t}.kling") for t in ("aws_lambda_function",
                                                                "aws_ecs_task_definition")}
    assert {(*w, "PASS") for w in workloads} <= hcl
    assert {(*w, "UNKNOWN") for w in workloads} <= plan
    # everything else agrees
    assert (hcl - {(rule, address, "UNKNOWN") for rule, address, _ in decided}
            - {(*w, "PASS") for w in workloads}) == (plan - decided
                                                     - {(*w, "UNKNOWN") for w in workloads})


def test_a_literal_beside_an_apply_time_value_is_hidden_by_the_plan() -> None:
    inventory = plan_of("aws_unknown_env")
    secret = "aws_secretsmanager_secret.kling_sk"
    env = record(inventory, "aws_lambda_function.kling_mixed").attributes["environment"]
    assert env[0]["variables"] == Unknown("known only after apply", (secret,),
                                          (f"{secret}.arn",))
    ecs = record(inventory, "aws_ecs_task_definition.kling_mixed").attributes
    assert ecs["container_definitions"].refs == (secret,)
    hcl = verdicts(scan_terraform(PLANS / "aws_unknown_env"))
    assert {(CRED, "aws_lambda_function.kling_mixed", "FAIL"),
            (CRED, "aws_ecs_task_definition.kling_mixed", "FAIL")} <= hcl


def test_a_wholly_unknown_environment_is_not_a_pass() -> None:
    plan = verdicts(plan_of("aws_unknown_env"))
    assert (CRED, "aws_lambda_function.kling_mixed", "PASS") not in plan
    assert (CRED, "aws_ecs_task_definition.kling_mixed", "PASS") not in plan
