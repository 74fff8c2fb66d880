"""Many rows in one go: COPY on PostgreSQL, one INSERT elsewhere; headers as JSON text."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from sqlalchemy import JSON, Column, DateTime, Integer, MetaData, String, Table, select

from shared.bulk import COPY_FROM_ROWS, insert_rows
from shared.db import is_postgres, make_engine
from shared.events.calloff import Advertised, InvitationIssued
from shared.messaging.envelope import headers_for, headers_for_many
from shared.messaging.tracing import current_traceparent

metadata = MetaData()
rows_table = Table(
    "bulk_rows",
    metadata,
    Column("n", Integer, primary_key=True),
    Column("name", String(40), nullable=False),
    Column("facts", JSON, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)


def _invitation(source_time: datetime) -> InvitationIssued:
    return InvitationIssued(
        aggregate_type="call_off", aggregate_id=uuid4(), occurred_at=source_time,
        call_off_id=uuid4(), reference="CO-1", dps_id=uuid4(), lot_id=uuid4(),
        provider_id=uuid4(), response_deadline=source_time,
        advertised=Advertised(requirement_reference="R-1", age_band="75-84",
                              postcode_district="ST16", need_band="medium",
                              needs_summary="Personal care"),
    )


def test_headers_for_many_say_what_headers_for_says_as_dict_and_text_each_in_its_own_span() -> None:
    events = [_invitation(datetime.now(UTC)) for _ in range(3)]
    source = '/care-dps/calloff {"odd": "source"}'
    token = current_traceparent.set("00-" + "a" * 32 + "-" + "b" * 16 + "-01")
    try:
        many = headers_for_many(events, source)
    finally:
        current_traceparent.reset(token)
    texts = [json.loads(text) for _, text in many]
    assert [as_dict for as_dict, _ in many] == texts
    for event, headers in zip(events, texts, strict=True):
        expected = headers_for(event, source)
        assert {k: v for k, v in headers.items() if k != "traceparent"} == {
            k: v for k, v in expected.items() if k != "traceparent"
        }
        assert headers["traceparent"].startswith("00-" + "a" * 32 + "-")
    assert len({h["traceparent"] for h in texts}) == 3


async def test_many_rows_go_in_with_their_json_and_times_and_copy_refuses_a_naive_time(
    database,
) -> None:
    async with database("bulk") as url:
        engine = make_engine(url)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(metadata.create_all)
            at = datetime(2027, 1, 1, 9, tzinfo=UTC)
            rows = [
                {"n": n, "name": f"row {n}", "facts": {"n": n}, "at": at}
                for n in range(COPY_FROM_ROWS + 5)
            ]
            async with engine.begin() as connection:
                await connection.execute(select(1))  # in the transaction, as a use case is
                await insert_rows(connection, rows_table, rows)
            async with engine.connect() as connection:
                stored = (await connection.execute(select(rows_table).order_by("n"))).all()
            assert [(r.n, r.facts, r.at.astimezone(UTC)) for r in stored] == [
                (row["n"], row["facts"], at) for row in rows
            ]
            if not is_postgres(url):
                return  # SQLite keeps what it is given; COPY is PostgreSQL's
            naive = [{**row, "n": row["n"] + 1000, "at": datetime(2027, 1, 1)} for row in rows]
            with pytest.raises(ValueError, match="naive datetimes"):
                async with engine.begin() as connection:
                    await connection.execute(select(1))
                    await insert_rows(connection, rows_table, naive)
        finally:
            await engine.dispose()
