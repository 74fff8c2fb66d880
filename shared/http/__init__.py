"""HTTP plumbing shared by every service: problem documents, auth, health probes, metrics."""
