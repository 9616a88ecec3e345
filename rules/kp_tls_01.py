"""KP-TLS-01: webhook endpoints serve TLS 1.2+ (metadata: KP-TLS-01.toml)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from kling_posture.engine import RuleContext
from kling_posture.graph import Graph, blocks, dig
from kling_posture.kling import KLING_WORD, mentions_kling
from kling_posture.model import Finding, Inventory, Resource, Status
from kling_posture.values import Unknown

from ._urls import (
    CALLBACK_NAME,
    SECRET_NAME,
    Assignment,
    assignments,
    config_resource,
    forwarding_evidence,
    group_by_holder,
    host_of,
    https_by_construction,
    known_prefix,
    looks_like_host,
    safe_url,
    scheme_of,
    worst,
)

AWS_LBS = ("aws_lb", "aws_alb")
AWS_LISTENERS = ("aws_lb_listener", "aws_alb_listener")
AWS_LISTENER_RULES = ("aws_lb_listener_rule", "aws_alb_listener_rule")
APIGW_APIS = ("aws_api_gateway_rest_api", "aws_apigatewayv2_api")
APIGW_DOMAINS = ("aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name")
APIGW_MAPPINGS = ("aws_api_gateway_base_path_mapping", "aws_apigatewayv2_api_mapping")
CLOUDFRONT = ("aws_cloudfront_distribution",)
GCP_RULES = ("google_compute_global_forwarding_rule", "google_compute_forwarding_rule")
GCP_TLS_PROXIES = ("google_compute_target_https_proxy", "google_compute_region_target_https_proxy",
                   "google_compute_target_ssl_proxy")
GCP_HTTP_PROXIES = ("google_compute_target_http_proxy", "google_compute_region_target_http_proxy")
GCP_OTHER_TARGETS = ("google_compute_target_tcp_proxy", "google_compute_target_pool",
                     "google_compute_target_instance", "google_compute_service_attachment")
GCP_URL_MAPS = ("google_compute_url_map", "google_compute_region_url_map")
GCP_SSL_POLICIES = ("google_compute_ssl_policy", "google_compute_region_ssl_policy")
GCP_PROXY_URL = re.compile(r"target(Https|Http|Ssl)Prox", re.IGNORECASE)
FRONT_DOORS = (AWS_LBS + AWS_LISTENERS + APIGW_APIS + APIGW_DOMAINS + GCP_RULES + GCP_TLS_PROXIES
               + GCP_HTTP_PROXIES + GCP_URL_MAPS)
HOOK_WORD = re.compile(r"webhook|callback|hook", re.IGNORECASE)

ELB_TLS12 = re.compile(r"^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)")
ELB_OLDER = re.compile(r"^ELBSecurityPolicy-(\d{4}-\d{2}$|TLS-1-[01]-|TLS13-1-[01]-|FS-2018-06"
                       r"|FS-1-1-)|^ELBSample-")
ELB_DEFAULT_POLICY = "ELBSecurityPolicy-2016-08"
APIGW_TLS12 = re.compile(r"^(TLS_1_2|SecurityPolicy_TLS1[23]_.*)$")
CLOUDFRONT_TLS12 = re.compile(r"^TLSv1\.[23]_")
GCP_TLS12 = ("TLS_1_2", "TLS_1_3")
SECURE_VIEWER_POLICIES = ("redirect-to-https", "https-only")


def check(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    """The webhook's listeners, API domains, distributions and proxies; every callback URL."""
    graph = Graph(inventory)
    values = [a for a in assignments(inventory, ctx) if _is_callback(a)]
    webhooks = Webhooks(inventory, graph, ctx, values)
    yield from _listeners(inventory, ctx, graph, webhooks)
    yield from _api_domains(inventory, ctx, graph, webhooks)
    yield from _distributions(inventory, ctx, graph, webhooks)
    yield from _gcp_proxies(inventory, ctx, graph, webhooks)
    yield from _callback_urls(ctx, graph, values)


# ---- which resources are the webhook ---------------------------------------------------------


def _naming_texts(resource: Resource) -> list[str]:
    """The resource's name and the attributes, tag keys and values that name it."""
    attributes = resource.attributes
    texts = [resource.name]
    for key in ("name", "name_prefix", "description", "comment", "domain_name"):
        if isinstance(attributes.get(key), str):
            texts.append(attributes[key])
    aliases = attributes.get("aliases")
    if isinstance(aliases, list):
        texts.extend(a for a in aliases if isinstance(a, str))
    for key in ("tags", "labels"):
        tags = attributes.get(key)
        if isinstance(tags, dict):
            texts.extend(str(k) for k in tags)
            texts.extend(v for v in tags.values() if isinstance(v, str))
    return texts


def names_webhook(resource: Resource) -> bool:
    """Named or tagged as the Kling webhook: ``kling`` together with webhook/callback/hook."""
    texts = _naming_texts(resource)
    return any(KLING_WORD.search(t) for t in texts) and any(HOOK_WORD.search(t) for t in texts)


def _mentions(resource: Resource) -> bool:
    """Mentions ``kling`` anywhere it is named, described, tagged or labelled."""
    return mentions_kling(resource) or any(KLING_WORD.search(t) for t in _naming_texts(resource))


def _host_names(resource: Resource) -> set[str]:
    """The DNS names a domain name, distribution (its aliases) or Route 53 record answers for."""
    key = {"aws_cloudfront_distribution": "aliases", "aws_route53_record": "name"}.get(
        resource.type, "domain_name")
    value = resource.attributes.get(key)
    names = value if isinstance(value, list) else [value]
    return {n.rstrip(".").lower() for n in names if isinstance(n, str)}


class Webhooks:
    """The resources that receive Kling's callbacks in the Kling scope (every one with all)."""

    def __init__(self, inventory: Inventory, graph: Graph, ctx: RuleContext,
                 callbacks: list[Assignment]) -> None:
        """Collect the webhook resources: named ones, and those callback URLs point at."""
        self.graph = graph
        self.all = ctx.scope.all
        self.seeds: set[tuple[str | None, str]] = set()
        for resource in inventory.of_type(*FRONT_DOORS):
            if _mentions(resource):
                self._add(resource)
        for resource in inventory.of_type(*CLOUDFRONT):
            if names_webhook(resource):
                self._add(resource)
        for assignment in callbacks:
            self._link_value(inventory, assignment.holder, assignment.value)
        for url in ctx.config.webhook_urls:
            self._link_host(inventory, host_of(url), None)

    def _add(self, resource: Resource) -> None:
        """Remember ``resource`` as a webhook resource."""
        self.seeds.add((resource.root_dir, resource.address))

    def _link_value(self, inventory: Inventory, holder: Resource, value: Any) -> None:
        """Resources a callback URL is built from (``aws_lb.x.dns_name``, a Route 53 alias)."""
        if isinstance(value, Unknown):
            for ref in value.refs:
                for target in self.graph.get(ref, holder.root_dir):
                    self._link_resource(target)
        elif isinstance(value, str):
            self._link_host(inventory, host_of(value), holder.root_dir)

    def _link_resource(self, target: Resource) -> None:
        """A resource a callback URL points at, and a Route 53 record's alias target."""
        self._add(target)
        if target.type == "aws_route53_record":
            for alias in blocks(target.attributes.get("alias")):
                name = alias.get("name")
                for ref in name.refs if isinstance(name, Unknown) else ():
                    for aliased in self.graph.get(ref, target.root_dir):
                        self._add(aliased)

    def _link_host(self, inventory: Inventory, host: str | None, root_dir: str | None) -> None:
        """API domain names, distribution aliases and Route 53 records for a literal host."""
        if not host:
            return
        for resource in inventory.of_type(*APIGW_DOMAINS, *CLOUDFRONT, "aws_route53_record"):
            if root_dir is not None and resource.root_dir != root_dir:
                continue
            if host in _host_names(resource):
                self._link_resource(resource)

    def contains(self, resource: Resource | None) -> bool:
        """True for a webhook resource (any resource with ``--scope all``)."""
        if resource is None:
            return False
        return self.all or (resource.root_dir, resource.address) in self.seeds or (
            resource.root_dir, resource.base_address) in self.seeds

    def any_of(self, resources: Iterable[Resource | None]) -> bool:
        """True when any of ``resources`` is a webhook resource."""
        return any(self.contains(r) for r in resources)


# ---- AWS load balancer listeners -----------------------------------------------------------


def _listeners(inventory: Inventory, ctx: RuleContext, graph: Graph,
               webhooks: Webhooks) -> Iterator[Finding]:
    """Each listener of a webhook load balancer (or a webhook listener itself)."""
    for listener in inventory.managed(*AWS_LISTENERS):
        lbs = graph.resolve(listener.attributes.get("load_balancer_arn"), listener,
                            AWS_LBS).targets
        lb = lbs[0] if lbs else None
        if not webhooks.any_of([listener, lb]):
            continue
        if lb is not None and lb.attributes.get("load_balancer_type") == "gateway":
            continue  # a Gateway Load Balancer carries no TLS (GENEVE)
        finding = _judge_listener(ctx, graph, listener, lb)
        if finding is not None:
            yield finding


def _judge_listener(ctx: RuleContext, graph: Graph, listener: Resource,
                    lb: Resource | None) -> Finding | None:
    """A listener by its protocol (an ALB's default is HTTP); None when it carries no TLS."""
    protocol = listener.attributes.get("protocol")
    evidence: dict[str, Any] = {"load_balancer": lb.address if lb else "not in the scanned code"}
    if isinstance(protocol, Unknown):
        return ctx.finding(listener, Status.UNKNOWN,
                           f"listener protocol cannot be read: {protocol.reason}", evidence)
    if protocol is None:
        lb_type = lb.attributes.get("load_balancer_type", "application") if lb else None
        if lb_type != "application":
            return ctx.finding(listener, Status.UNKNOWN, "listener protocol not set and the load "
                               "balancer's type is not known", evidence)
        protocol = "HTTP"
        evidence["protocol_default"] = "HTTP (an Application Load Balancer's default)"
    evidence["protocol"] = str(protocol).upper()
    if evidence["protocol"] in ("HTTPS", "TLS"):
        return _judge_tls_listener(ctx, listener, evidence)
    if evidence["protocol"] == "HTTP":
        return _judge_http_listener(ctx, graph, listener, evidence)
    if evidence["protocol"] == "GENEVE":
        return None
    return ctx.finding(listener, Status.UNKNOWN,
                       f"{evidence['protocol']} listener: TLS, if any, is terminated by the "
                       "targets, which the code does not show", evidence)


def _judge_tls_listener(ctx: RuleContext, listener: Resource,
                        evidence: dict[str, Any]) -> Finding:
    """HTTPS/TLS: a TLS 1.2+ ``ssl_policy`` (unset: the provider's 2016-08) and a certificate."""
    policy = listener.attributes.get("ssl_policy")
    certificate = listener.attributes.get("certificate_arn")
    if policy is None:
        policy = ELB_DEFAULT_POLICY
        evidence["ssl_policy_default"] = f"{ELB_DEFAULT_POLICY} (provider default when unset)"
    evidence["ssl_policy"] = policy if isinstance(policy, str) else "unknown"
    evidence["certificate_arn"] = ("not set" if certificate in (None, "")
                                   else "set" if not isinstance(certificate, Unknown)
                                   or certificate.attributes else "unknown")
    problems: list[str] = []
    unknown: list[str] = []
    if isinstance(policy, Unknown):
        unknown.append(f"ssl_policy cannot be read: {policy.reason}")
    elif ELB_OLDER.match(policy):
        problems.append(f"ssl_policy {policy} accepts TLS versions below 1.2")
    elif not ELB_TLS12.match(policy):
        unknown.append(f"ssl_policy {policy} is not a policy this rule recognises")
    if evidence["certificate_arn"] == "not set":
        problems.append("no certificate_arn")
    elif evidence["certificate_arn"] == "unknown":
        assert isinstance(certificate, Unknown)
        unknown.append(f"certificate_arn cannot be read: {certificate.reason}")
    if problems:
        return ctx.finding(listener, Status.FAIL, "; ".join(problems), evidence)
    if unknown:
        return ctx.finding(listener, Status.UNKNOWN, "; ".join(unknown), evidence)
    return ctx.finding(listener, Status.PASS,
                       f"{evidence['protocol']} listener with TLS 1.2+ policy {policy} and a "
                       "certificate", evidence)


def _judge_http_listener(ctx: RuleContext, graph: Graph, listener: Resource,
                         evidence: dict[str, Any]) -> Finding:
    """HTTP: the default action and every listener rule must redirect to HTTPS."""
    verdict = _redirects_only(listener.attributes.get("default_action"))
    evidence["default_action"] = {True: "redirect to HTTPS", False: "serves plain HTTP",
                                  None: "unknown"}[verdict]
    rules = graph.referrers(listener, AWS_LISTENER_RULES, "listener_arn")
    verdicts = {r.address: _redirects_only(r.attributes.get("action")) for r in rules}
    serving = [address for address, redirects in verdicts.items() if redirects is False]
    unknown_rules = [address for address, redirects in verdicts.items() if redirects is None]
    if serving:
        evidence["rules_serving_http"] = serving
    if verdict is False or serving:
        what = "its default action" if verdict is False else f"rule {', '.join(serving)}"
        return ctx.finding(listener, Status.FAIL, f"plain HTTP listener: {what} does not redirect "
                           "to HTTPS", evidence)
    if verdict is None or unknown_rules:
        return ctx.finding(listener, Status.UNKNOWN,
                           "cannot tell whether the HTTP listener only redirects to HTTPS",
                           evidence)
    return ctx.finding(listener, Status.PASS, "HTTP listener only redirects to HTTPS", evidence)


def _redirects_only(actions: Any) -> bool | None:
    """True when every action redirects to HTTPS; None when that cannot be read."""
    if isinstance(actions, Unknown) or (isinstance(actions, list) and any(
            isinstance(a, dict) and "__unknown__" in a for a in actions)):
        return None
    listed = blocks(actions)
    if not listed:
        return False
    for action in listed:
        kind, protocol = action.get("type"), dig(action, "redirect.protocol")
        if isinstance(kind, Unknown) or isinstance(protocol, Unknown):
            return None
        if kind != "redirect" or not isinstance(protocol, str) or protocol.upper() != "HTTPS":
            return False
    return True


# ---- API Gateway custom domain names ------------------------------------------------------


def _api_domains(inventory: Inventory, ctx: RuleContext, graph: Graph,
                 webhooks: Webhooks) -> Iterator[Finding]:
    """API Gateway custom domain names of the webhook (named, or mapped to a webhook API)."""
    for domain in inventory.managed(*APIGW_DOMAINS):
        if not (webhooks.contains(domain) or webhooks.any_of(_mapped_apis(inventory, graph,
                                                                       domain))):
            continue
        if domain.type == "aws_api_gateway_domain_name":
            policy = domain.attributes.get("security_policy")
            default = "TLS_1_0"
        else:
            policy = dig(domain.attributes, "domain_name_configuration.security_policy")
            default = None
        yield _judge_api_policy(ctx, domain, policy, default)


def _mapped_apis(inventory: Inventory, graph: Graph, domain: Resource) -> list[Resource]:
    """The APIs a base path / API mapping connects to ``domain``."""
    apis: list[Resource] = []
    for mapping in graph.referrers(domain, APIGW_MAPPINGS, "domain_name"):
        apis.extend(graph.resolve(mapping.attributes.get("api_id"), mapping,
                                  APIGW_APIS).targets)
    name = domain.attributes.get("domain_name")
    for mapping in inventory.managed(*APIGW_MAPPINGS):
        if isinstance(name, str) and mapping.attributes.get("domain_name") == name and (
                mapping.root_dir == domain.root_dir):
            apis.extend(graph.resolve(mapping.attributes.get("api_id"), mapping,
                                      APIGW_APIS).targets)
    return apis


def _judge_api_policy(ctx: RuleContext, domain: Resource, policy: Any,
                      default: str | None) -> Finding:
    """``TLS_1_2`` or an enhanced TLS 1.2+/1.3 policy passes; unset REST domains use TLS_1_0."""
    evidence: dict[str, Any] = {"security_policy": policy if isinstance(policy, str)
                                else "unknown" if isinstance(policy, Unknown) else None}
    if isinstance(policy, Unknown):
        return ctx.finding(domain, Status.UNKNOWN,
                           f"security_policy cannot be read: {policy.reason}", evidence)
    if policy is None and default is not None:
        evidence["security_policy_default"] = f"{default} (API Gateway's default when unset)"
        return ctx.finding(domain, Status.FAIL, f"security_policy not set: API Gateway uses "
                           f"{default}, which accepts TLS 1.0", evidence)
    if isinstance(policy, str) and APIGW_TLS12.match(policy):
        return ctx.finding(domain, Status.PASS, f"security_policy {policy} requires TLS 1.2+",
                           evidence)
    return ctx.finding(domain, Status.FAIL, f"security_policy {policy} accepts TLS below 1.2",
                       evidence)


# ---- CloudFront -------------------------------------------------------------------------------


def _distributions(inventory: Inventory, ctx: RuleContext, graph: Graph,
                   webhooks: Webhooks) -> Iterator[Finding]:
    """CloudFront distributions of the webhook (named or tagged, or in front of one)."""
    origin_types = AWS_LBS + APIGW_APIS + APIGW_DOMAINS + ("aws_api_gateway_stage",
                                                           "aws_apigatewayv2_stage")
    for distribution in inventory.managed(*CLOUDFRONT):
        origins = [o.get("domain_name") for o in blocks(distribution.attributes.get("origin"))]
        behind = graph.resolve(origins, distribution, origin_types).targets
        if webhooks.contains(distribution) or webhooks.any_of(behind):
            yield _judge_distribution(ctx, distribution)


def _judge_distribution(ctx: RuleContext, distribution: Resource) -> Finding:
    """Every cache behavior HTTPS-only or redirecting, and a TLS 1.2+ viewer minimum."""
    attributes = distribution.attributes
    behaviors = [("default", b) for b in blocks(attributes.get("default_cache_behavior"))] + [
        (str(b.get("path_pattern")), b) for b in blocks(attributes.get("ordered_cache_behavior"))]
    policies = {path: b.get("viewer_protocol_policy") for path, b in behaviors}
    evidence: dict[str, Any] = {"viewer_protocol_policy": {
        p: v if isinstance(v, str) else "unknown" for p, v in policies.items()}}
    problems = [f"cache behavior {p} allows plain HTTP ({v})" for p, v in policies.items()
                if isinstance(v, str) and v not in SECURE_VIEWER_POLICIES]
    unknown = [f"viewer_protocol_policy of {p} cannot be read" for p, v in policies.items()
               if isinstance(v, Unknown)]
    certificate_problem, certificate_unknown = _viewer_certificate(attributes, evidence)
    problems += certificate_problem
    unknown += certificate_unknown
    if problems:
        return ctx.finding(distribution, Status.FAIL, "; ".join(problems), evidence)
    if unknown:
        return ctx.finding(distribution, Status.UNKNOWN, "; ".join(unknown), evidence)
    return ctx.finding(distribution, Status.PASS, "viewers reach it only over HTTPS, with a TLS "
                       f"1.2+ minimum ({evidence['minimum_protocol_version']})", evidence)


def _viewer_certificate(attributes: dict[str, Any],
                        evidence: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(problems, unknowns) of the viewer certificate's minimum protocol version."""
    certificate = next(iter(blocks(attributes.get("viewer_certificate"))), {})
    default_certificate = certificate.get("cloudfront_default_certificate")
    version = certificate.get("minimum_protocol_version")
    if isinstance(default_certificate, Unknown) or isinstance(version, Unknown):
        evidence["minimum_protocol_version"] = "unknown"
        return [], ["viewer certificate settings cannot be read"]
    if default_certificate is True:
        evidence["cloudfront_default_certificate"] = True
        evidence["minimum_protocol_version"] = "TLSv1 (forced by the default certificate)"
        return ["the default *.cloudfront.net certificate accepts TLSv1"], []
    if version is None:
        evidence["minimum_protocol_version"] = "TLSv1 (provider default when unset)"
        return ["minimum_protocol_version not set: CloudFront uses TLSv1"], []
    evidence["minimum_protocol_version"] = version
    if isinstance(version, str) and CLOUDFRONT_TLS12.match(version):
        return [], []
    return [f"minimum_protocol_version {version} accepts TLS below 1.2"], []


# ---- GCP load balancers -------------------------------------------------------------------------


def _gcp_proxies(inventory: Inventory, ctx: RuleContext, graph: Graph,
                 webhooks: Webhooks) -> Iterator[Finding]:
    """GCP target proxies of the webhook; webhook forwarding rules whose proxy is elsewhere."""
    rules = inventory.managed(*GCP_RULES)
    targets = {id(rule): graph.resolve(rule.attributes.get("target"), rule,
                                       GCP_TLS_PROXIES + GCP_HTTP_PROXIES + GCP_OTHER_TARGETS)
               for rule in rules}
    for proxy in inventory.managed(*GCP_TLS_PROXIES, *GCP_HTTP_PROXIES):
        url_maps = graph.resolve(proxy.attributes.get("url_map"), proxy, GCP_URL_MAPS).targets
        fronting = [r for r in rules if proxy in targets[id(r)].targets]
        if not webhooks.any_of([proxy, *url_maps, *fronting]):
            continue
        if proxy.type in GCP_TLS_PROXIES:
            yield _judge_ssl_policy(ctx, graph, proxy)
        else:
            yield _judge_http_proxy(ctx, proxy, url_maps)
    for rule in rules:
        target = rule.attributes.get("target")
        if webhooks.contains(rule) and _may_be_a_proxy(target) and not targets[id(rule)].targets:
            yield ctx.finding(rule, Status.UNKNOWN, "the forwarding rule's target proxy is not in "
                              "the scanned code", {"target": target if isinstance(target, str)
                                                   else "unknown"})


def _may_be_a_proxy(target: Any) -> bool:
    """A forwarding rule target that is, or may be, an HTTP(S) or SSL proxy."""
    if isinstance(target, Unknown):
        return True
    return isinstance(target, str) and bool(GCP_PROXY_URL.search(target))


def _judge_ssl_policy(ctx: RuleContext, graph: Graph, proxy: Resource) -> Finding:
    """An HTTPS/SSL proxy's SSL policy must set ``min_tls_version`` TLS_1_2 or TLS_1_3."""
    reference = proxy.attributes.get("ssl_policy")
    if reference is None:
        return ctx.finding(proxy, Status.FAIL, "no ssl_policy: GCP's default SSL policy accepts "
                           "TLS 1.0", {"ssl_policy": None})
    policies = graph.resolve(reference, proxy, GCP_SSL_POLICIES).targets
    if not policies:
        return ctx.finding(proxy, Status.UNKNOWN, "the SSL policy is not in the scanned code",
                           {"ssl_policy": reference if isinstance(reference, str) else "unknown"})
    policy = policies[0]
    version = policy.attributes.get("min_tls_version")
    evidence: dict[str, Any] = {"ssl_policy": policy.address,
                                "min_tls_version": version if isinstance(version, str)
                                else "unknown" if isinstance(version, Unknown)
                                else "TLS_1_0 (default when unset)"}
    if isinstance(version, Unknown):
        return ctx.finding(proxy, Status.UNKNOWN,
                           f"min_tls_version cannot be read: {version.reason}", evidence)
    if version in GCP_TLS12:
        return ctx.finding(proxy, Status.PASS, f"SSL policy requires {version} or later",
                           evidence)
    return ctx.finding(proxy, Status.FAIL, f"SSL policy {policy.address} accepts "
                       f"{version or 'TLS_1_0'}", evidence)


def _judge_http_proxy(ctx: RuleContext, proxy: Resource, url_maps: list[Resource]) -> Finding:
    """An HTTP proxy passes only when its URL map redirects everything to HTTPS."""
    if not url_maps:
        return ctx.finding(proxy, Status.UNKNOWN, "the URL map is not in the scanned code",
                           {"url_map": "unresolved"})
    url_map = url_maps[0]
    redirect = dig(url_map.attributes, "default_url_redirect.https_redirect")
    matchers = blocks(url_map.attributes.get("path_matcher"))
    evidence: dict[str, Any] = {"url_map": url_map.address,
                                "https_redirect": redirect if not isinstance(redirect, Unknown)
                                else "unknown", "path_matchers": len(matchers)}
    if isinstance(redirect, Unknown):
        return ctx.finding(proxy, Status.UNKNOWN, "the URL map's redirect cannot be read",
                           evidence)
    serving = [str(m.get("name")) for m in matchers if not _matcher_redirects(m)]
    if redirect is True and not serving:
        return ctx.finding(proxy, Status.PASS, "HTTP proxy only redirects to HTTPS", evidence)
    return ctx.finding(proxy, Status.FAIL, "plain HTTP proxy serves requests instead of "
                       "redirecting them to HTTPS", evidence)


def _matcher_redirects(matcher: dict[str, Any]) -> bool:
    """A path matcher that only redirects to HTTPS (no path rule or route rule serves)."""
    return dig(matcher, "default_url_redirect.https_redirect") is True and not (
        matcher.get("path_rule") or matcher.get("route_rules"))


# ---- callback URLs --------------------------------------------------------------------------


def _is_callback(assignment: Assignment) -> bool:
    """A value named like a callback URL (not a callback secret or token)."""
    return any(CALLBACK_NAME.search(n) and not SECRET_NAME.search(n) for n in assignment.names)


def _callback_urls(ctx: RuleContext, graph: Graph,
                   values: list[Assignment]) -> Iterator[Finding]:
    """One finding per object that sets callback URLs; one per ``webhook_urls`` entry."""
    judged = [(a, v) for a in values if (v := _judge_url(ctx, graph, a)) is not None]
    for holder, pairs in group_by_holder(judged):
        status = worst(s for _, (s, _, _) in pairs)
        shown = {name: what for _, (_, name, what) in pairs}
        evidence: dict[str, Any] = {**shown, **forwarding_evidence(a for a, _ in pairs)}
        yield ctx.finding(holder, status, _callback_message(status, shown), evidence)
    for index, url in enumerate(ctx.config.webhook_urls):
        yield _config_url(ctx, index, url)


def _config_url(ctx: RuleContext, index: int, url: str) -> Finding:
    """A ``webhook_urls`` entry of the configuration file: https:// or FAIL."""
    resource = config_resource(ctx, index, url)
    shown = safe_url(url, ctx)
    status = Status.PASS if scheme_of(url) == "https" else Status.FAIL
    return ctx.finding(resource, status, _callback_message(status, {"url": shown}),
                       {"url": shown, "config_file": resource.meta["config_file"]})


def _judge_url(ctx: RuleContext, graph: Graph,
               assignment: Assignment) -> tuple[Status, str, str] | None:
    """(status, name, what was read) for one callback value; None when it is not a URL."""
    value, name = assignment.value, assignment.name
    if isinstance(value, Unknown):
        prefix = known_prefix(value)
        if scheme_of(prefix):
            return _by_scheme(scheme_of(prefix), name, safe_url(prefix, ctx) + "…")
        construction = https_by_construction(value, assignment.holder, graph)
        if construction:
            return Status.PASS, name, f"https:// by construction ({', '.join(construction)})"
        return Status.UNKNOWN, name, f"unknown: {value.reason}"
    text = str(value).strip()
    if scheme_of(text):
        return _by_scheme(scheme_of(text), name, safe_url(text, ctx))
    if looks_like_host(text):
        return Status.FAIL, name, f"{safe_url('//' + text, ctx).lstrip('/')} (no scheme)"
    return None


def _by_scheme(scheme: str | None, name: str, shown: str) -> tuple[Status, str, str]:
    """PASS for https, FAIL for any other scheme."""
    return (Status.PASS if scheme == "https" else Status.FAIL), name, shown


def _callback_message(status: Status, evidence: dict[str, str]) -> str:
    """The finding's message: which callback URLs are or are not https://."""
    names = ", ".join(evidence)
    if status is Status.PASS:
        return f"callback URL is https:// ({names})"
    if status is Status.UNKNOWN:
        return f"callback URL cannot be read from the code ({names})"
    bad = [n for n, shown in evidence.items() if not shown.startswith("https://")
           and not shown.startswith("unknown") and "by construction" not in shown]
    return f"callback URL is not https:// ({', '.join(bad) or names})"
