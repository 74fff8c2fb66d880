"""The call-off service's use cases: ``members`` (who may be invited, from the registry's
membership and provider events); the known DPSs follow ``shared.dpsview.handlers``."""
