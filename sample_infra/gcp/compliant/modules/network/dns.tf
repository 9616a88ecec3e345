# Private Google Access through restricted.googleapis.com: *.googleapis.com resolves to the
# restricted VIP inside this VPC, so Cloud Storage calls never need an internet allow rule.

resource "google_dns_managed_zone" "googleapis" {
  name        = "kling-${var.environment}-googleapis"
  dns_name    = "googleapis.com."
  description = "googleapis.com -> restricted.googleapis.com for the Kling VPC"
  visibility  = "private"

  private_visibility_config {
    networks {
      network_url = google_compute_network.kling.id
    }
  }
}

resource "google_dns_record_set" "restricted_googleapis" {
  managed_zone = google_dns_managed_zone.googleapis.name
  name         = "restricted.googleapis.com."
  type         = "A"
  ttl          = 300
  rrdatas      = ["199.36.153.4", "199.36.153.5", "199.36.153.6", "199.36.153.7"]
}

resource "google_dns_record_set" "googleapis_wildcard" {
  managed_zone = google_dns_managed_zone.googleapis.name
  name         = "*.googleapis.com."
  type         = "CNAME"
  ttl          = 300
  rrdatas      = ["restricted.googleapis.com."]
}
