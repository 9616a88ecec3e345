variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "rotation_periods" {
  description = "Rotation period per credential (keys \"ak\" and \"sk\"), e.g. \"7776000s\". A credential without an entry is not rotated."
  type        = map(string)
  default     = {}
}

variable "next_rotation_time" {
  description = "First rotation (RFC 3339)."
  type        = string
}

variable "labels" {
  description = "Labels applied to every resource of the module."
  type        = map(string)
  default     = {}
}
