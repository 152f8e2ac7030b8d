"""A small marketplace for the commissioner and family journeys, written through the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from tests.factories import Factory, Member
from tests.web.browser.data import api, case_body, list_home, publish_care_offer


@dataclass
class Market:
    commissioner: Member
    care: Member
    full_care: Member
    landlord: Member
    home: dict[str, Any]


async def market(factory: Factory, client: httpx.AsyncClient) -> Market:
    commissioner = await factory.user(
        "commissioner", await factory.organisation("commissioner", name="Leicestershire County Council")
    )
    care = await factory.user("provider", await factory.organisation("care", name="Oakfield Support"))
    await publish_care_offer(client, care)
    full_care = await factory.user("provider", await factory.organisation("care", name="Brook House Care"))
    await publish_care_offer(client, full_care, capacity={"new_packages": 0})
    landlord = await factory.user("provider", await factory.organisation("housing", name="Charnwood Homes"))
    home = await list_home(client, landlord)
    return Market(commissioner, care, full_care, landlord, home)


async def stored_case(client: httpx.AsyncClient, commissioner: Member, **overrides: Any) -> dict[str, Any]:
    return dict(await api(client, "POST", "/cases", commissioner, json=case_body(**overrides)))
