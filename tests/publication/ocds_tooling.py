"""The official OCDS validator (libcoveocds), offline, against ``../shared/ocds``.

libcoveocds downloads the standard and the extensions a package names. Here the standard
comes from a zip built from ``1.1.5/`` in the layout of the standard's repository
(``standard_zip``), and the extensions from a throwaway HTTP server on a loopback port that
serves ``extensions/``: the package's extension URLs are pointed at it for the check.

The lots extension refers to ``SubmissionTerms`` and the UK extension to ``Location``,
definitions of extensions they depend on that ``../shared/ocds`` does not hold. Validation
of the data works without them; libcoveocds's codelist and additional-field checks need the
schema fully dereferenced, so ``validate(..., complete=True)`` also serves a stub extension
defining those two as plain objects (our releases use neither): every check then runs.

``OCDS_SCHEMA_DIR`` points elsewhere than ``../shared/ocds``; a test that needs it is
skipped, saying why, when it is absent.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any
from unittest import mock

import jsonref
import pytest
import requests
from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig

ROOT = Path(__file__).resolve().parents[2]
OCDS_DIR = Path(os.environ.get("OCDS_SCHEMA_DIR", ROOT.parent / "shared" / "ocds"))
NAMES = {"ocds_lots_extension": "lots", "ocds_techniques_extension": "techniques",
         "ocds_uk_extension": "uk"}
STUB = {
    "extension.json": {"name": {"en": "Test stub"}, "description": {"en": "Definitions the"
                       " lots and UK extensions refer to, from their own dependencies."},
                       "documentationUrl": {"en": "https://example.org/"},
                       "compatibility": ["1.1"], "schemas": ["release-schema.json"]},
    "release-schema.json": {"definitions": {"SubmissionTerms": {"type": "object"},
                                            "Location": {"type": "object"}}},
}


def require_schema() -> Path:
    if not (OCDS_DIR / "1.1.5" / "release-schema.json").exists():
        pytest.skip(f"the OCDS 1.1.5 schema and extensions are not at {OCDS_DIR} (set"
                    " OCDS_SCHEMA_DIR to a copy of shared/ocds)")
    return OCDS_DIR


class Validator:
    """libcoveocds with the standard from a local zip and the extensions from loopback."""

    def __init__(self, ocds: Path) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="ocds-"))
        self.zip = self.dir / "standard.zip"
        with zipfile.ZipFile(self.zip, "w") as archive:
            archive.writestr("standard-1__1__5/", "")
            archive.writestr("standard-1__1__5/schema/", "")
            for path in sorted((ocds / "1.1.5").rglob("*")):
                if path.is_file():
                    name = path.relative_to(ocds / "1.1.5")
                    archive.write(path, f"standard-1__1__5/schema/{name}")
        served = self.dir / "served"
        shutil.copytree(ocds / "extensions", served)
        shutil.copytree(ocds / "1.1.5", served / "schema" / "1__1__5")
        (served / "stub").mkdir()
        for name, content in STUB.items():
            (served / "stub" / name).write_text(json.dumps(content))

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                return None

        handler = functools.partial(Quiet, directory=str(served))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def local(self, package: dict[str, Any], *, complete: bool) -> dict[str, Any]:
        """The package with its extension URLs pointed at the loopback server."""
        urls = []
        for url in package.get("extensions", []):
            name = next((v for k, v in NAMES.items() if k in url), None)
            assert name, f"an extension this test does not hold: {url}"
            urls.append(f"{self.base}/{name}/extension.json")
        if complete:
            urls.append(f"{self.base}/stub/extension.json")
        return {**package, "extensions": urls}

    def validate(self, package: dict[str, Any], *, complete: bool = True) -> dict[str, Any]:
        config = LibCoveOCDSConfig({"standard_zip": self.zip.as_uri(), "context": "api"})
        out = Path(tempfile.mkdtemp(dir=self.dir))
        # A record package's schema refers to the versioned release schema by its canonical
        # URL, which jsonref fetches: the canonical URLs are answered from the loopback copy.
        with mock.patch.object(jsonref, "requests", _Canonical(self.base)):
            return ocds_json_output(str(out), json_data=self.local(package, complete=complete),
                                    lib_cove_ocds_config=config)


class _Canonical:
    """``requests`` as jsonref uses it, with the standard's URLs served from loopback."""

    CANONICAL = "https://standard.open-contracting.org/schema/"

    def __init__(self, base: str) -> None:
        self.base = base

    def get(self, uri: str, **kwargs: Any) -> Any:
        if uri.startswith(self.CANONICAL):
            uri = f"{self.base}/schema/{uri[len(self.CANONICAL):]}"
        return requests.get(uri, timeout=10, **kwargs)


def problems(result: dict[str, Any]) -> dict[str, Any]:
    """What would make a package not valid: schema errors, closed-codelist values that are
    not in the codelist, fields the schema does not know, and a schema that did not load."""
    return {
        "validation_errors": result.get("validation_errors", []),
        "additional_closed_codelist_values": result.get("additional_closed_codelist_values", {}),
        "additional_fields": [f["path"] + "/" + f["field_name"]
                              for f in result.get("all_additional_fields", [])],
        "json_deref_error": result.get("json_deref_error"),
    }


CLEAN = {"validation_errors": [], "additional_closed_codelist_values": {},
         "additional_fields": [], "json_deref_error": None}
