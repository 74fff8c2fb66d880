"""The call-off domain: requirements and the person's restricted identity
(``requirements``, ``people``), call-offs (``call_offs`` on its layers), who is invited
(``eligibility``, from ``members``: the registry's memberships), what invitees do
(``responses``), and the rules by number: criteria refined from the catalogue (R7,
``criteria``), whole-life value against the threshold (R11, ``valuation``), response
periods per regime (R6, ``periods``)."""
