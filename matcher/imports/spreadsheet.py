"""A CSV or XLSX upload read into rows of text, whatever the spreadsheet program made of the cells.

Nothing here knows about homes: the header row is returned as written, every cell as text (an XLSX date
as ISO 8601, a whole number without ".0", a formula as its text, never evaluated). A file that cannot be
read is an `InvalidInput` naming `file`; one over the row limit is `PayloadTooLarge`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from matcher.errors import InvalidInput, PayloadTooLarge

XLSX_MAGIC = b"PK\x03\x04"
CSV_MEDIA_TYPE = "text/csv"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNREADABLE_WORKBOOK = ("this file cannot be read as an Excel workbook: it may be damaged, or saved in "
                       "another format with an .xlsx name. Open it in Excel and save it again as .xlsx, "
                       "or as .csv")


@dataclass(frozen=True, slots=True)
class Sheet:
    """`rows` are (row number counting data rows from 1, cells by header) for rows with any content;
    `header_row` is the spreadsheet's number of the header row (1 unless empty rows come first), so data
    row n is the spreadsheet's row `header_row + n`."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]
    header_row: int = 1


def _file_error(message: str) -> InvalidInput:
    return InvalidInput.for_field("file", message)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_sheet(data: bytes, filename: str | None, *, max_rows: int) -> Sheet:
    if not data.strip():
        raise _file_error("the file is empty: upload a CSV or XLSX file with a header row and one home a row")
    name = (filename or "").lower()
    if data.startswith(XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        lines = _xlsx_lines(data)
    elif name.endswith(".xls"):
        raise _file_error("old Excel .xls files cannot be read: save the sheet as .xlsx or .csv")
    else:
        lines = _csv_lines(data)
    return _sheet(lines, max_rows)


def _sheet(lines: Iterable[list[str]], max_rows: int) -> Sheet:
    iterator = iter(lines)
    header: list[str] | None = None
    header_row = 0
    for cells in iterator:
        header_row += 1
        if any(cells):
            header = cells
            break
    if header is None:
        raise _file_error("the file has no header row: the first row must name the columns")
    blank = [i + 1 for i, column in enumerate(header) if not column]
    named = [column for column in header if column]
    if len(set(named)) != len(named):
        twice = sorted({c for c in named if named.count(c) > 1})
        raise _file_error(f"these columns appear twice in the header: {', '.join(twice)}")
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(iterator, start=1):
        if not any(cells):
            continue
        if len(rows) >= max_rows:
            raise PayloadTooLarge(
                f"The file has more than {max_rows} homes; split it into files of at most {max_rows} rows."
            )
        extra = [value for value in cells[len(header) :] if value]
        if extra or any(cells[i - 1] for i in blank if i - 1 < len(cells)):
            raise _file_error(f"row {header_row + number} of the spreadsheet has values in a column with no "
                              "name in the header row")
        rows.append((number, {column: (cells[i] if i < len(cells) else "") for i, column in
                              enumerate(header) if column}))
    return Sheet(named, rows, header_row)


def _csv_lines(data: bytes) -> Iterator[list[str]]:
    if b"\x00" in data:
        raise _file_error("this is not a text CSV file (it contains NUL bytes); upload CSV or XLSX")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for cells in reader:
            yield [cell.strip() for cell in cells]
    except csv.Error as exc:
        raise _file_error(f"the CSV cannot be read near line {reader.line_num}: {exc}") from None


def _xlsx_lines(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # read_only streams rows (a huge sheet is never held whole); formulas stay text, never evaluated.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError):
        raise _file_error(UNREADABLE_WORKBOOK) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise _file_error("the workbook has no sheet")
        try:
            for values in sheet.iter_rows(values_only=True):
                yield [cell_text(value) for value in values]
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
            raise _file_error("the workbook's first sheet cannot be read: the file may be damaged. Open it "
                              "in Excel and save it again as .xlsx, or as .csv") from None
    finally:
        workbook.close()
