output "network_id" {
  description = "ID of the Kling VPC network."
  value       = google_compute_network.kling.id
}

output "subnetwork_id" {
  description = "ID of the workload subnetwork."
  value       = google_compute_subnetwork.kling_workloads.id
}
