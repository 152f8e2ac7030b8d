"""POST /properties/import: a landlord's homes from CSV or XLSX, previewed, normalised, idempotent."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.db.models import MarketplaceVersion, Property
from tests.factories import Factory, property_body
from tests.imports.helpers import IMPORT_URL, csv_file, home_row, upload, xlsx_file


async def _homes(sessionmaker: async_sessionmaker[AsyncSession]) -> list[Property]:
    async with sessionmaker() as session:
        return list((await session.execute(select(Property).order_by(Property.external_ref))).scalars())


async def _version(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.max(MarketplaceVersion.version))) or 0)


async def test_dry_run_reports_and_writes_nothing(
    client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    landlord = await factory.provider("housing")
    data = csv_file([home_row("A1"), home_row("A2", property_type="Bungalo", features="staff bedroom")])
    answer = await client.post(f"{IMPORT_URL}?dry_run=true", headers=landlord.headers, **upload(data))
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert (report["created"], report["updated"], report["unchanged"]) == (2, 0, 0)
    assert report["errors"] == []
    assert {"row": 2, "field": "property_type", "from": "Bungalo", "to": "bungalow"} in report["normalised"]
    staff = {"row": 2, "field": "features", "from": "staff bedroom", "to": "staff_bedroom"}
    assert staff in report["normalised"]
    assert report["written"] is False
    assert await _homes(sessionmaker) == []


async def test_import_creates_then_reimport_is_unchanged_and_a_changed_row_updates_that_home_only(
    client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    landlord = await factory.provider("housing")
    rows = [home_row("A1"), home_row("A2", location="52.77, -1.30")]
    first = await client.post(IMPORT_URL, headers=landlord.headers, **upload(csv_file(rows)))
    assert first.status_code == 200, first.text
    assert (first.json()["created"], first.json()["written"]) == (2, True)
    homes = await _homes(sessionmaker)
    assert [h.external_ref for h in homes] == ["A1", "A2"]
    assert homes[1].location == {"latitude": 52.77, "longitude": -1.3}
    before = {h.external_ref: h.updated_at for h in homes}
    version = await _version(sessionmaker)

    again = (await client.post(IMPORT_URL, headers=landlord.headers, **upload(csv_file(rows)))).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert await _version(sessionmaker) == version  # nothing written, nothing for the index to refresh

    rows[1] = home_row("A2", location="52.77, -1.30", weekly_rent="195.50", bedrooms="3")
    changed = (await client.post(IMPORT_URL, headers=landlord.headers, **upload(csv_file(rows)))).json()
    assert (changed["created"], changed["updated"], changed["unchanged"]) == (0, 1, 1)
    assert [r["changed"] for r in changed["rows"] if r["action"] == "update"] == [["bedrooms", "weekly_rent"]]
    after = {h.external_ref: h for h in await _homes(sessionmaker)}
    assert len(after) == 2
    assert (after["A2"].weekly_rent, after["A2"].bedrooms) == (195.5, 3)
    assert after["A1"].updated_at == before["A1"]
    assert after["A2"].updated_at > before["A2"]
    assert await _version(sessionmaker) > version  # the listing change was recorded for the search index


async def test_a_bad_row_blocks_the_import_unless_skip_invalid(
    client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    landlord = await factory.provider("housing")
    data = csv_file([home_row("A1"), home_row("A2", property_type="spaceship", bedrooms="lots"),
                     home_row("A3", location="Nowhereville-on-Sea")])
    blocked = await client.post(IMPORT_URL, headers=landlord.headers, **upload(data))
    assert blocked.status_code == 422
    body = blocked.json()
    assert body["written"] is False
    assert {(e["row"], e["field"]) for e in body["errors"]} == {
        (2, "property_type"), (2, "bedrooms"), (3, "location")}
    assert "spaceship" in next(e["message"] for e in body["errors"] if e["field"] == "property_type")
    assert await _homes(sessionmaker) == []

    skipped = await client.post(f"{IMPORT_URL}?skip_invalid=true", headers=landlord.headers, **upload(data))
    assert skipped.status_code == 200
    assert skipped.json()["created"] == 1
    assert [h.external_ref for h in await _homes(sessionmaker)] == ["A1"]


async def test_only_the_landlords_own_homes_change(
    client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    landlord = await factory.provider("housing")
    other = await factory.provider("housing")
    assert other.organisation_id is not None
    theirs = await client.post("/api/v1/properties", headers=other.headers,
                               json=property_body(other.organisation_id, external_ref="A1", weekly_rent=99.0))
    assert theirs.status_code == 201, theirs.text
    report = (await client.post(IMPORT_URL, headers=landlord.headers,
                                **upload(csv_file([home_row("A1", weekly_rent="250")])))).json()
    assert report["created"] == 1  # the same key in another organisation is another home
    homes: dict[tuple[Any, Any], Property] = {
        (h.organisation_id, h.external_ref): h for h in await _homes(sessionmaker)}
    assert homes[(other.organisation_id, "A1")].weekly_rent == 99.0
    assert homes[(landlord.organisation_id, "A1")].weekly_rent == 250.0


async def test_who_may_import(client: httpx.AsyncClient, factory: Factory) -> None:
    data = csv_file([home_row("A1")])
    care = await factory.provider("care")
    commissioner = await factory.commissioner()
    admin = await factory.admin()
    for member in (care, commissioner, admin):
        answer = await client.post(IMPORT_URL, headers=member.headers, **upload(data))
        assert answer.status_code == 403, (member.role, answer.text)
    assert (await client.post(IMPORT_URL, **upload(data))).status_code == 401


async def test_xlsx_formula_cells_are_stored_as_text_and_never_echoed_as_formulas(
    client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    landlord = await factory.provider("housing")
    formula = '=HYPERLINK("http://evil.example","Click")'
    data = xlsx_file([home_row("A1"), home_row("A2")],
                     formulas={(1, "title"): formula, (2, "property_type"): formula})
    answer = await client.post(f"{IMPORT_URL}?skip_invalid=true", headers=landlord.headers,
                               **upload(data, "homes.xlsx"))
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert [h.title for h in await _homes(sessionmaker)] == [formula]
    error = next(e for e in report["errors"] if e["row"] == 2)
    assert error["field"] == "property_type"
    echoed = [r["title"] for r in report["rows"]] + [e["message"] for e in report["errors"]]
    assert all(not text.startswith(("=", "+", "-", "@")) for text in echoed)
    assert f"'{formula}" in [r["title"] for r in report["rows"]]


async def test_huge_and_malformed_files_are_413_and_422_with_clear_messages(
    client: httpx.AsyncClient, factory: Factory, app
) -> None:
    landlord = await factory.provider("housing")
    app.state.settings.import_max_bytes = 2000
    huge = csv_file([home_row(f"A{i}") for i in range(100)])
    answer = await client.post(IMPORT_URL, headers=landlord.headers, **upload(huge))
    assert answer.status_code == 413
    assert "limit" in answer.json()["detail"]
    app.state.settings.import_max_bytes = 10_000_000
    app.state.settings.import_max_rows = 5
    rows = await client.post(IMPORT_URL, headers=landlord.headers, **upload(huge))
    assert rows.status_code == 413
    assert "more than 5 homes" in rows.json()["detail"]
    bad_files = {
        "not.xlsx": b"PK\x03\x04 this is no zip",
        "empty.csv": b"",
        "binary.csv": b"\x00\x01\x02 nul bytes",
        "nocolumns.csv": b"colour,size\nred,big\n",
        "old.xls": b"\xd0\xcf\x11\xe0 old excel",
        "header-only.csv": csv_file([]),
    }
    for name, data in bad_files.items():
        answer = await client.post(IMPORT_URL, headers=landlord.headers, **upload(data, name))
        assert answer.status_code == 422, (name, answer.status_code, answer.text)
        assert answer.json()["errors"][0]["field"] == "file", name
        assert answer.json()["detail"].startswith("file: "), name


async def test_template_downloads_have_every_column(client: httpx.AsyncClient) -> None:
    from matcher.imports.columns import COLUMN_NAMES

    as_csv = await client.get(f"{IMPORT_URL}/template")
    assert as_csv.status_code == 200
    assert as_csv.text.splitlines()[0].split(",") == list(COLUMN_NAMES)
    as_xlsx = await client.get(f"{IMPORT_URL}/template?format=xlsx")
    assert as_xlsx.content.startswith(b"PK")


async def test_the_template_imports_as_is(client: httpx.AsyncClient, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    template = (await client.get(f"{IMPORT_URL}/template")).content
    report = (await client.post(f"{IMPORT_URL}?dry_run=true", headers=landlord.headers,
                                **upload(template))).json()
    assert (report["created"], report["errors"]) == (1, [])


async def test_a_raw_csv_body_imports_like_a_form_upload(client: httpx.AsyncClient, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    answer = await client.post(f"{IMPORT_URL}?dry_run=true", content=csv_file([home_row("A1")]),
                               headers={**landlord.headers, "Content-Type": "text/csv"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["created"] == 1


async def test_a_reserved_home_keeps_its_reservation_and_refuses_available(
    client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    landlord = await factory.provider("housing")
    commissioner = await factory.commissioner()
    await client.post(IMPORT_URL, headers=landlord.headers, **upload(csv_file([home_row("A1")])))
    home = (await _homes(sessionmaker))[0]
    case = await client.post("/api/v1/cases", headers=commissioner.headers, json={
        "reference": "LEI-1", "location": {"places": [{"name": "Shepshed"}], "max_distance_km": 40},
        "pen_picture": {"age_band": "25-34", "gender": "male", "client_groups": ["autism"],
                        "staffing": {"day_ratio": "1:1", "night": "sleep_in", "staff_gender": None},
                        "required_pbs_level": 0, "narrative": "Likes walks."},
        "housing_spec": {"living_arrangement": ["single_occupancy"]}})
    assert case.status_code == 201, case.text
    held = await client.post(f"/api/v1/properties/{home.id}/reservation", headers=commissioner.headers,
                             json={"case_id": case.json()["id"]})
    assert held.status_code == 201, held.text
    same = (await client.post(IMPORT_URL, headers=landlord.headers,
                              **upload(csv_file([home_row("A1")])))).json()
    assert same["unchanged"] == 1  # "available" in the file does not undo a reservation
    for status in ("withdrawn", "let"):  # a reservation is released from the case, never by an import
        moved = await client.post(IMPORT_URL, headers=landlord.headers,
                                  **upload(csv_file([home_row("A1", status=status)])))
        assert moved.status_code == 422, status
        assert moved.json()["errors"][0]["field"] == "status"
        assert "reserved" in moved.json()["errors"][0]["message"]
    no_status = csv_file([home_row("A1", weekly_rent="200")], columns=_REQUIRED_ONLY + ("weekly_rent",))
    rent = await client.post(IMPORT_URL, headers=landlord.headers, **upload(no_status))
    assert rent.status_code == 200, rent.text
    assert [r["changed"] for r in rent.json()["rows"]] == [["weekly_rent"]]
    assert (await _homes(sessionmaker))[0].status == "reserved"


_REQUIRED_ONLY = ("external_ref", "title", "property_type", "living_arrangement", "bedrooms", "location")


async def test_a_column_left_out_of_the_file_keeps_the_listed_value(
    client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    landlord = await factory.provider("housing")
    full = home_row("A1", weekly_rent="250", status="let", features="wet_room; level_access",
                    description="Near the park.", available_from="2027-03-01", max_occupants="1")
    first = await client.post(IMPORT_URL, headers=landlord.headers, **upload(csv_file([full])))
    assert first.status_code == 200, first.text
    short = csv_file([home_row("A1")], columns=_REQUIRED_ONLY)
    again = await client.post(IMPORT_URL, headers=landlord.headers, **upload(short))
    assert again.status_code == 200, again.text
    assert (again.json()["updated"], again.json()["unchanged"]) == (0, 1)
    home = (await _homes(sessionmaker))[0]
    assert (home.weekly_rent, home.status, home.description) == (250.0, "let", "Near the park.")
    assert home.features == ["wet_room", "level_access"]
    assert str(home.available_from)[:10] == "2027-03-01"


async def test_an_empty_cell_clears_an_optional_value_but_a_blank_status_keeps_the_status(
    client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    landlord = await factory.provider("housing")
    await client.post(IMPORT_URL, headers=landlord.headers,
                      **upload(csv_file([home_row("A1", weekly_rent="250", status="let")])))
    data = csv_file([home_row("A1", weekly_rent="", status="", features="")])
    preview = (await client.post(f"{IMPORT_URL}?dry_run=true", headers=landlord.headers,
                                 **upload(data))).json()
    row = preview["rows"][0]
    assert (row["action"], row["changed"]) == ("update", ["features", "weekly_rent"])
    assert [(c["label"], c["before"], c["after"]) for c in row["changes"]] == [
        ("Features", "Staff bedroom (sleep-in room), Enclosed garden", "blank"),
        ("Weekly rent", "£250", "blank")]
    answer = await client.post(IMPORT_URL, headers=landlord.headers, **upload(data))
    assert answer.status_code == 200, answer.text
    home = (await _homes(sessionmaker))[0]
    assert (home.weekly_rent, home.features, home.status) == (None, [], "let")


async def test_a_let_home_is_relisted_only_when_the_file_says_available(
    client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    landlord = await factory.provider("housing")
    await client.post(IMPORT_URL, headers=landlord.headers,
                      **upload(csv_file([home_row("A1", status="let")])))
    relist = (await client.post(f"{IMPORT_URL}?dry_run=true", headers=landlord.headers,
                                **upload(csv_file([home_row("A1", status="available")])))).json()
    assert [(c["label"], c["before"], c["after"]) for c in relist["rows"][0]["changes"]] == [
        ("Status", "Let", "Available")]


async def test_list_cells_split_on_commas_semicolons_and_line_breaks(
    client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    landlord = await factory.provider("housing")
    data = csv_file([home_row("A1", features="wet room, level access", tenure="social rent"),
                     home_row("A2", features="wet room; level access\nstaff bedroom",
                              assistive_technology="door sensors,\ntelecare"),
                     home_row("A3", features="wet room, spaceship")])
    answer = await client.post(f"{IMPORT_URL}?skip_invalid=true", headers=landlord.headers, **upload(data))
    assert answer.status_code == 200, answer.text
    homes = {h.external_ref: h for h in await _homes(sessionmaker)}
    assert homes["A1"].features == ["wet_room", "level_access"]
    assert homes["A2"].features == ["wet_room", "level_access", "staff_bedroom"]
    assert homes["A2"].assistive_technology == ["door_sensors", "telecare"]
    errors = answer.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(3, "features")]
    assert "spaceship" in errors[0]["message"]
    assert "A3" not in homes


async def test_cells_are_read_as_people_write_them_and_problems_are_said_in_words(
    client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    landlord = await factory.provider("housing")
    oak = await factory.organisation("care", name="Oak Tree Care")
    await factory.organisation("care", name="Elm Support")
    await factory.organisation("care", name="Elm Support North")
    data = csv_file([
        home_row("A1", weekly_rent="£250 pw", care_partner_ids="oak tree care", available_from="31/01/2027"),
        home_row("A2", weekly_rent="250 per week", care_partner_ids=str(oak)),
        home_row("A3", weekly_rent="lots", available_from="31/02/2027", care_partner_ids="Nobody Care"),
        home_row("A4", location="Nowhereville-on-Sea", bedrooms="many", weekly_rent="£1,000 pcm"),
        home_row("A5", available_from="soon", care_partner_ids="Elm", title="", max_occupants="3"),
    ])
    answer = await client.post(f"{IMPORT_URL}?skip_invalid=true", headers=landlord.headers, **upload(data))
    assert answer.status_code == 200, answer.text
    homes = {h.external_ref: h for h in await _homes(sessionmaker)}
    assert sorted(str(ref) for ref in homes) == ["A1", "A2"]
    assert (homes["A1"].weekly_rent, homes["A2"].weekly_rent) == (250.0, 250.0)
    assert homes["A1"].care_partner_ids == homes["A2"].care_partner_ids == [oak]
    errors = {(e["row"], e["field"]): e["message"] for e in answer.json()["errors"]}
    assert sorted(errors) == [(3, "available_from"), (3, "care_partner_ids"), (3, "weekly_rent"),
                              (4, "bedrooms"), (4, "location"), (4, "weekly_rent"),
                              (5, "available_from"), (5, "care_partner_ids"), (5, "max_occupants"),
                              (5, "title")]
    for message in errors.values():
        assert "Input should" not in message, message
        assert "UUID" not in message, message
        assert "{" not in message, message
    assert errors[(3, "available_from")] == "31/02/2027 is not a real date"
    assert errors[(3, "weekly_rent")].startswith("Weekly rent must be an amount in pounds a week, like 180")
    assert "Nobody Care" in errors[(3, "care_partner_ids")]
    assert "Nowhereville-on-Sea" in errors[(4, "location")]
    assert "a week" in errors[(4, "weekly_rent")]
    assert errors[(4, "bedrooms")].startswith("Bedrooms must be a whole number")
    assert "Elm Support, Elm Support North" in errors[(5, "care_partner_ids")]
    assert errors[(5, "title")] == "Title is required: the cell is empty"
    assert errors[(5, "max_occupants")] == "Max occupants must be 1 for a home lived in alone"
    normalised = {(n["row"], n["field"]): (n["from"], n["to"]) for n in answer.json()["normalised"]}
    assert normalised[(1, "weekly_rent")] == ("£250 pw", "250")
    assert normalised[(1, "care_partner_ids")] == ("oak tree care", "Oak Tree Care")


async def test_xlsx_date_cells_are_read_as_dates(
    client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    import io
    from datetime import datetime

    from openpyxl import Workbook

    from matcher.imports.columns import COLUMN_NAMES

    landlord = await factory.provider("housing")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMN_NAMES))
    for ref, when in (("A1", datetime(2027, 1, 1, 9, 30)), ("A2", 46388)):  # a time of day; a date number
        cells = home_row(ref)
        sheet.append([when if column == "available_from" else cells[column] for column in COLUMN_NAMES])
    out = io.BytesIO()
    workbook.save(out)
    answer = await client.post(IMPORT_URL, headers=landlord.headers, **upload(out.getvalue(), "homes.xlsx"))
    assert answer.status_code == 200, answer.text
    assert [str(h.available_from)[:10] for h in await _homes(sessionmaker)] == ["2027-01-01", "2027-01-01"]


async def test_the_same_import_sent_several_times_at_once_stores_one_home_and_never_fails(
    client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    import asyncio

    landlord = await factory.provider("housing")
    data = csv_file([home_row("NEW-1")])
    answers = await asyncio.gather(*(client.post(IMPORT_URL, headers=landlord.headers, **upload(data))
                                     for _ in range(6)))
    assert [a.status_code for a in answers] == [200] * 6, [a.text for a in answers if a.status_code != 200]
    counts = sorted((a.json()["created"], a.json()["unchanged"]) for a in answers)
    assert counts == [(0, 1)] * 5 + [(1, 0)]  # the first creates it; the others find it and change nothing
    assert [h.external_ref for h in await _homes(sessionmaker)] == ["NEW-1"]


async def test_homes_listed_at_once_with_one_reference_are_one_home_and_a_409_never_a_500(
    client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    import asyncio

    landlord = await factory.provider("housing")
    assert landlord.organisation_id is not None
    body = property_body(landlord.organisation_id, external_ref="NEW-1")
    answers = await asyncio.gather(
        *(client.post("/api/v1/properties", headers=landlord.headers, json=body) for _ in range(3)),
        *(client.post(IMPORT_URL, headers=landlord.headers, **upload(csv_file([home_row("NEW-1")])))
          for _ in range(3)))
    assert all(a.status_code in (200, 201, 409) for a in answers), [a.text for a in answers]
    conflicts = [a for a in answers if a.status_code == 409]
    assert all(a.headers["content-type"] == "application/problem+json" for a in conflicts)
    assert [h.external_ref for h in await _homes(sessionmaker)] == ["NEW-1"]
