"""sample_infra/ end to end: the violations variants FAIL exactly on their planted problems (see
sample_infra/README.md) with the right file and line, and the compliant variants do not FAIL."""

from __future__ import annotations

import pytest

from .conftest import SAMPLE_INFRA, scan

# (rule, root module, address, file:line) of every finding that is not PASS; all are FAIL
AWS_PLANTED = {
    ("KP-API-01", "envs/dev", "module.worker.aws_lambda_function.kling_worker", "modules/kling_worker/main.tf:52"),
    ("KP-API-01", "envs/prod", "module.callback.aws_ecs_task_definition.kling_callback", "modules/kling_callback/main.tf:134"),
    ("KP-AUD-01", "envs/dev", "module.audit.aws_cloudtrail.kling_audit", "modules/audit/main.tf:63"),
    ("KP-AUD-01", "envs/prod", "module.audit.aws_cloudtrail.kling_audit", "modules/audit/main.tf:63"),
    ("KP-CRED-01", "envs/dev", "aws_secretsmanager_secret_version.kling_ak_seed", "envs/dev/main.tf:65"),
    ("KP-CRED-01", "envs/dev", "module.worker.aws_lambda_function.kling_worker", "modules/kling_worker/main.tf:52"),
    ("KP-CRED-01", "envs/dev", "var.kling_secret_key", "envs/dev/variables.tf:26"),
    ("KP-CRED-01", "envs/prod", "aws_ssm_parameter.kling_access_key", "envs/prod/main.tf:85"),
    ("KP-CRED-01", "envs/prod", "local.kling_sk", "envs/prod/main.tf:45"),
    ("KP-CRED-01", "envs/prod", "module.callback.aws_ecs_task_definition.kling_callback", "modules/kling_callback/main.tf:134"),
    ("KP-CRED-01", "envs/prod", "output.kling_access_key", "envs/prod/outputs.tf:13"),
    ("KP-CRED-01", "envs/prod/prod.tfvars", "var.kling_access_key", "envs/prod/prod.tfvars:14"),
    ("KP-DATA-01", "envs/dev", "module.videos.aws_s3_bucket.kling_videos", "modules/video_bucket/main.tf:9"),
    ("KP-DATA-01", "envs/prod", "module.videos.aws_s3_bucket.kling_videos", "modules/video_bucket/main.tf:9"),
    ("KP-ENV-01", "envs/dev", "data.aws_secretsmanager_secret.kling_shared", "envs/dev/main.tf:45"),
    ("KP-ENV-01", "envs/prod", "data.aws_secretsmanager_secret.kling_shared", "envs/prod/main.tf:49"),
    ("KP-NET-01", "envs/dev", "module.worker.aws_lambda_function.kling_worker", "modules/kling_worker/main.tf:52"),
    ("KP-NET-01", "envs/prod", "module.callback.aws_ecs_service.kling_callback", "modules/kling_callback/main.tf:183"),
    ("KP-NET-01", "envs/prod", "module.callback.aws_security_group.kling_callback", "modules/kling_callback/main.tf:85"),
    ("KP-NET-01", "envs/prod", "module.callback.aws_vpc_security_group_egress_rule.kling_callback_http", "modules/kling_callback/main.tf:121"),
    ("KP-ROT-01", "envs/dev", "module.secrets.aws_secretsmanager_secret.kling[\"sk\"]", "modules/kling_secrets/main.tf:7"),
    ("KP-ROT-01", "envs/dev", "module.secrets.aws_secretsmanager_secret_rotation.kling[\"ak\"]", "modules/kling_secrets/main.tf:17"),
    ("KP-ROT-01", "envs/prod", "module.secrets.aws_secretsmanager_secret_rotation.kling[\"ak\"]", "modules/kling_secrets/main.tf:17"),
    ("KP-ROT-01", "envs/prod", "module.secrets.aws_secretsmanager_secret_rotation.kling[\"sk\"]", "modules/kling_secrets/main.tf:17"),
    ("KP-TLS-01", "envs/prod", "module.callback.aws_ecs_task_definition.kling_callback", "modules/kling_callback/main.tf:134"),
    ("KP-TLS-01", "envs/prod", "module.cdn.aws_cloudfront_distribution.kling_webhook", "modules/webhook_cdn/main.tf:8"),
    ("KP-TLS-01", "envs/prod", "module.webhook.aws_lb_listener.http", "modules/webhook_alb/main.tf:85"),
    ("KP-TLS-01", "envs/prod", "module.webhook.aws_lb_listener.https", "modules/webhook_alb/main.tf:67"),
}
GCP_PLANTED = {
    ("KP-API-01", "envs/dev", "module.function.google_cloudfunctions2_function.kling_worker", "modules/kling_function/main.tf:10"),
    ("KP-AUD-01", "envs/dev", "module.audit.google_project_iam_audit_config.secretmanager", "modules/audit/main.tf:5"),
    ("KP-AUD-01", "envs/prod", "module.audit.google_project_iam_audit_config.secretmanager", "modules/audit/main.tf:5"),
    ("KP-CRED-01", "envs/dev", "google_secret_manager_secret_version.kling_sk_seed", "envs/dev/main.tf:59"),
    ("KP-CRED-01", "envs/dev", "module.function.google_cloudfunctions2_function.kling_worker", "modules/kling_function/main.tf:10"),
    ("KP-CRED-01", "envs/prod", "module.service.google_cloud_run_v2_service.kling_worker", "modules/kling_service/main.tf:15"),
    ("KP-DATA-01", "envs/dev", "module.videos.google_storage_bucket.kling_videos", "modules/video_bucket/main.tf:5"),
    ("KP-DATA-01", "envs/prod", "module.videos.google_storage_bucket.kling_videos", "modules/video_bucket/main.tf:5"),
    ("KP-ENV-01", "envs/dev", "data.google_secret_manager_secret.kling_shared", "envs/dev/main.tf:38"),
    ("KP-ENV-01", "envs/prod", "data.google_secret_manager_secret.kling_shared", "envs/prod/main.tf:37"),
    ("KP-NET-01", "envs/dev", "module.function.google_cloudfunctions2_function.kling_worker", "modules/kling_function/main.tf:10"),
    ("KP-NET-01", "envs/prod", "module.network.google_compute_firewall.egress_allow_all", "modules/network/main.tf:32"),
    ("KP-NET-01", "envs/prod", "module.service.google_cloud_run_v2_service.kling_worker", "modules/kling_service/main.tf:15"),
    ("KP-ROT-01", "envs/dev", "module.secrets.google_secret_manager_secret.kling[\"ak\"]", "modules/kling_secrets/main.tf:12"),
    ("KP-ROT-01", "envs/dev", "module.secrets.google_secret_manager_secret.kling[\"sk\"]", "modules/kling_secrets/main.tf:12"),
    ("KP-TLS-01", "envs/dev", "module.function.google_cloudfunctions2_function.kling_worker", "modules/kling_function/main.tf:10"),
    ("KP-TLS-01", "envs/prod", "module.webhook.google_compute_target_http_proxy.kling_webhook", "modules/webhook_lb/main.tf:68"),
    ("KP-TLS-01", "envs/prod", "module.webhook.google_compute_target_https_proxy.kling_webhook", "modules/webhook_lb/main.tf:52"),
}
RULES = {"KP-CRED-01", "KP-ROT-01", "KP-ENV-01", "KP-NET-01", "KP-TLS-01", "KP-AUD-01",
         "KP-DATA-01", "KP-API-01"}


def not_passing(variant: str) -> set[tuple[str, str | None, str, str]]:
    result = scan(SAMPLE_INFRA / variant)
    statuses = {f.status.value for f in result.findings if f.status.value != "PASS"}
    assert statuses <= {"FAIL"}, statuses
    assert result.inventory.errors == []
    return {(f.rule_id, f.resource.root_dir, f.resource.address,
             f"{f.resource.file}:{f.resource.line}") for f in result.findings
            if f.status.value != "PASS"}


@pytest.mark.parametrize(("variant", "planted"), [("aws/violations", AWS_PLANTED),
                                                  ("gcp/violations", GCP_PLANTED)])
def test_violations_fail_exactly_on_the_planted_problems(variant: str, planted: set) -> None:  # type: ignore[type-arg]
    assert not_passing(variant) == planted
    assert {rule for rule, *_ in planted} == RULES  # every control is exercised


@pytest.mark.parametrize("variant", ["aws/compliant", "gcp/compliant"])
def test_compliant_variants_pass_every_control(variant: str) -> None:
    result = scan(SAMPLE_INFRA / variant)
    assert [f for f in result.findings if f.status.value != "PASS"] == []
    assert result.inventory.errors == []
    assert {f.rule_id for f in result.findings} == RULES  # positive evidence for each control
