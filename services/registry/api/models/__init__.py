"""Request (``XCreate``) and response (``XRead``) models of the registry's HTTP API.

Responses read the domain objects directly (``from_attributes``); amounts are strings.
"""
