# VPC for the Kling Cloud Run service, with Cloud NAT for internet access.

resource "google_compute_network" "kling" {
  name                    = "kling-${var.environment}"
  auto_create_subnetworks = false
}

resource "google_compute_subnetwork" "kling_workloads" {
  name                     = "kling-${var.environment}-workloads"
  network                  = google_compute_network.kling.id
  region                   = var.region
  ip_cidr_range            = var.subnet_cidr
  private_ip_google_access = true
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
  source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"
}

# "Debugging the Kling SDK was painful with the old rules." Opened up during the launch.
# PLANTED: KP-NET-01 egress firewall rule allowing all protocols to 0.0.0.0/0
resource "google_compute_firewall" "egress_allow_all" {
  name      = "kling-${var.environment}-egress-allow-all"
  network   = google_compute_network.kling.id
  direction = "EGRESS"
  priority  = 1000

  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "all"
  }
}
