"""The evaluation domain: scoring, moderation and ranking of call-off responses (next issues).

Rules that differ by regime (criteria refined but never added, price methods) will read the
DPS's regime from the known-DPS copy (``shared.dpsview``), kept in this service's store.
"""
