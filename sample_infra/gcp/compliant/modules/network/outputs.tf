output "network_id" {
  description = "ID of the Kling VPC network."
  value       = google_compute_network.kling.id
}

output "subnetwork_id" {
  description = "ID of the subnetwork used by Cloud Run Direct VPC egress."
  value       = google_compute_subnetwork.kling_workloads.id
}

output "workload_tag" {
  description = "Network tag the Kling workloads must carry to get tcp:443 out."
  value       = var.workload_tag
}
