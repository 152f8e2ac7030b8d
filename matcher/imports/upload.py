"""An upload read with a size limit: refused (413) as soon as it passes the limit, never read whole first."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request

from matcher.errors import InvalidInput, PayloadTooLarge

_CHUNK = 64 * 1024


def too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"The file is larger than the limit of {limit // (1024 * 1024)} MB "
                           f"({limit} bytes); split it into smaller files.")


async def read_upload(file: UploadFile, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := await file.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_request_file(request: Request, limit: int, field: str = "file") -> tuple[bytes, str | None]:
    """The file of a multipart form (field `file`), or the raw body (text/csv or XLSX media type)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise too_large(limit)
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        async with request.form() as form:  # closes the spooled upload however this ends
            upload = form.get(field)
            if not isinstance(upload, UploadFile):
                raise InvalidInput.for_field(field, "send the spreadsheet as the form's 'file' field")
            return await read_upload(upload, limit), upload.filename
    size, chunks = 0, []
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    name = "upload.xlsx" if "spreadsheetml" in content_type else "upload.csv"
    return b"".join(chunks), name
