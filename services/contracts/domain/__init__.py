"""The contracts domain (pure Python: no HTTP, SQL or NATS), one part per feature:

- ``awards``: from an evaluation's ranked result to a signed contract, under the scheme of
  delegation (``delegation``) and the standstill (``standstill``), down the ranked list on a
  decline, a lapse or an exclusion (R9, from ``market``: the registry's memberships);
- ``contracts``: the individual contract's whole life, its extensions, variations and KPIs;
- ``placements``: existing placements moved onto the DPS (transition, re-procurement);
- ``spend``: budgets, savings targets, and the spend and KPI report.

Shared by them: ``errors``, ``limits``, ``money``, ``term``. A new feature (publication)
adds its own package beside these.
"""
