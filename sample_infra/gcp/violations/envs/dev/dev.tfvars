project_id             = "acme-video-dev"
region                 = "europe-west1"
shared_secrets_project = "acme-video-shared"

function_source_bucket = "acme-video-dev-functions"
function_source_object = "kling-worker/kling-worker-3f9c2ab.zip"
