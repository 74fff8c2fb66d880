"""Structured logs: JSON lines in production (``DPS_LOG_FORMAT=json``), readable locally.

An exception is always logged, with its plain traceback. Tracebacks never render local
variables: reading them can itself fail (an ORM object whose attribute needs the database)
and then the failure being reported was lost, and they may hold personal data.
"""

from __future__ import annotations

import logging
import os

import structlog

_configured = False


def log_formatter(json: bool = False) -> logging.Formatter:
    """The formatter of every log line: stdlib records rendered by structlog."""
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if json
        else structlog.dev.ConsoleRenderer(
            colors=False, exception_formatter=structlog.dev.plain_traceback
        )
    )
    pre_chain: list[structlog.typing.Processor] = [
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    processors: list[structlog.typing.Processor] = [
        structlog.stdlib.ProcessorFormatter.remove_processors_meta,
    ]
    if json:  # the console renderer formats exceptions itself
        processors.append(structlog.processors.format_exc_info)
    return structlog.stdlib.ProcessorFormatter(
        processors=[*processors, renderer], foreign_pre_chain=pre_chain
    )


def configure_logging() -> None:
    global _configured
    root = logging.getLogger()
    if _configured or root.handlers:
        return  # someone (pytest, an embedding app) already decided where logs go
    _configured = True
    level = getattr(logging, os.environ.get("DPS_LOG_LEVEL", "INFO").upper(), logging.INFO)
    handler = logging.StreamHandler()
    handler.setFormatter(log_formatter(os.environ.get("DPS_LOG_FORMAT", "console") == "json"))
    root.addHandler(handler)
    root.setLevel(level)
