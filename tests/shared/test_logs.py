"""An exception is always logged, even when its frames hold objects that cannot be read."""

from __future__ import annotations

import dataclasses
import io
import json
import logging

import pytest

from shared.logs import log_formatter


@dataclasses.dataclass
class _Row:
    title: str


class _Detached(_Row):
    """Like an ORM object whose attribute needs the database: reading it raises."""

    @property  # type: ignore[misc]
    def title(self) -> str:
        raise RuntimeError("greenlet_spawn has not been called")

    @title.setter
    def title(self, value: str) -> None:
        pass


def _fail() -> None:
    row = _Detached("x")  # noqa: F841  (a local the formatter must not try to render)
    raise OverflowError("date value out of range")


@pytest.mark.parametrize("as_json", [False, True])
def test_an_exception_is_logged_even_when_its_locals_cannot_be_rendered(as_json):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(log_formatter(json=as_json))
    logger = logging.getLogger(f"test_logs.{as_json}")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        _fail()
    except OverflowError:
        logger.exception("ticker: a row failed")
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert "ticker: a row failed" in out
    assert "OverflowError: date value out of range" in out
    assert "_fail" in out  # the traceback, not only the message
    if as_json:
        assert "OverflowError" in json.loads(out)["exception"]
