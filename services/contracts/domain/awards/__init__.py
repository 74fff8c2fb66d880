"""Awards: from an evaluation's ranked result to a signed contract, down the ranked list.

``award`` is the aggregate (one per evaluated call-off); ``candidates`` the ranked
compliant responses it may offer, ``history`` its record of every decision.
"""
