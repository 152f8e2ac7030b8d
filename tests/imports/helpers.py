"""Spreadsheets of homes for import tests, built the way a landlord's spreadsheet program writes them."""

from __future__ import annotations

import csv
import io
from typing import Any

from matcher.imports.columns import COLUMN_NAMES

IMPORT_URL = "/api/v1/properties/import"


def home_row(ref: str, **overrides: Any) -> dict[str, str]:
    row = {
        "external_ref": ref,
        "title": f"Bungalow {ref}, Shepshed",
        "property_type": "bungalow",
        "living_arrangement": "single_occupancy",
        "max_occupants": "1",
        "bedrooms": "2",
        "accessibility": "C",
        "features": "staff_bedroom; enclosed_garden",
        "assistive_technology": "door_sensors",
        "tenure": "social_rent",
        "weekly_rent": "180",
        "available_from": "2027-01-01",
        "status": "available",
        "location": "Shepshed",
        "care_partner_ids": "",
        "description": "Quiet bungalow.",
    }
    row.update({key: str(value) for key, value in overrides.items()})
    return row


def csv_file(rows: list[dict[str, str]], columns: tuple[str, ...] | list[str] = COLUMN_NAMES) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns))
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return out.getvalue().encode("utf-8")


def xlsx_file(rows: list[dict[str, str]], formulas: dict[tuple[int, str], str] | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMN_NAMES))
    for row in rows:
        sheet.append([row.get(column, "") for column in COLUMN_NAMES])
    for (row_number, column), formula in (formulas or {}).items():
        sheet.cell(row=row_number + 1, column=COLUMN_NAMES.index(column) + 1, value=formula)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "homes.csv") -> dict[str, Any]:
    media = "text/csv" if name.endswith(".csv") else "application/octet-stream"
    return {"files": {"file": (name, data, media)}}
