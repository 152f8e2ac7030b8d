"""Homes in bulk: `POST /properties/import` (CSV or XLSX) and its template.

Registered before `properties` so `/properties/import/...` is not read as a property id."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from matcher.api.deps import ActorDep, SettingsDep
from matcher.api.problems import problem
from matcher.db.engine import SessionDep
from matcher.imports.homes import import_homes
from matcher.imports.schemas import ImportReport
from matcher.imports.spreadsheet import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE
from matcher.imports.template import template_csv, template_xlsx
from matcher.imports.upload import read_request_file

router = APIRouter(tags=["properties"])


@router.post(
    "/properties/import",
    response_model=ImportReport,
    responses={413: {"description": "file over the size or row limit"},
               422: {"description": "unreadable file, or row errors blocked the import (the report)"}},
    openapi_extra={"requestBody": {"required": True, "content": {
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                           "properties": {"file": {"type": "string", "format": "binary"}}}},
        CSV_MEDIA_TYPE: {"schema": {"type": "string"}},
        XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
    }}},
)
async def import_properties(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
    dry_run: Annotated[bool, Query(description="true: report what would change, write nothing")] = False,
    skip_invalid: Annotated[bool, Query(description="import the valid rows anyway")] = False,
) -> Response:
    """A multipart form with the spreadsheet as `file`, or the raw CSV/XLSX as the body."""
    data, filename = await read_request_file(request, settings.import_max_bytes)
    report = await import_homes(session, actor, data, filename, dry_run=dry_run, skip_invalid=skip_invalid,
                                max_rows=settings.import_max_rows)
    body = report.model_dump(mode="json", by_alias=True)
    if not dry_run and not report.written:
        detail = (f"Nothing was imported: {len({e.row for e in report.errors})} rows have errors. Fix them, "
                  "or send skip_invalid=true to import the other rows.")
        return problem(422, "Rows with errors", detail, **body)
    return JSONResponse(body)


@router.get("/properties/import/template", response_class=Response)
async def import_template(format: Literal["csv", "xlsx"] = "csv") -> Response:
    """The columns and one example home; the XLSX has a second sheet with every allowed value."""
    if format == "xlsx":
        return Response(template_xlsx(), media_type=XLSX_MEDIA_TYPE,
                        headers={"Content-Disposition": 'attachment; filename="homes-template.xlsx"'})
    return Response(template_csv(), media_type=CSV_MEDIA_TYPE,
                    headers={"Content-Disposition": 'attachment; filename="homes-template.csv"'})
