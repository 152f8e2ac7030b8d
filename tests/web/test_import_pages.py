"""The import pages over plain HTTP: CSRF on the upload, and another landlord's upload or job is not yours."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.api import create_app
from matcher.db.engine import create_engine, create_sessionmaker
from matcher.db.models import ImportJob
from matcher.imports.jobs import EXPIRED, STOPPED
from matcher.settings import Settings
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


@pytest.fixture
async def other_worker(settings: Settings, database_url: str) -> AsyncIterator[FastAPI]:
    """A second app on the same database with its own engine: like another `matcher serve` worker, it
    shares nothing with the first but PostgreSQL."""
    engine = create_engine(database_url, pool_size=2)
    app = create_app(settings, run_migrations=False)
    app.state.engine = engine
    app.state.sessionmaker = create_sessionmaker(engine)
    yield app
    await engine.dispose()


async def _wait_for_end(client: httpx.AsyncClient, job_url: str) -> dict[str, object]:
    for _ in range(100):  # the import runs in the background: let it end before the tables are emptied
        progress: dict[str, object] = (await client.get(f"{job_url}/progress")).json()
        if progress["status"] in ("done", "failed"):
            return progress
        await asyncio.sleep(0.1)
    raise AssertionError(f"the import did not end: {progress}")


async def _stored(session: AsyncSession, token: str) -> ImportJob | None:
    session.expire_all()
    return (await session.execute(select(ImportJob).where(ImportJob.id == token))).scalar_one_or_none()


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
        assert await _wait_for_end(mine, job_url) == {"status": "done", "done": 1, "total": 1}
        assert (await theirs.get(job_url)).status_code == 404


async def test_another_worker_confirms_and_reports_progress(
    app: FastAPI, other_worker: FastAPI, factory: Factory, session: AsyncSession
) -> None:
    landlord = await factory.provider("housing")
    async with _browser(app) as first, _browser(other_worker) as second:
        await sign_in(first, landlord.email)
        await sign_in(second, landlord.email)
        upload, first_form = await _preview(first)
        kept = await _stored(session, upload)
        assert kept is not None
        assert kept.status == "pending"
        assert kept.data
        assert kept.organisation_id == landlord.organisation_id
        form = csrf_token((await second.get(PAGE)).text)
        started = await second.post(f"{PAGE}/confirm", data={"csrf_token": form, "token": upload})
        assert started.status_code == 303, started.text
        job_url = started.headers["location"]
        again = await first.post(f"{PAGE}/confirm", data={"csrf_token": first_form, "token": upload})
        assert again.status_code == 404  # a confirmed upload cannot be imported twice, from any worker
        assert await _wait_for_end(first, job_url) == {"status": "done", "done": 1, "total": 1}
        for client in (first, second):
            page = await client.get(job_url)
            assert page.status_code == 200
            assert "Import complete" in page.text
            assert "1 new, 0 changed" in page.text
    finished = await _stored(session, upload)
    assert finished is not None
    assert finished.status == "done"
    assert finished.data is None


async def test_an_upload_not_confirmed_within_the_hour_has_expired(
    app: FastAPI, factory: Factory, session: AsyncSession
) -> None:
    landlord = await factory.provider("housing")
    async with _browser(app) as client:
        await sign_in(client, landlord.email)
        upload, form = await _preview(client)
        await session.execute(text("UPDATE import_jobs SET created_at = now() - interval '61 minutes', "
                                   "updated_at = now() - interval '61 minutes' WHERE id = :id"),
                              {"id": upload})
        await session.commit()
        answer = await client.post(f"{PAGE}/confirm", data={"csrf_token": form, "token": upload})
    assert answer.status_code == 404
    assert EXPIRED.split(":")[0] in answer.text
    assert await _stored(session, upload) is None  # deleted, file and all


async def test_a_job_whose_worker_died_reads_as_failed(
    app: FastAPI, factory: Factory, session: AsyncSession
) -> None:
    landlord = await factory.provider("housing")
    async with _browser(app) as client:
        await sign_in(client, landlord.email)
        upload, _ = await _preview(client)
        job_url = f"{PAGE}/jobs/{upload}"
        assert (await client.get(job_url)).status_code == 404  # an upload not confirmed is not a job
        await session.execute(text("UPDATE import_jobs SET status = 'writing', done = 1, total = 3, "
                                   "updated_at = now() - interval '10 minutes' WHERE id = :id"),
                              {"id": upload})
        await session.commit()
        assert (await client.get(f"{job_url}/progress")).json() == {"status": "failed", "done": 1, "total": 3}
        page = await client.get(job_url)
    assert page.status_code == 200
    assert "The import did not finish" in page.text
    assert STOPPED in page.text


async def test_the_check_says_what_each_change_becomes_in_words(app: FastAPI, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    async with _browser(app) as client:
        await sign_in(client, landlord.email)
        token = csrf_token((await client.get(PAGE)).text)
        first = csv_file([home_row("A1", weekly_rent="250", status="let")])
        answer = await client.post(PAGE, data={"csrf_token": token},
                                   files={"file": ("homes.csv", first, "text/csv")})
        upload = re.search(r'name="token" value="([^"]+)"', answer.text)
        assert upload
        started = await client.post(f"{PAGE}/confirm", data={"csrf_token": csrf_token(answer.text),
                                                              "token": upload.group(1)})
        await _wait_for_end(client, started.headers["location"])
        changed = csv_file([home_row("A1", weekly_rent="", status="available")])
        check = await client.post(PAGE, data={"csrf_token": csrf_token(answer.text)},
                                  files={"file": ("homes.csv", changed, "text/csv")})
    assert check.status_code == 200, check.text
    assert "Weekly rent: £250 → blank" in check.text
    assert "Status: Let → Available" in check.text
    assert "a column that is not in the file keeps what is listed now" in check.text


async def _check(client: httpx.AsyncClient, data: bytes) -> str:
    token = csrf_token((await client.get(PAGE)).text)
    answer = await client.post(PAGE, data={"csrf_token": token},
                               files={"file": ("homes.csv", data, "text/csv")})
    assert answer.status_code == 200, answer.text
    return answer.text


def _form_fields(page: str) -> dict[str, str]:
    """The confirm form as a browser sends it: its hidden fields (no box is ticked)."""
    form = page[page.index('action="/provider/homes/import/confirm"'):]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


async def test_one_home_reads_as_one_home(app: FastAPI, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    async with _browser(app) as client:
        await sign_in(client, landlord.email)
        page = await _check(client, csv_file([home_row("A1", property_type="Bungalo")]))
    assert re.search(r">\s*Import 1 home\s*<", page)
    assert "1 homes" not in page
    assert "1 value read as an allowed value" in page


async def test_a_file_with_errors_is_never_a_dead_end(app: FastAPI, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    async with _browser(app) as client:
        await sign_in(client, landlord.email)
        page = await _check(client, csv_file([home_row("A1"), home_row("A2", property_type="spaceship")]))
        assert "Import 1 home and leave out 1 row with errors" in page
        assert 'href="/provider/homes/import">Upload a corrected file' in page
        started = await client.post(f"{PAGE}/confirm", data=_form_fields(page))
        assert started.status_code == 303, started.text
        job_url = started.headers["location"]
        await _wait_for_end(client, job_url)
        done = await client.get(job_url)
        assert "Import complete" in done.text
        assert "1 new, 0 changed" in done.text

        # A confirm that does leave nothing imported (here: the API's skip_invalid left out) says why,
        # lists the errors and leads back to the upload.
        page = await _check(client, csv_file([home_row("A3"), home_row("A4", property_type="spaceship")]))
        fields = {k: v for k, v in _form_fields(page).items() if k != "skip_invalid"}
        job_url = (await client.post(f"{PAGE}/confirm", data=fields)).headers["location"]
        await _wait_for_end(client, job_url)
        blocked = await client.get(job_url)
    assert "Nothing was imported" in blocked.text
    assert "1 row of the file has errors" in blocked.text
    assert "spaceship" in blocked.text
    assert 'href="/provider/homes/import"' in blocked.text
    assert "1 errors" not in blocked.text


async def test_the_upload_page_with_a_problem_is_titled_error(app: FastAPI, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    async with _browser(app) as client:
        await sign_in(client, landlord.email)
        token = csrf_token((await client.get(PAGE)).text)
        answer = await client.post(PAGE, data={"csrf_token": token},
                                   files={"file": ("homes.csv", b"colour\nred\n", "text/csv")})
    assert answer.status_code == 422
    assert re.search(r"<title>Error: Import homes", answer.text)


def _table(page: str, label: str) -> list[list[str]]:
    """The cells of the table with this aria-label, row by row, as text."""
    table = page[page.index(f'aria-label="{label}"'):]
    table = table[table.index("<tbody"): table.index("</tbody>")]
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)]


async def test_the_pages_number_rows_as_the_spreadsheet_does(app: FastAPI, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    data = csv_file([home_row("A1"), home_row("A2", property_type="spaceship"), home_row("A1")])
    async with _browser(app) as client:
        await sign_in(client, landlord.email)
        page = await _check(client, data)
        fields = {k: v for k, v in _form_fields(page).items() if k != "skip_invalid"}
        job_url = (await client.post(f"{PAGE}/confirm", data=fields)).headers["location"]
        await _wait_for_end(client, job_url)
        blocked = (await client.get(job_url)).text
    errors = _table(page, "Errors by row and column")
    assert [(row[0], row[1]) for row in errors] == [("3", "property_type"), ("4", "external_ref")]
    assert "already used by row 2 of the spreadsheet" in errors[1][2]
    assert [row[0] for row in _table(page, "What will happen to each row")] == ["2", "3", "4"]
    assert [(row[0], row[1]) for row in _table(blocked, "Errors by row and column")] == [
        ("3", "property_type"), ("4", "external_ref")]
    assert "already used by row 2 of the spreadsheet" in blocked


async def test_the_pages_say_values_in_words_while_the_api_keeps_its_codes(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord = await factory.provider("housing")
    data = csv_file([home_row("A1", living_arrangement="single", features="garden; no garden"),
                     home_row("A2", features="space for two staf", tenure="supported exempt")])
    async with _browser(app) as browser:
        await sign_in(browser, landlord.email)
        page = await _check(browser, data)
    errors = [row[2] for row in _table(page, "Errors by row and column")]
    assert any("Single occupancy, Shared home" in message for message in errors), errors
    assert any("Private garden" in message for message in errors), errors
    for message in errors:
        assert "single_occupancy" not in message
        assert "ground_floor_bedroom" not in message
    read_as = [row[3] for row in _table(page, "Values read as allowed values")]
    assert "Room for 2:1 support" in read_as
    assert "Specified supported housing (exempt)" in read_as
    assert not {"space_for_two_staff", "supported_exempt"} & set(read_as)

    api = (await client.post("/api/v1/properties/import?dry_run=true", headers=landlord.headers,
                             files={"file": ("homes.csv", data, "text/csv")})).json()
    assert any("single_occupancy, shared" in e["message"] for e in api["errors"])
    assert {"space_for_two_staff", "supported_exempt"} <= {n["to"] for n in api["normalised"]}
    assert set(api["errors"][0]) == {"row", "field", "message"}


async def test_the_words_the_home_form_shows_are_read_by_the_import(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord = await factory.provider("housing")
    async with _browser(app) as browser:
        await sign_in(browser, landlord.email)
        form = (await browser.get("/provider/homes/new")).text
    shown = re.findall(r'name="([a-z_]+)" type="(?:radio|checkbox)" value="([^"]*)"[^>]*>\s*'
                       r'<label[^>]*>([^<]+)</label>', form)
    columns = {"property_type", "living_arrangement", "features", "assistive_technology", "tenure", "status"}
    pairs = [(name, code, html.unescape(words).strip()) for name, code, words in shown if name in columns]
    assert {name for name, _, _ in pairs} == columns
    assert ("living_arrangement", "single_occupancy", "One person on their own") in pairs
    rows = [home_row(f"A{i}", **{name: words}, **({"max_occupants": "2"} if code == "shared" else {}))
            for i, (name, code, words) in enumerate(pairs)]
    rows.append(home_row("CASE", living_arrangement="On their own"))  # the case form's words
    report = (await client.post("/api/v1/properties/import?dry_run=true", headers=landlord.headers,
                                files={"file": ("homes.csv", csv_file(rows), "text/csv")})).json()
    assert report["errors"] == []
    read = {(n["field"], n["from"]): n["to"] for n in report["normalised"]}
    for name, code, words in pairs:
        assert read.get((name, words), code) == code, (name, words)


async def test_file_and_care_partner_problems_say_what_a_landlord_can_do(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord = await factory.provider("housing")
    not_a_zip = ("homes.xlsx", b"PK\x03\x04 no zip", "application/octet-stream")
    broken = await client.post("/api/v1/properties/import?dry_run=true", headers=landlord.headers,
                               files={"file": not_a_zip})
    assert broken.status_code == 422
    assert "BadZip" not in broken.text
    async with _browser(app) as browser:
        await sign_in(browser, landlord.email)
        token = csrf_token((await browser.get(PAGE)).text)
        answer = await browser.post(PAGE, data={"csrf_token": token},
                                    files={"file": ("homes.xlsx", b"PK\x03\x04 no zip", "text/csv")})
        page = await _check(browser, csv_file([home_row("A1", care_partner_ids="Nobody Care")]))
    assert answer.status_code == 422
    assert "BadZip" not in answer.text
    assert "Excel" in answer.text
    problem = _table(page, "Errors by row and column")[0][2]
    assert "Nobody Care" in problem
    assert "directory" not in problem
