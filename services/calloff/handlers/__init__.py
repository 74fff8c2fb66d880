"""The call-off service's use cases: ``requirements`` (and the person's identity),
``call_offs`` (draft, publish, cancel, close early, re-publish), ``invitees`` (responses,
declines, clarifications), ``ticker`` (close at the deadline), and from other services'
events ``members`` (the registry's memberships and providers) and ``outcomes`` (the
contracts service's); the known DPSs follow ``shared.dpsview.handlers``."""
