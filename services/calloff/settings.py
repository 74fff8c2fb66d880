from pydantic import Field, SecretStr, model_validator

from shared.settings import BaseServiceSettings


class CalloffSettings(BaseServiceSettings, service="calloff"):
    """Environment variables ``CALLOFF_*``."""

    person_keys: SecretStr | None = Field(
        default=None,
        description=(
            "Fernet keys, comma separated, that encrypt the person's identity at rest: the"
            " first encrypts, all decrypt (rotation). Required outside local mode; `dps run`"
            " makes one per data folder."
        ),
    )
    council_min_response_hours: float = Field(
        default=2.0, gt=0, le=24 * 90,
        description=(
            "The shortest response period, in hours, where the regime sets no minimum (light"
            " touch, Procurement Act): the council's setting, e.g. for hospital discharges."
        ),
    )
    ticker_batch_size: int = Field(
        default=200, ge=1, description="Call-offs past their deadline one ticker pass closes."
    )
    # A published call-off is one commit of an event per invitee (10,000 in a big lot).
    # JetStream acknowledges a burst sent at once about three times faster per message than
    # the same burst in rounds of 2,000 (measured by bench.calloff_fanout), so one round
    # takes them all.
    relay_batch_size: int = Field(default=10_000, ge=1, le=10_000)

    @model_validator(mode="after")
    def _production_has_person_keys(self) -> "CalloffSettings":
        if self.auth_mode == "production" and self.person_keys is None:
            raise ValueError(
                "person_keys is required outside local mode (CALLOFF_PERSON_KEYS: one or more"
                " Fernet keys, comma separated; the first encrypts)"
            )
        return self
