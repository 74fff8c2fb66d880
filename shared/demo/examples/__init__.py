"""The seeds' DPSs as bodies for ``POST /dps`` (what a person, the demo or a test posts).

``load("kent-everyday-life")`` reads one; they ship with the package.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

NAMES = (
    "staffordshire-supported-living",
    "staffordshire-day-opportunities",
    "kent-everyday-life",
    "sefton-supported-living",
)


def load(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(
        resources.files(__package__).joinpath(f"{name}.json").read_text()
    )
    return body
