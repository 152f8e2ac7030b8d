"""Listings kept as bytes come back exactly as they went in, and the id scan finds every mention."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.scoring import CareProvider, Home
from matcher.scoring.packed import HOMES, PROVIDERS, PackedStore, pack_home, unpack_home, unpack_provider
from matcher.scoring.splice import Rows
from tests.scoring import factories as f
from tests.scoring.test_properties import homes, providers

TEXT = st.text(st.characters(codec="utf-8"), max_size=40)


@settings(max_examples=60, deadline=None)
@given(
    homes(),
    providers(),
    TEXT,
    st.none() | st.dates(date(1990, 1, 1), date(2040, 1, 1)),
    st.none() | st.floats(allow_nan=False),
)
def test_listings_round_trip(
    some_homes: list[Home],
    some_providers: list[CareProvider],
    text: str,
    day: date | None,
    rent: float | None,
) -> None:
    for home in some_homes:
        odd = f.home(home.property_id, title=text, description=text * 3, available_from=day, weekly_rent=rent)
        for h in (home, odd):
            assert unpack_home(pack_home(h)) == h
    for provider in some_providers:
        odd_provider = f.provider(
            provider.organisation_id, name=text, earliest_start=day, cqc_imported_at=day
        )
        for p in (provider, odd_provider):
            assert unpack_provider(PROVIDERS.pack(p)) == p


def test_a_store_grows_by_chunks_and_older_slots_stay_valid() -> None:
    store: PackedStore[Home] = PackedStore(HOMES)
    first = store.extend([f.home("a"), f.home("b")])
    second = store.extend([f.home("a", title="Edited")])
    assert first.tolist() == [0, 1]
    assert second.tolist() == [2]
    assert store.get(0).title == "Bungalow a"
    assert store.get(2).title == "Edited"
    assert store.get(0) is store.get(0)  # decoded once, memoised


def test_mentioning_finds_owners_and_partners_only_as_a_superset_to_check() -> None:
    listed = [
        f.home("h1", organisation_id="org-1"),
        f.home("h2", care_partner_ids=frozenset({"org-1", "org-9"})),
        f.home("h3", organisation_id="org-2"),
        f.home("h4", title="Near org-1 street"),  # mentions the id in its text: found, then ruled out
    ]
    rows = Rows.of(listed, HOMES)
    found = rows.mentioning({"org-1"}).tolist()
    assert found == [0, 1, 3]
    assert rows.mentioning({"org-5"}).tolist() == []
    assert rows.mentioning(set()).tolist() == []
