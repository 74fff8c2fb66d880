"""Structured logs: JSON lines in production (``DPS_LOG_FORMAT=json``), readable locally."""

from __future__ import annotations

import logging
import os

import structlog

_configured = False


def configure_logging() -> None:
    global _configured
    root = logging.getLogger()
    if _configured or root.handlers:
        return  # someone (pytest, an embedding app) already decided where logs go
    _configured = True
    level = getattr(logging, os.environ.get("DPS_LOG_LEVEL", "INFO").upper(), logging.INFO)
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if os.environ.get("DPS_LOG_FORMAT", "console") == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            renderer,
        ],
        foreign_pre_chain=[
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
        ],
    )
    handler = logging.StreamHandler()
    handler.setFormatter(formatter)
    root.addHandler(handler)
    root.setLevel(level)
