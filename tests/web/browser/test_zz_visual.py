import httpx
from tests.factories import Factory
from tests.web.browser.data import publish_care_offer, list_home
from tests.web.browser.helpers import sign_in


async def test_shots(page, factory: Factory, client: httpx.AsyncClient) -> None:
    provider = await factory.provider("care", "housing")
    await publish_care_offer(client, provider, pbs={"pbs_policy": True, "staff_trained_pct": 60})
    await list_home(client, provider)
    await page.goto("/")
    await page.screenshot(path="/tmp/shot-start.png", full_page=True)
    await sign_in(page, provider.email)
    await page.goto("/provider/care-offer")
    await page.screenshot(path="/tmp/shot-care.png")
    await page.goto("/provider/homes")
    await page.screenshot(path="/tmp/shot-homes.png")
