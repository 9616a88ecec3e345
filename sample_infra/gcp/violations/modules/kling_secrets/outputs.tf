output "secret_ids" {
  description = "IDs of the Kling secrets, keyed ak / sk."
  value       = { for k, s in google_secret_manager_secret.kling : k => s.id }
}
