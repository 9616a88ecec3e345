# VPC for the Kling Cloud Run service. Cloud Run sends ALL its traffic into this VPC
# (Direct VPC egress, egress = "ALL_TRAFFIC"), so the rules below are the whole egress story:
#
#   1. Network firewall policy (firewall_policy.tf), evaluated first
#      (network_firewall_policy_enforcement_order = BEFORE_CLASSIC_FIREWALL):
#        allow tcp:443 to api.klingai.com (FQDN), allow tcp:443 to restricted.googleapis.com,
#        deny everything else.
#   2. Classic VPC firewall rules (below), the same intent by port: allow tcp:443 for the
#      kling-worker tag (priority 1000), deny all protocols to 0.0.0.0/0 below it (65000).
#
# Google APIs (Cloud Storage for the videos) go to restricted.googleapis.com through Private
# Google Access (dns.tf); the internet is reached through Cloud NAT.

resource "google_compute_network" "kling" {
  name                                      = "kling-${var.environment}"
  description                               = "Kling video pipeline (${var.environment})"
  auto_create_subnetworks                   = false
  routing_mode                              = "REGIONAL"
  network_firewall_policy_enforcement_order = "BEFORE_CLASSIC_FIREWALL"
}

resource "google_compute_subnetwork" "kling_workloads" {
  name                     = "kling-${var.environment}-workloads"
  network                  = google_compute_network.kling.id
  region                   = var.region
  ip_cidr_range            = var.subnet_cidr
  private_ip_google_access = true

  log_config {
    aggregation_interval = "INTERVAL_5_SEC"
    flow_sampling        = 0.5
    metadata             = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_router" "kling" {
  name    = "kling-${var.environment}"
  network = google_compute_network.kling.id
  region  = var.region
}

resource "google_compute_router_nat" "kling" {
  name                               = "kling-${var.environment}"
  router                             = google_compute_router.kling.name
  region                             = var.region
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "LIST_OF_SUBNETWORKS"

  subnetwork {
    name                    = google_compute_subnetwork.kling_workloads.id
    source_ip_ranges_to_nat = ["ALL_IP_RANGES"]
  }

  log_config {
    enable = true
    filter = "ALL"
  }
}

# --- Classic VPC firewall rules ------------------------------------------------------

resource "google_compute_firewall" "egress_allow_https" {
  name        = "kling-${var.environment}-egress-allow-https"
  description = "Kling workloads: HTTPS out (host restricted by the firewall policy)"
  network     = google_compute_network.kling.id
  direction   = "EGRESS"
  priority    = 1000

  target_tags        = [var.workload_tag]
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "egress_deny_all" {
  name        = "kling-${var.environment}-egress-deny-all"
  description = "Default deny for every other egress"
  network     = google_compute_network.kling.id
  direction   = "EGRESS"
  priority    = 65000

  destination_ranges = ["0.0.0.0/0"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}
