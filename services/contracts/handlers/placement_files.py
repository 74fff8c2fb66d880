"""Reading an import file: JSON (``{"rows": [...]}``, each row a placement with its
``lines``) or CSV (one line per rate line; the lines of one placement share its
``reference`` and repeat its other columns).

What a reader refuses for the whole file (it is not the format it says, a column no row may
have, too many rows) is an ``invalid_import_file``; what it refuses for one placement (its
lines disagree) is a refused row, reported with the others.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from services.contracts.domain import limits as n
from services.contracts.domain.placements.importing import RefusedRow
from shared.errors import RuleBroken

LINE_COLUMNS = ("element", "unit", "band", "quantity_per_week", "rate")
PLACEMENT_COLUMNS = (
    "reference", "lot_code", "transition", "incumbent_name", "provider_id",
    "provider_organisation", "need_band", "postcode_district", "funding_route", "buyer",
    "start_on", "initial_term_months", "extension_months", "current_end_on",
)
REQUIRED_COLUMNS = ("reference", "lot_code", "transition", "element", "unit",
                    "quantity_per_week")


class InvalidImportFile(RuleBroken):
    code = "invalid_import_file"


@dataclass
class ImportFile:
    rows: list[tuple[int, Any]] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)


def read_json(body: bytes) -> ImportFile:
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise InvalidImportFile("The body is not JSON: send {\"rows\": [...]}.") from None
    rows = document.get("rows") if isinstance(document, dict) else None
    if not isinstance(rows, list) or set(document) - {"rows"}:
        raise InvalidImportFile(
            'Send {"rows": [...]}: a list of placements, each with its lines.', field="rows"
        )
    _bounded(len(rows))
    return _some(ImportFile(rows=[(number, row) for number, row in enumerate(rows, start=1)]))


def read_csv(body: bytes) -> ImportFile:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidImportFile("A CSV import is UTF-8 text.") from None
    if "\x00" in text:
        raise InvalidImportFile("A CSV import is text: it holds a NUL character.")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    unknown = sorted(set(header) - set(PLACEMENT_COLUMNS) - set(LINE_COLUMNS))
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if unknown or missing:
        raise InvalidImportFile(
            "The CSV's first line names its columns"
            + (f"; unknown: {', '.join(unknown)} (no personal data is ever imported)"
               if unknown else "")
            + (f"; missing: {', '.join(missing)}" if missing else "") + ".",
            unknown_columns=unknown, missing_columns=missing,
        )
    reader.fieldnames = header
    groups: dict[str, tuple[int, dict[str, Any], list[dict[str, Any]], list[str]]] = {}
    try:
        for record in reader:
            if None in record:
                raise InvalidImportFile(f"Line {reader.line_num} has more cells than columns.")
            cells = {k: v.strip() for k, v in record.items() if v is not None and v.strip()}
            if not cells:
                continue
            placement = {k: v for k, v in cells.items() if k in PLACEMENT_COLUMNS}
            line = {k: v for k, v in cells.items() if k in LINE_COLUMNS}
            key = placement.get("reference", f"(no reference, line {reader.line_num})")
            if key not in groups:
                _bounded(len(groups) + 1)
                groups[key] = (reader.line_num, placement, [], [])
            first, known, lines, problems = groups[key]
            if placement != known:
                problems.append(
                    f"line {reader.line_num} repeats reference {key} with other placement"
                    " columns (only the rate line columns may differ)"
                )
            lines.append(line)
    except csv.Error as error:
        raise InvalidImportFile(f"Line {reader.line_num}: {error}.") from None
    out = ImportFile()
    for key, (first, placement, lines, problems) in groups.items():
        if problems:
            out.refused.append(RefusedRow(first, key[: n.CODE], problems))
            continue
        out.rows.append((first, _placement(placement, lines)))
    return _some(out)


def _placement(placement: Mapping[str, str], lines: list[dict[str, Any]]) -> dict[str, Any]:
    row: dict[str, Any] = dict(placement)
    months = row.get("extension_months")
    if months is not None:
        parts = [p for p in months.replace(";", " ").replace(",", " ").split() if p]
        row["extension_months"] = [int(p) if p.isdigit() else p for p in parts]
    row["lines"] = lines
    return row


def _some(file: ImportFile) -> ImportFile:
    if not file.rows and not file.refused:
        raise InvalidImportFile("The file holds no placement.")
    return file


def _bounded(count: int) -> None:
    if count > n.IMPORT_ROWS:
        raise InvalidImportFile(
            f"An import holds at most {n.IMPORT_ROWS} placements: split the file.",
        )
