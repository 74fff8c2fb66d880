"""Request bodies and response shapes of the evaluation service's API."""
