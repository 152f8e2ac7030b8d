"""The postcode districts shipped with the package (pure: no database)."""

from __future__ import annotations

from matcher.places import distance_km
from matcher.places.districts import district_count, district_position
from matcher.places.postcodes import normalise_postcode


def test_about_three_thousand_districts_each_a_valid_outward_code() -> None:
    from matcher.places.districts import _districts

    assert 2800 <= district_count() <= 3300
    bad = [d for d in _districts() if normalise_postcode(d) != d]
    assert bad == []


def test_districts_are_where_their_towns_are() -> None:
    towns = {"LE11": (52.7721, -1.2062), "SW1A": (51.501, -0.142), "EH1": (55.953, -3.189),
             "CF10": (51.48, -3.18), "BT1": (54.597, -5.930), "ZE1": (60.155, -1.145)}
    for district, town in towns.items():
        found = district_position(district)
        assert found is not None, district
        assert distance_km(found, town) < 6, district


def test_an_unknown_district_has_no_position() -> None:
    assert district_position("ZY9") is None
