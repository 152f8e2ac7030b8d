"""What every browser journey does: sign in through the form, and check each page with axe-core."""

from __future__ import annotations

from typing import Any

from tests.factories import PASSWORD
from tests.web.browser.conftest import AXE_LOG

BLOCKING = ("serious", "critical")


async def check_page(page: Any, *, expect_status: int | None = None) -> None:
    """axe-core on the page as it is now: no serious or critical violation (others are logged).

    axe needs JavaScript in the page, so a page opened without it is checked in a JavaScript-enabled
    copy of the same HTML.
    """
    from axe_playwright_python.async_playwright import Axe

    target = page
    scratch = None
    if not getattr(page, "javascript_enabled", True):
        scratch = await page.context.browser.new_context(base_url=_origin(page.url))
        target = await scratch.new_page()
        await target.goto("/accessibility")  # same origin, so the page's CSS loads as it did
        await target.set_content(await page.content())
    try:
        results = await Axe().run(target)
    finally:
        if scratch is not None:
            await scratch.close()
    violations = results.response["violations"]
    AXE_LOG.append(
        {
            "url": page.url,
            "title": await page.title(),
            "violations": [
                {"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])} for v in violations
            ],
        }
    )
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in BLOCKING
    ]
    assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(blocking)


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


async def sign_in(page: Any, email: str, password: str = PASSWORD) -> None:
    await page.goto("/sign-in")
    await page.get_by_label("Email address").fill(email)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in").click()
