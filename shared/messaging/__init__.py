"""Messaging plumbing: the outbox, its relay, the inbox and the event consumer."""
