"""Existing placements moved onto the DPS: a bulk import validated row by row (``rows``,
``importing``), each accepted row a ``Placement`` (a direct-award contract for an incumbent
that joined the DPS, or a re-procurement request for one that did not)."""
