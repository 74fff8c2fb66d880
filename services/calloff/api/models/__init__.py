"""Response bodies of the call-off service (request bodies are ``handlers.specs``)."""
