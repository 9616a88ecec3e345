"""KP-TLS-01 through the real parser on real fixtures: exact (rule, address, status) sets."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import FIXTURES, scan, triples, write_tree

RULE = "KP-TLS-01"
AWS = FIXTURES / "kp_tls_01" / "aws"
GCP = FIXTURES / "kp_tls_01" / "gcp"

AWS_KLING = {
    # the webhook load balancer's listeners
    (RULE, "aws_lb_listener.https", "PASS"),
    (RULE, "aws_lb_listener.https_default_policy", "FAIL"),
    (RULE, "aws_alb_listener.https_tls11", "FAIL"),
    (RULE, "aws_lb_listener.http_redirect", "PASS"),
    (RULE, "aws_lb_listener.http_forward", "FAIL"),
    (RULE, "aws_lb_listener.http_with_rule", "FAIL"),
    (RULE, "aws_lb_listener.nlb_tls", "PASS"),
    (RULE, "aws_lb_listener.nlb_tcp", "UNKNOWN"),
    # reached through the callback URL's host (Route 53 alias)
    (RULE, "aws_lb_listener.api_https", "PASS"),
    (RULE, "aws_api_gateway_domain_name.kling_hooks", "PASS"),
    (RULE, "aws_api_gateway_domain_name.legacy", "FAIL"),
    (RULE, "aws_apigatewayv2_domain_name.kling_http", "PASS"),
    (RULE, "aws_cloudfront_distribution.callbacks", "PASS"),
    (RULE, "aws_cloudfront_distribution.edge", "FAIL"),
    # callback URLs, on the object that sets them
    (RULE, "local.kling_callback_url", "PASS"),
    (RULE, "var.kling_webhook_url", "PASS"),  # its default in callbacks.tf
    (RULE, "var.kling_webhook_url", "FAIL"),  # its value in prod.tfvars
    (RULE, "var.kling_callback_url_from_pipeline", "UNKNOWN"),
    (RULE, "aws_lambda_function.kling_legacy", "FAIL"),
    (RULE, "aws_lambda_function.kling_submitter", "PASS"),
}


def test_aws_cases() -> None:
    assert triples(scan(AWS).findings, RULE) == AWS_KLING


def test_aws_scope_all_adds_every_endpoint_and_callback() -> None:
    assert triples(scan(AWS, scope="all").findings, RULE) == AWS_KLING | {
        (RULE, "aws_lb_listener.billing_http", "FAIL"),
        (RULE, "aws_cloudfront_distribution.kling_videos", "FAIL"),
        (RULE, "var.shop_callback_url", "FAIL"),
        (RULE, "aws_lambda_function.shop", "FAIL"),
    }


def test_aws_evidence_and_messages() -> None:
    findings = [f for f in scan(AWS).findings if f.rule_id == RULE]
    by_key = {(f.resource.address, f.resource.file): f for f in findings}
    default = by_key[("aws_lb_listener.https_default_policy", "main.tf")]
    assert default.evidence["ssl_policy"] == "ELBSecurityPolicy-2016-08"
    assert "provider default" in default.evidence["ssl_policy_default"]
    assert "below 1.2" in default.message
    rule = by_key[("aws_lb_listener.http_with_rule", "main.tf")]
    assert rule.evidence["rules_serving_http"] == ["aws_lb_listener_rule.callback_over_http"]
    edge = by_key[("aws_cloudfront_distribution.edge", "main.tf")]
    assert "/health" in edge.message and "TLSv1" in edge.message
    tfvars = by_key[("var.kling_webhook_url", "prod.tfvars")]
    assert tfvars.resource.line == 2
    assert tfvars.evidence == {"kling_webhook_url": "http://hooks.example.com/kling/webhook"}
    forwarded = by_key[("local.kling_callback_url", "main.tf")]
    assert forwarded.evidence["forwarded_as"] == ["KLING_CALLBACK_URL"]
    submitter = by_key[("aws_lambda_function.kling_submitter", "callbacks.tf")]
    assert "by construction" in submitter.evidence["WEBHOOK_URL"]


GCP_KLING = {
    (RULE, "google_compute_target_https_proxy.hooks", "PASS"),
    (RULE, "google_compute_target_http_proxy.hooks_redirect", "PASS"),
    (RULE, "google_compute_target_https_proxy.kling_legacy", "FAIL"),
    (RULE, "google_compute_target_https_proxy.kling_compatible", "FAIL"),
    (RULE, "google_compute_target_http_proxy.kling_plain", "FAIL"),
    (RULE, "google_compute_global_forwarding_rule.kling_callback_shared", "UNKNOWN"),
    (RULE, "google_cloud_run_v2_service.kling_worker", "PASS"),
    (RULE, "google_cloudfunctions2_function.kling_poller", "FAIL"),
}


def test_gcp_cases() -> None:
    assert triples(scan(GCP).findings, RULE) == GCP_KLING


def test_gcp_scope_all() -> None:
    assert triples(scan(GCP, scope="all").findings, RULE) == GCP_KLING | {
        (RULE, "google_compute_target_https_proxy.shop", "FAIL")}


def test_gcp_evidence() -> None:
    findings = {f.resource.address: f for f in scan(GCP).findings if f.rule_id == RULE}
    compatible = findings["google_compute_target_https_proxy.kling_compatible"]
    assert compatible.evidence == {"ssl_policy": "google_compute_ssl_policy.compatible",
                                   "min_tls_version": "TLS_1_0 (default when unset)"}
    assert findings["google_compute_target_https_proxy.kling_legacy"].evidence == {
        "ssl_policy": None}


def _webhook_config(folder: Path, urls: list[str]) -> None:
    quoted = ", ".join(f'"{u}"' for u in urls)
    (folder / ".kling-posture.toml").write_text(f"webhook_urls = [{quoted}]\n")


PARTNER = '''
resource "aws_api_gateway_domain_name" "partner" {
  domain_name              = "partner-hooks.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/1"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
'''


def test_config_webhook_urls_are_judged_and_select_the_endpoint(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": PARTNER})
    assert triples(scan(tmp_path).findings, RULE) == set()
    _webhook_config(tmp_path, ["https://partner-hooks.example.com/kling",
                               "http://old.example.com/kling?token=tokFAKEconfig000000"])
    result = scan(tmp_path)
    assert triples(result.findings, RULE) == {
        (RULE, "config:webhook_urls[0]", "PASS"),
        (RULE, "config:webhook_urls[1]", "FAIL"),
        (RULE, "aws_api_gateway_domain_name.partner", "FAIL"),  # the URL's host
    }
    old = next(f for f in result.findings if f.resource.address == "config:webhook_urls[1]"
               and f.rule_id == RULE)
    assert old.resource.type == "config" and old.resource.source == "config"
    assert old.evidence == {"url": "http://old.example.com/kling?token=[redacted, 19 chars]",
                            "config_file": ".kling-posture.toml"}


def test_config_webhook_urls_apply_in_both_scopes(tmp_path: Path) -> None:
    shutil.copy(GCP / "main.tf", tmp_path / "main.tf")
    _webhook_config(tmp_path, ["http://hooks.example.com/kling"])
    for scope in ("kling", "all"):
        assert (RULE, "config:webhook_urls[0]", "FAIL") in triples(
            scan(tmp_path, scope=scope).findings, RULE)


CALLBACK_BUILT_FROM_LB = '''
resource "aws_lb" "edge" {
  name    = "edge"
  subnets = ["subnet-1", "subnet-2"]
}
resource "aws_lb_listener" "edge_http" {
  load_balancer_arn = aws_lb.edge.arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/edge/1"
  }
}
resource "aws_lambda_function" "kling_worker" {
  function_name = "kling-worker"
  environment {
    variables = {
      KLING_CALLBACK_URL = "https://${aws_lb.edge.dns_name}/kling/callback"
    }
  }
}
'''


def test_a_callback_url_built_from_a_load_balancer_makes_it_the_webhook(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": CALLBACK_BUILT_FROM_LB})
    findings = triples(scan(tmp_path).findings, RULE)
    assert (RULE, "aws_lb_listener.edge_http", "FAIL") in findings
    assert {address for _, address, _ in findings} == {"aws_lb_listener.edge_http",
                                                        "aws_lambda_function.kling_worker"}


def test_the_scheme_of_a_partly_unknown_callback_url_is_read(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": CALLBACK_BUILT_FROM_LB})
    assert (RULE, "aws_lambda_function.kling_worker", "PASS") in triples(
        scan(tmp_path).findings, RULE)


def test_module_callback_and_instances(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "main.tf": '''
module "worker" {
  source       = "./modules/worker"
  callback_url = "http://hooks.example.com/kling"
}
resource "aws_lb" "kling_webhook" {
  count   = 0
  name    = "kling-webhook"
  subnets = ["subnet-1"]
}
resource "aws_lb_listener" "kling_webhook" {
  count             = 0
  load_balancer_arn = aws_lb.kling_webhook[0].arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/k/1"
  }
}
''',
        "modules/worker/main.tf": '''
variable "callback_url" { type = string }
resource "aws_lambda_function" "kling" {
  function_name = "kling-worker"
  environment {
    variables = { KLING_CALLBACK_URL = var.callback_url }
  }
}
''',
    })
    result = scan(tmp_path)
    # the module's caller sets the value: reported once, on the module's variable
    assert triples(result.findings, RULE) == {(RULE, "module.worker.var.callback_url", "FAIL")}
    finding = next(f for f in result.findings if f.rule_id == RULE)
    assert finding.evidence == {"callback_url": "http://hooks.example.com/kling",
                                "forwarded_as": ["KLING_CALLBACK_URL"]}


def test_values_read_at_run_time_are_unknown(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": '''
resource "aws_ecs_task_definition" "kling_worker" {
  family = "kling-worker"
  container_definitions = jsonencode([{
    name    = "worker"
    image   = "example/worker:1"
    secrets = [{ name = "KLING_CALLBACK_URL", valueFrom = "arn:aws:ssm:eu-west-1:123456789012:parameter/kling/cb" }]
  }])
}
resource "google_compute_global_forwarding_rule" "kling_google_apis" {
  name   = "klinggoogleapis"
  target = "all-apis"
}
'''})
    assert triples(scan(tmp_path).findings, RULE) == {
        (RULE, "aws_ecs_task_definition.kling_worker", "UNKNOWN")}


def test_secret_named_like_a_callback_is_never_read(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": '''
resource "aws_lambda_function" "kling_receiver" {
  function_name = "kling-receiver"
  environment {
    variables = {
      KLING_CALLBACK_SECRET = "whsecFAKEcallbacksecret0000"
      KLING_CALLBACK_TOKEN  = "hooks.example.com"
    }
  }
}
'''})
    result = scan(tmp_path)
    assert triples(result.findings, RULE) == set()


def test_an_unknown_value_is_reported_once_where_it_is_set(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": '''
resource "aws_lb" "edge" {
  name    = "edge"
  subnets = ["subnet-1", "subnet-2"]
}
locals {
  callback  = "https://${aws_lb.edge.dns_name}/kling/callback"
  edge_host = aws_lb.edge.dns_name
}
output "edge_dns" {
  value = aws_lb.edge.dns_name
}
resource "aws_lambda_function" "kling_worker" {
  function_name = "kling-worker"
  environment {
    variables = { KLING_CALLBACK_URL = local.callback }
  }
}
'''})
    findings = [f for f in scan(tmp_path).findings if f.rule_id == RULE]
    assert {f.resource.address for f in findings} == {"local.callback"}
    assert "KLING_CALLBACK_URL" in findings[0].evidence["forwarded_as"]


def test_catalogue_entry_maps_the_frameworks_of_controls_md() -> None:
    from kling_posture.catalogue import load_catalogue

    rule = next(r for r in load_catalogue() if r.id == RULE)
    assert rule.severity.value == "high" and rule.sources == ["terraform", "aws", "gcp"]
    assert rule.frameworks == {"iso27001": ["A.8.24"], "soc2": ["CC6.7"],
                               "nist_800_53": ["SC-8(1)", "SC-13"], "gdpr": ["Art. 32(1)(a)"]}
