"""Publication: what the council must publish about its DPSs and call-offs, as open data.

Built only from the other services' events (and the contracts service's own, consumed like
any producer's), so it is decoupled from the award code:

- ``facts``: what is publicly known of each contracting process (a DPS, a call-off, a
  placement moved onto the DPS), and nothing about the person who needs care;
- ``changes``: how each event changes those facts (events may arrive in any order across
  producers: facts only accumulate, and statuses are derived from them);
- ``notices`` and ``duties``: the statutory notices each regime requires (R13, R16, R20),
  with their due dates on the Europe/London calendar, or the reason none is needed;
- ``process``: the ``ContractingProcess`` aggregate: a release per change, the compiled
  record, the notices issued and the overdue ones reported;
- ``ocds``: the OCDS 1.1 releases, records and packages (lots, techniques and UK
  extensions), compiled with ``ocdsmerge``.
"""
