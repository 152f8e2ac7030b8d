"""A landlord imports homes from a spreadsheet: upload, preview (a dry run), confirm, watch progress.

The preview is `POST /properties/import?dry_run=true` in a page: what will be created, updated and left
unchanged, every value read differently from how it was typed, and every error by row and column, in the
landlord's words (`for_people`: the spreadsheet's row numbers, readable labels, never codes). The
upload is kept in PostgreSQL (`matcher.imports.jobs`: any worker may receive the confirm or a poll)
until the landlord confirms; the import then runs in the background and the job page shows how far it
has got (refreshing itself with JavaScript; without it, a
"Check progress" button does the same).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile
from starlette.responses import Response

from matcher.errors import InvalidInput, MatcherError
from matcher.imports import jobs
from matcher.imports.columns import COLUMNS, LIST_SEPARATOR_WORDS
from matcher.imports.homes import import_homes
from matcher.imports.upload import read_upload, too_large
from matcher.imports.wording import for_people
from matcher.settings import Settings
from matcher.web._rendering import render
from matcher.web._routing import PageRoute, ProviderDep, SessionDep, redirect
from matcher.web.provider_pages import _own_organisation

router = APIRouter(route_class=PageRoute, include_in_schema=False)
PAGE = "/provider/homes/import"


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _form_page(request: Request, organisation: object, problem: str | None = None, status: int = 200
               ) -> Response:
    return render(request, "provider/import.html", status_code=status, organisation=organisation,
                  columns=COLUMNS, separator=LIST_SEPARATOR_WORDS, problem=problem,
                  errors=[problem] if problem else [],  # the page's <title> then starts "Error: "
                  max_mb=_settings(request).import_max_bytes // (1024 * 1024),
                  max_rows=_settings(request).import_max_rows)


@router.get(PAGE)
async def import_form(request: Request, session: SessionDep, actor: ProviderDep) -> Response:
    organisation = await _own_organisation(session, actor, "housing")
    return _form_page(request, organisation)


@router.post(PAGE)
async def preview(request: Request, session: SessionDep, actor: ProviderDep) -> Response:
    organisation = await _own_organisation(session, actor, "housing")
    settings = _settings(request)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.import_max_bytes + 64 * 1024:
        return _form_page(request, organisation, too_large(settings.import_max_bytes).detail, 413)
    async with request.form() as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return _form_page(request, organisation, "Choose a CSV or XLSX file to upload", 422)
        try:
            data = await read_upload(upload, settings.import_max_bytes)
        except MatcherError as exc:
            return _form_page(request, organisation, exc.detail, exc.status)
        filename = upload.filename
    try:
        report = await import_homes(session, actor, data, filename, dry_run=True, skip_invalid=False,
                                    max_rows=settings.import_max_rows)
    except MatcherError as exc:
        if exc.status not in (413, 422):
            raise
        message = exc.errors[0].message if isinstance(exc, InvalidInput) and exc.errors else exc.detail
        return _form_page(request, organisation, f"The file cannot be imported: {message}", exc.status)
    token = await jobs.keep_upload(session, actor, organisation.id, data, filename)
    return render(request, "provider/import_preview.html", organisation=organisation,
                  report=for_people(report), token=token, filename=filename,
                  error_rows=len({e.row for e in report.errors}))


@router.post(PAGE + "/confirm")
async def confirm(request: Request, session: SessionDep, actor: ProviderDep) -> Response:
    await _own_organisation(session, actor, "housing")
    form = await request.form()
    token = form.get("token")
    job_id = await jobs.start_import(request.app.state.sessionmaker, actor,
                                     token if isinstance(token, str) else "",
                                     skip_invalid=form.get("skip_invalid") == "yes",
                                     max_rows=_settings(request).import_max_rows)
    return redirect(f"{PAGE}/jobs/{job_id}")


@router.get(PAGE + "/jobs/{job_id}")
async def job_page(job_id: str, request: Request, session: SessionDep, actor: ProviderDep) -> Response:
    organisation = await _own_organisation(session, actor, "housing")
    job = await jobs.job_for(session, actor.user_id, job_id)
    return render(request, "provider/import_job.html", organisation=organisation, job=job)


@router.get(PAGE + "/jobs/{job_id}/progress")
async def job_progress(job_id: str, request: Request, session: SessionDep, actor: ProviderDep) -> Response:
    job = await jobs.job_for(session, actor.user_id, job_id)
    return JSONResponse({"status": job.status, "done": job.done, "total": job.total})
