"""The downloadable template: the header row and one example home, as CSV or XLSX."""

from __future__ import annotations

import csv
import io

from matcher.imports.columns import COLUMNS


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.name for column in COLUMNS])
    writer.writerow([column.example for column in COLUMNS])
    return out.getvalue().encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Homes"
    sheet.append([column.name for column in COLUMNS])
    sheet.append([column.example for column in COLUMNS])
    codes = workbook.create_sheet("Allowed values")
    codes.append(["column", "required", "meaning", "allowed values"])
    for column in COLUMNS:
        required = "yes" if column.required else "no"
        codes.append([column.name, required, column.meaning, "; ".join(column.codes)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
