"""A client of care-dps's public HTTP APIs, and the demo built on it.

``dps demo`` (``shared.demo.run``) drives a running system (``make run``) through the four
services' HTTP APIs exactly as a council, its practitioners and the providers would, and the
end-to-end tests (``tests/e2e``) drive the system with the same client. It imports nothing
of the services: only their documented routes. What it needs of a local run besides HTTP is
the run's token secret (to act as any role) and its shared clock (to move time).

- ``client``: the HTTP client (replicas, retries on a lost connection, problem documents);
- ``people``: who acts (tokens for each role) and the seeds' organisations;
- ``registry``, ``calloff``, ``evaluation``, ``contracts``: one module of steps per service;
- ``lifecycle``: a care package from requirement to contract, step by step;
- ``seeds``: the seeds' three DPSs as the demo plays them (volumes, rates, budgets);
- the demo: ``run`` (the command: checks, one-line failures), ``year`` (a financial year),
  ``quarter`` (a quarter's call-offs), ``scene`` (a DPS in play, the scale, the calendar),
  ``market`` (the DPS and its providers), ``packages`` (care packages and how providers
  answer), ``placements`` (existing placements moved on, re-procurements), ``leftovers``
  (what an interrupted run left), ``progress`` (the bars), ``summary`` (the closing table).
"""
