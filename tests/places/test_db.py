"""Repository, importer and service against the real, migrated PostgreSQL of tests/conftest.py."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

from matcher.errors import InvalidInput
from matcher.places import distance_km, import_postcodes, repository, resolve_place
from matcher.places.postcodes import UnknownPostcodeFormat

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.asyncio
async def test_upsert_is_idempotent_and_folds_duplicates(session) -> None:
    rows = [("LE11 3TU", "unit", 52.77, -1.21), ("LE11", "district", 52.77, -1.2),
            ("LE11 3TU", "unit", 52.78, -1.22)]
    assert await repository.upsert_postcodes(session, rows) == 2
    assert await repository.upsert_postcodes(session, rows) == 2
    assert await repository.count_postcodes(session) == 2
    assert await repository.count_postcodes(session, kind="district") == 1
    assert await repository.find_postcode(session, "LE11 3TU") == (52.78, -1.22)
    assert await repository.find_postcode(session, "LE12 9AB") is None


@pytest.mark.asyncio
async def test_upsert_many_rows_in_batches(session) -> None:
    rows = [(f"LE{d} {s}AA", "unit", 52.0 + d / 100, -1.0) for d in range(1, 100) for s in range(10)]
    rows += [(f"B{d} {s}AB", "unit", 52.5, -1.9) for d in range(1, 100) for s in range(10)] * 6
    assert await repository.upsert_postcodes(session, rows) == 990 * 2
    assert await repository.count_postcodes(session) == 1980


@pytest.mark.asyncio
async def test_import_onspd_twice_gives_the_same_rows(sessionmaker, session) -> None:
    first = await import_postcodes(sessionmaker, FIXTURES / "onspd_sample.csv", progress=False)
    assert (first.imported, first.districts) == (3, 2)
    assert first.skipped == {"bad_number": 1, "invalid_postcode": 1, "no_location": 1, "terminated": 1}
    count = await repository.count_postcodes(session)
    assert count == 5
    second = await import_postcodes(sessionmaker, FIXTURES / "onspd_sample.csv", progress=False)
    assert (second.imported, second.districts, second.skipped) == (3, 2, first.skipped)
    assert await repository.count_postcodes(session) == count
    # LE11 is the mean of its two unit postcodes.
    latitude, longitude = await repository.find_postcode(session, "LE11") or (0.0, 0.0)
    assert latitude == pytest.approx((52.771011 + 52.772140) / 2)
    assert longitude == pytest.approx((-1.211839 - 1.213180) / 2)


@pytest.mark.asyncio
async def test_import_codepoint_districts_and_compressed_files(sessionmaker, session, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    report = await import_postcodes(sessionmaker, FIXTURES / "codepoint_sample.csv", progress=True)
    assert (report.imported, report.districts) == (3, 2)  # LE11, CF10
    assert "codepoint_sample.csv" in capsys.readouterr().err  # the progress bar, on stderr

    gz = tmp_path / "districts.csv.gz"
    gz.write_bytes(gzip.compress((FIXTURES / "districts_sample.csv").read_bytes()))
    report = await import_postcodes(sessionmaker, gz, progress=False)
    assert (report.imported, report.districts) == (0, 2)
    assert report.skipped == {"bad_number": 1, "invalid_postcode": 1, "no_location": 1}
    assert await repository.find_postcode(session, "LE12") == (52.77, -1.28)

    archive = tmp_path / "codepo_gb.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Doc/Code-Point_Open_Column_Headers.csv", "PC,PQ,EA,NO\n")
        z.writestr("Data/CSV/le.csv", (FIXTURES / "codepoint_sample.csv").read_text())
    report = await import_postcodes(sessionmaker, archive, progress=False)
    assert (report.imported, report.districts) == (3, 2)
    assert await repository.count_postcodes(session) == 3 + 3  # LE11 3TU, LE11 3TX, CF10 1AA + 3 districts


@pytest.mark.asyncio
async def test_import_rejects_an_unknown_format(sessionmaker) -> None:
    with pytest.raises(UnknownPostcodeFormat, match="unknown_format.csv"):
        await import_postcodes(sessionmaker, FIXTURES / "unknown_format.csv", progress=False)


@pytest.mark.asyncio
async def test_resolve_postcodes_after_import(sessionmaker, session) -> None:
    await import_postcodes(sessionmaker, FIXTURES / "onspd_sample.csv", progress=False)
    given = {"postcode": "le113tu", "label": "family", "weight": 1.0}
    place = await resolve_place(session, given, "location")
    assert (place.name, place.area) == ("LE11 3TU", "LE11")
    assert (place.latitude, place.longitude) == (52.771011, -1.211839)
    district = await resolve_place(session, {"postcode": "LE11"}, "location")
    assert (district.name, district.area) == ("LE11", "LE11")
    # A unit postcode missing from the data falls back to its district.
    newer = await resolve_place(session, {"postcode": "LE11 9ZZ"}, "location")
    assert (newer.latitude, newer.longitude) == (district.latitude, district.longitude)
    # Neither CF10 1AA nor CF10 was imported: the district shipped with the package answers.
    cardiff = await resolve_place(session, {"postcode": "CF10 1AA"}, "places[2]")
    assert cardiff.area == "CF10"
    assert distance_km((cardiff.latitude, cardiff.longitude), (51.48, -3.18)) < 5
    with pytest.raises(InvalidInput) as caught:
        await resolve_place(session, {"postcode": "ZY9 9AA"}, "places[2]")  # shaped like one, but no such
    assert caught.value.errors[0].field == "places[2].postcode"
    assert "no UK postcode district is called ZY9" in caught.value.errors[0].message


@pytest.mark.asyncio
async def test_a_full_postcode_works_on_a_fresh_install(session) -> None:
    """No postcode data imported: a full postcode is placed at its district, from the shipped data."""
    assert await repository.count_postcodes(session) == 0
    place = await resolve_place(session, {"postcode": "LE11 3TU"}, "location")
    assert (place.name, place.area) == ("LE11 3TU", "LE11")
    assert distance_km((place.latitude, place.longitude), (52.7721, -1.2062)) < 3  # Loughborough
    belfast = await resolve_place(session, {"postcode": "bt1 5gs"}, "location")
    assert distance_km((belfast.latitude, belfast.longitude), (54.597, -5.930)) < 3


@pytest.mark.asyncio
async def test_an_invalid_postcode(session) -> None:
    with pytest.raises(InvalidInput) as caught:
        await resolve_place(session, {"postcode": "ABC"}, "location")
    assert caught.value.errors[0].field == "location.postcode"
    assert '{"name": "Loughborough"}' in caught.value.errors[0].message


@pytest.mark.asyncio
async def test_resolve_names(session) -> None:
    place = await resolve_place(session, {"name": "Loughboro", "radius_km": 20}, "service_area[0]")
    assert (place.name, place.area) == ("Loughborough", "Loughborough")
    assert place.latitude == pytest.approx(52.77, abs=0.01)
    with pytest.raises(InvalidInput) as caught:
        await resolve_place(session, {"name": "Newport, Kent"}, "service_area[0]")
    assert caught.value.status == 422
    error = caught.value.errors[0]
    assert error.field == "service_area[0].name"
    assert '"Newport, Wales"' in error.message
    assert '{"postcode": "LE11 3TU"}' in error.message
    assert caught.value.extra["suggestions"][0] == "Newport, Wales"


@pytest.mark.asyncio
async def test_resolve_coordinates(session) -> None:
    place = await resolve_place(session, {"latitude": 52.7705, "longitude": -1.2045}, "location")
    assert place.area == "Loughborough"
    assert (place.latitude, place.longitude) == (52.7705, -1.2045)
    for bad, path in (({"latitude": 40.0, "longitude": -1.2}, "location.latitude"),
                      ({"latitude": 52.7, "longitude": 12.0}, "location.longitude"),
                      ({"latitude": "52.7", "longitude": -1.2}, "location.latitude"),
                      ({"latitude": True, "longitude": -1.2}, "location.latitude"),
                      ({"latitude": float("nan"), "longitude": -1.2}, "location.latitude"),
                      ({"latitude": 52.7}, "location.latitude")):
        with pytest.raises(InvalidInput) as caught:
            await resolve_place(session, bad, "location")
        assert caught.value.errors[0].field == path


@pytest.mark.asyncio
@pytest.mark.parametrize("place", [{}, {"label": "family"}, {"name": "Leicester", "postcode": "LE11"},
                                   {"name": "Leicester", "latitude": 52.6, "longitude": -1.1}])
async def test_exactly_one_form(session, place: dict[str, object]) -> None:
    with pytest.raises(InvalidInput) as caught:
        await resolve_place(session, place, "location")
    assert caught.value.errors[0].field == "location"
    assert "exactly one form" in caught.value.errors[0].message


def test_distance_km() -> None:
    loughborough, leicester = (52.7721, -1.2062), (52.6386, -1.1317)
    assert distance_km(loughborough, leicester) == pytest.approx(15.7, abs=0.3)
    assert distance_km(loughborough, loughborough) == 0.0


@pytest.mark.asyncio
async def test_a_postcode_given_as_a_name_is_read_as_the_postcode(sessionmaker, session) -> None:
    """Found from outside: a service area given as a postcode is answered as {"name": "LE11 3TU"}, and
    sending that back was refused as an unknown town."""
    await import_postcodes(sessionmaker, FIXTURES / "onspd_sample.csv", progress=False)
    by_postcode = await resolve_place(session, {"postcode": "LE11 3TU"}, "service_area[0]")
    by_name = await resolve_place(session, {"name": "le11 3tu"}, "service_area[0]")
    assert by_name == by_postcode
    town = await resolve_place(session, {"name": "Loughborough"}, "service_area[0]")
    assert town.name == "Loughborough"
