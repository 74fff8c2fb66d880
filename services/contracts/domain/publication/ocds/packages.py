"""Release and record packages, written from the releases and compiled records as stored
(JSON text): a page of the feed is joined, not parsed and written again."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: The extensions every release uses, pinned to the commits ``../shared/ocds`` holds.
EXTENSIONS = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/"
    "8d3b52eb26ce0f1a015c91b665c120b17ef619a0/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/"
    "5568b00a8dd694a3d34441bdd9ef2bd3f9d44b11/extension.json",
    "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/"
    "aa0e43b84dfad0cb9b839a8135e0bc4b285d32fc/extension.json",
)


@dataclass(frozen=True)
class Publisher:
    name: str
    uri: str | None
    license: str

    def metadata(self, uri: str, published: str) -> dict[str, Any]:
        publisher: dict[str, Any] = {"name": self.name}
        if self.uri:
            publisher["uri"] = self.uri
        return {"uri": uri, "version": "1.1", "extensions": list(EXTENSIONS),
                "publishedDate": published, "publisher": publisher, "license": self.license}


def _joined(metadata: dict[str, Any], key: str, items: Sequence[str]) -> bytes:
    head = json.dumps(metadata, ensure_ascii=False)[:-1]
    return f'{head}, "{key}": [{", ".join(items)}]}}'.encode()


def release_package(metadata: dict[str, Any], releases: Sequence[str]) -> bytes:
    return _joined(metadata, "releases", releases)


def record(ocid: str, linked: Sequence[tuple[str, str, list[str]]], compiled: str) -> str:
    """A record: its releases linked (url, date, tag), oldest first, and compiled."""
    releases = json.dumps([{"url": url, "date": date, "tag": tags}
                           for url, date, tags in linked], ensure_ascii=False)
    return (f'{{"ocid": {json.dumps(ocid)}, "releases": {releases},'
            f' "compiledRelease": {compiled}}}')


def record_package(metadata: dict[str, Any], records: Sequence[str], packages: Sequence[str]
                   ) -> bytes:
    return _joined({**metadata, "packages": list(packages)}, "records", records)
