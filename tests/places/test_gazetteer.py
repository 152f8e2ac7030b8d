"""The built-in gazetteer: pure, no database."""

from __future__ import annotations

import pytest

from matcher.places import PlaceNotFound, Town, get_gazetteer, load_gazetteer
from matcher.places.gazetteer import name_key


@pytest.fixture(scope="module")
def gazetteer():
    return get_gazetteer()


def test_is_loaded_once_and_is_big_enough(gazetteer) -> None:
    assert get_gazetteer() is gazetteer
    assert len(gazetteer) > 5000


@pytest.mark.parametrize(("query", "name", "country"), [
    ("Loughborough", "Loughborough", "England"),
    ("loughborough", "Loughborough", "England"),
    ("  LOUGHBOROUGH ", "Loughborough", "England"),
    ("Shepshed", "Shepshed", "England"),
    ("Cardiff", "Cardiff", "Wales"),
    ("Wrexham", "Wrexham", "Wales"),
    ("Swansea", "Swansea", "Wales"),
    ("Aberystwyth", "Aberystwyth", "Wales"),
    ("Edinburgh", "Edinburgh", "Scotland"),
    ("Belfast", "Belfast", "Northern Ireland"),
    ("St. Albans", "St Albans", "England"),
    ("Saint Albans", "St Albans", "England"),
    ("stratford upon avon", "Stratford-upon-Avon", "England"),
])
def test_exact_names_ignore_case_and_punctuation(gazetteer, query: str, name: str, country: str) -> None:
    town = gazetteer.resolve(query)
    assert (town.name, town.qualifier) == (name, country)


@pytest.mark.parametrize(("query", "name"), [
    ("Loughboro", "Loughborough"),
    ("Loughbrough", "Loughborough"),
    ("Leicster", "Leicester"),
    ("Notingham", "Nottingham"),
    ("Oxfrod", "Oxford"),
    ("Swansee", "Swansea"),
    ("Edinbrugh", "Edinburgh"),
    ("Shepshead", "Shepshed"),
    ("Melton", "Melton Mowbray"),
])
def test_fuzzy_and_shortened_names(gazetteer, query: str, name: str) -> None:
    assert gazetteer.resolve(query).name == name


@pytest.mark.parametrize(("query", "name"), [
    ("Newcastle", "Newcastle upon Tyne"),
    ("Stoke", "Stoke-on-Trent"),
    ("Southend", "Southend-on-Sea"),
    ("Hull", "Kingston upon Hull"),
    ("Caerdydd", "Cardiff"),
    ("Londonderry", "Derry"),
])
def test_everyday_and_alternate_names(gazetteer, query: str, name: str) -> None:
    assert gazetteer.resolve(query).name == name


def test_an_ambiguous_name_is_the_largest_place(gazetteer) -> None:
    newports = gazetteer.towns_named("Newport")
    assert len(newports) > 3
    town = gazetteer.resolve("Newport")
    assert town.population == max(t.population for t in newports)
    assert (town.qualifier, town.county) == ("Wales", "Newport")
    assert gazetteer.resolve("Bangor").qualifier == "Northern Ireland"


@pytest.mark.parametrize(("query", "country", "county"), [
    ("Newport, Wales", "Wales", "Newport"),
    ("Newport, Isle of Wight", "England", "Isle of Wight"),
    ("newport, isle of wight", "England", "Isle of Wight"),
    ("Newport (Pembrokeshire)", "Wales", "Pembrokeshire"),
    ("Newport, Pembrokeshire, Wales", "Wales", "Pembrokeshire"),
    ("Newport, England", "England", "Isle of Wight"),
    ("Newport, Essex", "England", "Essex"),
    ("Bangor, Wales", "Wales", "Gwynedd"),
    ("Bangor, Gwynedd", "Wales", "Gwynedd"),
    ("Bangor, Cymru", "Wales", "Gwynedd"),
    ("Bangor, County Down", "Northern Ireland", "North Down District"),
    ("Newcastle, Northern Ireland", "Northern Ireland", "Down District"),
    ("Newprt, Wales", "Wales", "Newport"),
    ("Cardiff, UK", "Wales", "Cardiff"),
])
def test_qualified_by_country_or_county(gazetteer, query: str, country: str, county: str) -> None:
    town = gazetteer.resolve(query)
    assert (town.qualifier, town.county) == (country, county)


def test_unknown_name_raises_with_suggestions(gazetteer) -> None:
    with pytest.raises(PlaceNotFound) as caught:
        gazetteer.resolve("Lboro")
    assert caught.value.query == "Lboro"
    assert 1 <= len(caught.value.suggestions) <= 5
    assert "Lboro" in str(caught.value)


def test_a_known_name_with_a_wrong_qualifier_suggests_that_names_places(gazetteer) -> None:
    with pytest.raises(PlaceNotFound) as caught:
        gazetteer.resolve("Newport, Kent")
    assert caught.value.suggestions[:2] == ["Newport, Wales", "Newport, Isle of Wight"]


@pytest.mark.parametrize("query", ["Xyzzyq", "", "   ", ",,", "Whitwick"])
def test_nonsense_and_absent_villages_do_not_match_something_else(gazetteer, query: str) -> None:
    with pytest.raises(PlaceNotFound):
        gazetteer.resolve(query)


def test_suggest_ranks_close_names(gazetteer) -> None:
    assert gazetteer.suggest("Leicster")[0] == "Leicester"
    assert gazetteer.suggest("Xyzzyq") == []
    assert len(gazetteer.suggest("Newport", limit=3)) == 3


def test_every_label_resolves_to_its_own_town(gazetteer) -> None:
    """Suggestions are labels, so each must lead back to its place (or a bigger one of the same label).
    A few small places have no county in GeoNames; their label can only name the country."""
    for town in gazetteer.towns:
        label = gazetteer.label(town)
        found = gazetteer.resolve(label)
        assert found.population >= town.population
        if town.county:
            assert gazetteer.label(found) == label, (town, found)
        else:
            assert (found.name, found.qualifier) == (town.name, town.qualifier)


def test_nearest_names_the_area_of_a_coordinate(gazetteer) -> None:
    assert gazetteer.nearest(52.7705, -1.2045).name == "Loughborough"
    assert gazetteer.nearest(52.766, -1.29).name == "Shepshed"
    assert gazetteer.nearest(51.48, -3.18).name == "Cardiff"
    assert gazetteer.nearest(52.766, -1.29, min_population=50_000).name == "Loughborough"


def test_a_small_gazetteer_from_lines() -> None:
    lines = [
        "# comment\n",
        "name\tcountry\tcounty\tlatitude\tlongitude\tpopulation\talternates\n",
        "Aber\tWales\tGwynedd\t53.2\t-4.0\t500\t\n",
        "Aber\tWales\tCeredigion\t52.4\t-4.1\t700\tAberaeron Town\n",
    ]
    small = load_gazetteer(lines)
    assert small.resolve("Aber") == Town("Aber", "Wales", "Ceredigion", 52.4, -4.1, 700)
    assert small.resolve("Aber, Gwynedd").county == "Gwynedd"
    assert small.resolve("aberaeron town").county == "Ceredigion"
    assert small.label(small.towns[0]) == "Aber, Gwynedd"


def test_name_key() -> None:
    assert name_key("Stoke-on-Trent") == name_key("stoke on  trent") == "stoke on trent"
    assert name_key("Saint Ives") == name_key("St. Ives") == "st ives"


def test_a_geonames_name_with_a_comma_is_not_read_as_qualified(gazetteer) -> None:
    assert gazetteer.resolve("Church End, Eversholt").county == "Central Bedfordshire"


def test_an_exact_county_beats_a_county_that_only_contains_it(gazetteer) -> None:
    assert gazetteer.resolve("Kingswood, Gloucestershire").county == "Gloucestershire"
    assert gazetteer.resolve("Kingswood, South Gloucestershire").county == "South Gloucestershire"
