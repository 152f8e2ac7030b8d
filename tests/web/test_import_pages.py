"""The import pages over plain HTTP: CSRF on the upload, and another landlord's upload or job is not yours."""

from __future__ import annotations

import asyncio
import re

import httpx
from fastapi import FastAPI

from tests.factories import Factory
from tests.imports.helpers import csv_file, home_row
from tests.web.pages import csrf_token, sign_in

PAGE = "/provider/homes/import"


def _browser(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def _preview(client: httpx.AsyncClient) -> tuple[str, str]:
    token = csrf_token((await client.get(PAGE)).text)
    answer = await client.post(PAGE, data={"csrf_token": token},
                               files={"file": ("homes.csv", csv_file([home_row("A1")]), "text/csv")})
    assert answer.status_code == 200, answer.text
    found = re.search(r'name="token" value="([^"]+)"', answer.text)
    assert found
    return found.group(1), csrf_token(answer.text)


async def test_upload_without_the_form_token_is_refused(app: FastAPI, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    async with _browser(app) as client:
        await sign_in(client, landlord.email)
        files = {"file": ("homes.csv", csv_file([home_row("A1")]), "text/csv")}
        answer = await client.post(PAGE, files=files)
    assert answer.status_code == 403


async def test_only_landlords_see_the_page(app: FastAPI, factory: Factory) -> None:
    care = await factory.provider("care")
    async with _browser(app) as client:
        await sign_in(client, care.email)
        assert (await client.get(PAGE)).status_code == 403


async def test_another_landlord_cannot_confirm_or_watch_an_import(app: FastAPI, factory: Factory) -> None:
    owner = await factory.provider("housing")
    other = await factory.provider("housing")
    async with _browser(app) as mine, _browser(app) as theirs:
        await sign_in(mine, owner.email)
        await sign_in(theirs, other.email)
        upload, _ = await _preview(mine)
        their_form = csrf_token((await theirs.get(PAGE)).text)
        stolen = await theirs.post(f"{PAGE}/confirm", data={"csrf_token": their_form, "token": upload})
        assert stolen.status_code == 404
        _, form = await _preview(mine)
        upload, form = await _preview(mine)
        started = await mine.post(f"{PAGE}/confirm", data={"csrf_token": form, "token": upload})
        assert started.status_code == 303
        job_url = started.headers["location"]
        assert (await mine.get(job_url)).status_code == 200
        assert (await theirs.get(job_url)).status_code == 404
        assert (await theirs.get(f"{job_url}/progress")).status_code == 404
        for _ in range(100):  # the import runs in the background: let it end before the tables are emptied
            progress = (await mine.get(f"{job_url}/progress")).json()
            if progress["status"] in ("done", "failed"):
                break
            await asyncio.sleep(0.1)
        assert progress == {"status": "done", "done": 1, "total": 1}
