"""Market calls: an anonymised requirement sent to the whole eligible market, offers ranked by quality
against cost (API.md, "Market calls"). The routes call `service`; all SQL is in `repository`."""

from matcher.market_calls.reminders import send_reminders_periodically

__all__ = ["send_reminders_periodically"]
