"""What a consuming service knows of a DPS, kept current from the registry's events.

Call-off, evaluation and contracts each keep this read model in their own store (tables
``dps_view``, ``dps_view_lots``, ``dps_view_windows``), built by the same handlers, so the
three never disagree on how an event changes a DPS:

- ``model``: ``KnownDps`` and how each event changes it (pure Python);
- ``tables`` and ``migration_ops``: the tables, and the frozen steps each service's
  migrations call;
- ``repository``: load, save and page known DPSs;
- ``handlers``: one per registry event, and ``follow_dps(consumer)`` to subscribe them all;
- ``api``: ``GET /dps`` (paginated) and ``GET /dps/{dps_id}``, the same shape in both.

A service's unit of work exposes the repository as ``uow.dps``.
"""
