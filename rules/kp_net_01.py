"""KP-NET-01: egress reaches only api.klingai.com:443 (metadata: KP-NET-01.toml)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kling_posture.engine import RuleContext
from kling_posture.graph import Graph, block, blocks
from kling_posture.model import Finding, Inventory, Resource, Status
from kling_posture.network import (
    GCP_EGRESS_ALL,
    EgressRule,
    attached_security_groups,
    aws_domain_enforcement,
    egress_rules,
    gcp_egress_network,
    gcp_rule_ports,
    leaves_network,
    ports_beyond,
    vpc_cidrs,
    workload_vpc,
)
from kling_posture.values import Unknown

AWS_WORKLOADS = ("aws_lambda_function", "aws_ecs_service", "aws_instance", "aws_launch_template")
GCP_WORKLOADS = ("google_cloud_run_v2_service", "google_cloud_run_v2_job",
                 "google_cloudfunctions_function", "google_cloudfunctions2_function")
GOOGLE_API_RANGES = ("199.36.153.4/30", "199.36.153.8/30", "34.126.0.0/18")


@dataclass(frozen=True)
class Allowed:
    """``allowed_egress`` split into hosts and ports."""

    hosts: frozenset[str]
    ports: frozenset[int]

    @classmethod
    def parse(cls, entries: list[str]) -> Allowed:
        """``["api.klingai.com:443"]`` → hosts and ports (443 when no port is given)."""
        hosts, ports = set(), set()
        for entry in entries:
            host, _, port = entry.rpartition(":") if ":" in entry else (entry, "", "443")
            hosts.add(host.lower())
            ports.add(int(port) if port.isdigit() else 443)
        return cls(frozenset(hosts), frozenset(ports))


@dataclass
class Verdict:
    """Egress rules of one workload, sorted by what they allow."""

    beyond: list[EgressRule] = field(default_factory=list)
    internet_allowed_ports: list[EgressRule] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def check(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    """Each Kling workload's egress, and each rule that opens egress beyond the allowed ports."""
    graph = Graph(inventory)
    allowed = Allowed.parse(list(ctx.parameters["allowed_egress"]))
    offending: dict[str, tuple[Resource, list[EgressRule]]] = {}
    yield from _aws_workloads(inventory, graph, ctx, allowed, offending)
    if ctx.scope.all:
        for group in inventory.managed("aws_security_group"):
            _collect(graph, group, allowed, offending)
    for holder, rules in offending.values():
        yield ctx.finding(holder, Status.FAIL, "opens egress beyond the allowed ports: "
                          + "; ".join(sorted({r.describe() for r in rules})),
                          {"egress": sorted({r.describe() for r in rules}),
                           "allowed_egress": sorted(ctx.parameters["allowed_egress"])})
    yield from _gcp(inventory, graph, ctx, allowed)


# ---- AWS ----------------------------------------------------------------------------------


def _aws_workloads(inventory: Inventory, graph: Graph, ctx: RuleContext, allowed: Allowed,
                   offending: dict[str, tuple[Resource, list[EgressRule]]]
                   ) -> Iterator[Finding]:
    services = inventory.managed("aws_ecs_service")
    for task in inventory.managed("aws_ecs_task_definition"):
        if ctx.scope.is_kling_workload(task, inventory) and not any(
                task in graph.resolve(s.attributes.get("task_definition"), s,
                                      ("aws_ecs_task_definition",)).targets for s in services):
            yield ctx.finding(task, Status.UNKNOWN, "no scanned ECS service runs this task "
                              "definition: its network configuration is not in the code",
                              {"services": []})
    for workload in inventory.managed(*AWS_WORKLOADS):
        if ctx.scope.is_kling_workload(workload, inventory):
            yield _aws_workload(graph, ctx, workload, allowed, offending)


def _aws_workload(graph: Graph, ctx: RuleContext, workload: Resource, allowed: Allowed,
                  offending: dict[str, tuple[Resource, list[EgressRule]]]) -> Finding:
    attachment = attached_security_groups(graph, workload)
    if attachment.no_vpc:
        return ctx.finding(workload, Status.FAIL, "runs outside any VPC: its egress is "
                           "unrestricted", {"vpc_config": None})
    groups = attachment.groups
    evidence: dict[str, Any] = {"security_groups": [g.address for g in groups]}
    if not groups and not attachment.unresolved:
        return ctx.finding(workload, Status.UNKNOWN, "no security group is attached in the code "
                           "(the VPC's default group applies)", evidence)
    vpc = workload_vpc(graph, workload, groups)
    verdict = Verdict()
    for group in groups:
        _judge_group(graph, group, vpc_cidrs(vpc), allowed, verdict)
        _collect(graph, group, allowed, offending)
    if attachment.unresolved:
        verdict.unknown.append(f"{len(attachment.unresolved)} security group(s) not in the "
                               "scanned code")
    evidence["egress_beyond_allowed_ports"] = sorted({r.describe() for r in verdict.beyond})
    if verdict.beyond:
        return ctx.finding(workload, Status.FAIL, "egress open beyond "
                           f"{_ports_text(allowed)}: "
                           + "; ".join(evidence["egress_beyond_allowed_ports"]), evidence)
    if verdict.unknown:
        evidence["unknown"] = verdict.unknown
        return ctx.finding(workload, Status.UNKNOWN, "egress cannot be fully read: "
                           + "; ".join(verdict.unknown), evidence)
    if not verdict.internet_allowed_ports:
        return ctx.finding(workload, Status.PASS, "no egress leaves the VPC", evidence)
    evidence["internet_egress"] = sorted({r.describe() for r in verdict.internet_allowed_ports})
    return _aws_domains(graph, ctx, workload, vpc.targets, bool(vpc.unresolved), allowed,
                        evidence)


def _aws_domains(graph: Graph, ctx: RuleContext, workload: Resource, vpcs: list[Resource],
                 vpc_unknown: bool, allowed: Allowed, evidence: dict[str, Any]) -> Finding:
    if not vpcs:
        return ctx.finding(workload, Status.UNKNOWN, f"{_ports_text(allowed)} is open to the "
                           "internet and the VPC is not in the scanned code: a domain allow-list "
                           "cannot be verified", evidence)
    found = [e for vpc in vpcs for e in aws_domain_enforcement(graph, vpc, set(allowed.hosts))]
    evidence["domain_allow_lists"] = [
        {"resource": e.resource.address, "kind": e.kind, "hosts": e.hosts,
         **({"problem": e.problem} if e.problem else {})} for e in found]
    valid = [e for e in found if e.valid]
    if valid:
        return ctx.finding(workload, Status.PASS, f"{_ports_text(allowed)} to the internet is "
                           f"held to {', '.join(sorted(allowed.hosts))} by "
                           f"{valid[0].resource.address}", evidence)
    if found:
        return ctx.finding(workload, Status.FAIL, "the domain allow-list does not hold: "
                           + "; ".join(f"{e.resource.address}: {e.problem}" for e in found),
                           evidence)
    return ctx.finding(workload, Status.UNKNOWN, f"{_ports_text(allowed)} is open to the "
                       "internet and no Network Firewall or DNS Firewall for the workload's VPC is "
                       "in the scanned code (one in another stack would not be seen: scan it "
                       "together, or waive with a reason)", evidence)


def _judge_group(graph: Graph, group: Resource, cidrs: list[str], allowed: Allowed,
                 verdict: Verdict) -> None:
    for rule in egress_rules(graph, group):
        outside = [leaves_network(d, cidrs) for d in rule.destinations]
        unknowns = [o for o in outside if isinstance(o, Unknown)]
        if not any(o is True for o in outside):
            verdict.unknown.extend(f"{rule.holder.address}: {u.reason}" for u in unknowns)
            continue
        beyond = ports_beyond(rule, set(allowed.ports))
        if isinstance(beyond, Unknown):
            verdict.unknown.append(f"{rule.holder.address}: {beyond.reason}")
        elif beyond:
            verdict.beyond.append(rule)
        else:
            verdict.internet_allowed_ports.append(rule)


def _collect(graph: Graph, group: Resource, allowed: Allowed,
             offending: dict[str, tuple[Resource, list[EgressRule]]]) -> None:
    """Remember the rule holders of ``group`` that open ports beyond the allowed ones."""
    vpc = graph.resolve(group.attributes.get("vpc_id"), group, ("aws_vpc",))
    verdict = Verdict()
    _judge_group(graph, group, vpc_cidrs(vpc), allowed, verdict)
    for rule in verdict.beyond:
        key = f"{rule.holder.root_dir}|{rule.holder.address}"
        _, rules = offending.setdefault(key, (rule.holder, []))
        if rule not in rules:
            rules.append(rule)


def _ports_text(allowed: Allowed) -> str:
    return "port " + ", ".join(str(p) for p in sorted(allowed.ports))


# ---- GCP ----------------------------------------------------------------------------------


def _gcp(inventory: Inventory, graph: Graph, ctx: RuleContext, allowed: Allowed
         ) -> Iterator[Finding]:
    offending: dict[str, Resource] = {}
    for workload in inventory.managed(*GCP_WORKLOADS):
        if ctx.scope.is_kling_workload(workload, inventory):
            yield _gcp_workload(graph, ctx, workload, allowed, offending)
    if ctx.scope.all:
        for rule in inventory.managed("google_compute_firewall"):
            if _gcp_rule_problem(rule, allowed):
                offending[f"{rule.root_dir}|{rule.address}"] = rule
    for rule in offending.values():
        problem = _gcp_rule_problem(rule, allowed)
        yield ctx.finding(rule, Status.FAIL, f"egress firewall rule {problem}",
                          {"allow": rule.attributes.get("allow"),
                           "destination_ranges": rule.attributes.get("destination_ranges")})


def _gcp_workload(graph: Graph, ctx: RuleContext, workload: Resource, allowed: Allowed,
                  offending: dict[str, Resource]) -> Finding:
    network_ref, how = gcp_egress_network(graph, workload)
    evidence: dict[str, Any] = {"egress": how}
    if network_ref is None:
        return ctx.finding(workload, Status.FAIL, how, evidence)
    networks = graph.resolve(network_ref, workload, ("google_compute_network",)).targets
    network = networks[0] if networks else None
    rules = [] if network is None else [
        r for r in graph.referrers(network, ("google_compute_firewall",), "network")
        if str(r.attributes.get("direction", "INGRESS")).upper() == "EGRESS"]
    problems = {r.address: _gcp_rule_problem(r, allowed) for r in rules}
    bad = [r for r in rules if problems[r.address]]
    for rule in bad:
        offending[f"{rule.root_dir}|{rule.address}"] = rule
    if how != GCP_EGRESS_ALL:
        return ctx.finding(workload, Status.FAIL if how != "unknown" else Status.UNKNOWN,
                           f"egress setting {how}: only part of the traffic goes through the VPC"
                           " network; the rest leaves directly", evidence)
    if network is None:
        return ctx.finding(workload, Status.UNKNOWN, "the workload's VPC network is not in the "
                           "scanned code: its firewall cannot be verified", evidence)
    evidence["network"] = network.address
    deny = _deny_all_priority(rules)
    allow_priorities = [_priority(r) for r in rules if blocks(r.attributes.get("allow"))]
    evidence["firewall_rules"] = sorted(r.address for r in rules)
    if bad:
        return ctx.finding(workload, Status.FAIL, "egress firewall rules open more than "
                           f"{_ports_text(allowed)}: " + "; ".join(
                               f"{r.address} {problems[r.address]}" for r in bad), evidence)
    if deny is None:
        return ctx.finding(workload, Status.UNKNOWN, "no all-protocols deny to 0.0.0.0/0 for the "
                           "network is in the scanned code: unless one exists elsewhere, GCP's "
                           "implied rule allows every egress", evidence)
    if any(p >= deny for p in allow_priorities):
        return ctx.finding(workload, Status.FAIL, "an allow rule is evaluated after the deny-all "
                           "rule", evidence)
    return _gcp_domains(graph, ctx, workload, network, allowed, evidence)


def _gcp_domains(graph: Graph, ctx: RuleContext, workload: Resource, network: Resource,
                 allowed: Allowed, evidence: dict[str, Any]) -> Finding:
    fqdns, problems = _policy_fqdns(graph, network, allowed)
    proxy = [r for r in graph.inventory.managed(
        "google_network_security_gateway_security_policy_rule") if r.root_dir == network.root_dir
        and any(f"host() == '{h}'" in str(r.attributes.get("session_matcher", ""))
                for h in allowed.hosts)]
    evidence["dest_fqdns"] = fqdns
    if proxy:
        evidence["secure_web_proxy_rules"] = [r.address for r in proxy]
    if problems:
        evidence["problems"] = problems
        return ctx.finding(workload, Status.FAIL, "the firewall policy does not hold egress to "
                           "the allowed hosts: " + "; ".join(problems), evidence)
    if fqdns or proxy:
        return ctx.finding(workload, Status.PASS, f"egress limited to {_ports_text(allowed)} and "
                           f"held to {', '.join(sorted(allowed.hosts))}", evidence)
    return ctx.finding(workload, Status.UNKNOWN, f"{_ports_text(allowed)} is open to the "
                       "internet and no FQDN firewall policy rule or Secure Web Proxy rule for the "
                       "network is in the scanned code", evidence)


def _policy_fqdns(graph: Graph, network: Resource, allowed: Allowed
                  ) -> tuple[list[str], list[str]]:
    fqdns: list[str] = []
    problems: list[str] = []
    associations = graph.referrers(network, ("google_compute_network_firewall_policy_association",),
                                   "attachment_target")
    for association in associations:
        policies = graph.resolve(association.attributes.get("firewall_policy"), association,
                                 ("google_compute_network_firewall_policy",)).targets
        for policy in policies:
            rules = graph.referrers(policy, ("google_compute_network_firewall_policy_rule",),
                                    "firewall_policy")
            for rule in rules:
                _policy_rule(rule, allowed, fqdns, problems)
    return sorted(set(fqdns)), problems


def _policy_rule(rule: Resource, allowed: Allowed, fqdns: list[str], problems: list[str]) -> None:
    attributes = rule.attributes
    if str(attributes.get("direction")).upper() != "EGRESS" or attributes.get("action") != "allow":
        return
    match = block(attributes.get("match"))
    names = match.get("dest_fqdns") if isinstance(match, dict) else None
    ranges = match.get("dest_ip_ranges") if isinstance(match, dict) else None
    if isinstance(names, list):
        extra = [n for n in names if not isinstance(n, str) or n.lower() not in allowed.hosts]
        fqdns.extend(n for n in names if isinstance(n, str))
        if extra:
            problems.append(f"{rule.address} allows {', '.join(map(str, extra))}")
    elif isinstance(ranges, list) and any(_public(r) for r in ranges):
        problems.append(f"{rule.address} allows addresses, not names: "
                        f"{', '.join(map(str, ranges))}")


def _public(cidr: Any) -> bool:
    if not isinstance(cidr, str):
        return True
    try:
        network = ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return True
    google = [ipaddress.ip_network(r) for r in GOOGLE_API_RANGES]
    return not network.is_private and not any(
        network.version == g.version and network.subnet_of(g) for g in google)  # type: ignore[arg-type]


def _gcp_rule_problem(rule: Resource, allowed: Allowed) -> str:
    """Why an EGRESS allow rule opens more than the allowed ports ('' when it does not)."""
    if str(rule.attributes.get("direction", "INGRESS")).upper() != "EGRESS":
        return ""
    ranges = rule.attributes.get("destination_ranges") or ["0.0.0.0/0"]
    if isinstance(ranges, list) and not any(_public(r) for r in ranges):
        return ""
    for allow in blocks(rule.attributes.get("allow")):
        parsed = gcp_rule_ports(allow)
        if isinstance(parsed, Unknown):
            continue
        protocol, port_ranges = parsed
        name = str(protocol).lower()
        if name in ("all", "-1"):
            return "allows all protocols to the internet"
        extra = [(low, high) for low, high in port_ranges
                 if low != high or low not in allowed.ports]
        if name not in ("tcp", "6") or extra:
            ports = ",".join(f"{a}-{b}" if a != b else str(a) for a, b in port_ranges)
            return f"allows {name} {ports} to the internet"
    return ""


def _deny_all_priority(rules: list[Resource]) -> int | None:
    found = [_priority(r) for r in rules if any(
        str(b.get("protocol")).lower() == "all" for b in blocks(r.attributes.get("deny")))
        and "0.0.0.0/0" in (r.attributes.get("destination_ranges") or [])]
    return min(found) if found else None


def _priority(rule: Resource) -> int:
    value = rule.attributes.get("priority", 1000)
    return value if isinstance(value, int) else 1000
