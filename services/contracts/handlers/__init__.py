"""The contracts service's use cases, one module per feature: ``evaluations`` and
``market`` (what the other services' events change), ``awards``, ``delegation``,
``contracts``, ``placements``, ``spend``, and ``ticker`` (what time changes)."""
