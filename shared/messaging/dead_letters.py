"""Dead letters: ``dps.dlq.<service>`` in the DPS stream, and their replay after a fix.

A dead letter is the original event (body and CloudEvents headers) with the reason in
``dps-dlq-reason``, the consumer in ``dps-dlq-consumer``, the subject it came on in
``dps-dlq-original-subject``. A replay publishes it again on
``dps.replay.<service>.<producer>.<event>.v<n>``, which only that service's consumer of that
producer reads (its durable filters on it), with a new ``Nats-Msg-Id`` so JetStream's
duplicate window cannot drop it; the consumer's positions make a replay of something
already applied harmless. A replayed letter is then removed from the dead letters.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import uuid4

from nats.js.client import JetStreamContext

REASON = "dps-dlq-reason"
CONSUMER = "dps-dlq-consumer"
ORIGINAL_SUBJECT = "dps-dlq-original-subject"
ORIGINAL_SEQUENCE = "dps-dlq-stream-sequence"
_OURS = {
    REASON, CONSUMER, ORIGINAL_SUBJECT, ORIGINAL_SEQUENCE, "Nats-Msg-Id", "Nats-Expected-Stream"
}


def dead_letter_subject(service: str) -> str:
    return f"dps.dlq.{service}"


def replay_prefix(service: str) -> str:
    return f"dps.replay.{service}."


def replay_subject(service: str, original_subject: str) -> str:
    """``dps.registry.x.v1``, replayed for calloff: ``dps.replay.calloff.registry.x.v1``."""
    return replay_prefix(service) + original_subject.removeprefix("dps.")


async def publish_dead_letter(
    js: JetStreamContext,
    *,
    service: str,
    consumer: str,
    subject: str,
    data: bytes,
    headers: dict[str, str],
    reason: str,
    message_id: str,
    stream: str,
    timeout: float = 5.0,
) -> None:
    letter_headers = {k: v for k, v in headers.items() if k not in _OURS}
    letter_headers.update(
        {
            REASON: " ".join(reason.split())[:2000],
            ORIGINAL_SUBJECT: subject,
            CONSUMER: consumer,
            "Nats-Msg-Id": message_id,
        }
    )
    if ORIGINAL_SEQUENCE in headers:
        letter_headers[ORIGINAL_SEQUENCE] = headers[ORIGINAL_SEQUENCE]
    await js.publish(
        dead_letter_subject(service), data, headers=letter_headers, stream=stream, timeout=timeout
    )


@dataclass(frozen=True)
class DeadLetter:
    sequence: int
    subject: str
    reason: str
    consumer: str
    event_id: str
    event_type: str
    data: bytes
    headers: dict[str, str]


def _letter(sequence: int, data: bytes, headers: dict[str, str] | None) -> DeadLetter:
    headers = dict(headers or {})
    return DeadLetter(
        sequence=sequence,
        subject=headers.get(ORIGINAL_SUBJECT, ""),
        reason=headers.get(REASON, ""),
        consumer=headers.get(CONSUMER, ""),
        event_id=headers.get("ce-id", ""),
        event_type=headers.get("ce-type", ""),
        data=data,
        headers=headers,
    )


async def list_dead_letters(
    js: JetStreamContext, service: str, stream: str = "DPS", limit: int = 10_000
) -> list[DeadLetter]:
    """Every dead letter of ``service`` still kept, oldest first."""
    subject = dead_letter_subject(service)
    info = await js.stream_info(stream, subjects_filter=subject)
    if not (info.state.subjects or {}).get(subject):
        return []
    sub = await js.subscribe(subject, ordered_consumer=True, stream=stream)
    letters: list[DeadLetter] = []
    try:
        while len(letters) < limit:
            msg = await sub.next_msg(timeout=5.0)
            letters.append(_letter(msg.metadata.sequence.stream, msg.data, msg.headers))
            if not msg.metadata.num_pending:
                break
    finally:
        await sub.unsubscribe()
    return letters


async def get_dead_letter(
    js: JetStreamContext, service: str, sequence: int, stream: str = "DPS"
) -> DeadLetter | None:
    try:
        raw = await js.get_msg(stream, sequence)
    except Exception:  # nats.js.errors.NotFoundError, or deleted
        return None
    if raw.subject != dead_letter_subject(service):
        return None
    return _letter(sequence, raw.data or b"", raw.headers)


async def replay_dead_letter(
    js: JetStreamContext, service: str, letter: DeadLetter, stream: str = "DPS"
) -> None:
    """Publish the letter again for its consumer only, then remove it from the dead letters."""
    headers = {k: v for k, v in letter.headers.items() if k not in _OURS}
    headers["Nats-Msg-Id"] = f"replay-{letter.sequence}-{uuid4().hex[:12]}"
    await js.publish(
        replay_subject(service, letter.subject), letter.data, headers=headers, stream=stream
    )
    await js.delete_msg(stream, letter.sequence)
