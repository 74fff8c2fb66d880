"""Signing: the contract an accepted award makes.

The contract starts on the call-off's start date, or on the day it is signed if that date
has passed meanwhile (an offer declined down the list can take days). Its rates are the
provider's prices (or the council's fixed rates), its volumes the call-off's, its values
the ones approved.
"""

from __future__ import annotations

from datetime import datetime

from services.contracts.domain.awards.award import Award
from services.contracts.domain.awards.candidates import Candidate
from services.contracts.domain.contracts.contract import Contract
from shared.workdays import local_date


def contract_of(award: Award, candidate: Candidate, provider_name: str, now: datetime) -> Contract:
    contract = Contract.awarded(
        award_id=award.id, terms=award.terms, provider_id=candidate.provider_id,
        provider_name=provider_name, rates=award.rates_of(candidate),
        annual_value=award.annual_value_of(candidate),
        whole_life_value=award.value_of(candidate),
        start_on=max(award.terms.start_on, local_date(now)), now=now,
    )
    award.contract_made(contract.id)
    return contract
