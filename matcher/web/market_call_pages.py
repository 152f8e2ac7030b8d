"""Market call pages, for both sides.

Commissioners open a call from a case (closing date and time, a note, organisations to leave out), read
the offers ranked with a quality and cost weight form (a plain GET form: it works without JavaScript),
close a call early and award one offer. Providers read the calls sent to them in an inbox beside their
referrals (closing time and, for a landlord, its homes that fit) and make or revise their one offer.
The pages call `matcher.market_calls.service`; every rule (and every audited read) is there.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from matcher import vocab
from matcher.api.deps import get_app_settings, marketplace_index
from matcher.cases import service as cases
from matcher.errors import InvalidInput
from matcher.market_calls import service
from matcher.market_calls.schemas import MarketCallIn, OfferIn, OfferPatch, ProviderCallOut
from matcher.scoring.offers import DEFAULT_COST, DEFAULT_QUALITY, pounds
from matcher.web._forms import FormErrors, checked, date_parts, date_values, number_or_blank, read_date, text
from matcher.web._rendering import render
from matcher.web._routing import CommissionerDep, PageRoute, ProviderDep, SessionDep, flash, redirect

router = APIRouter(route_class=PageRoute, include_in_schema=False)

#: Closing times are typed and shown in UK time; the database compares them as instants.
UK = ZoneInfo("Europe/London")

KIND_LABELS = {"care": "Care", "home": "Home", "both": "Care and home"}
STATUS_LABELS = {
    "open": "Open",
    "closed": "Closed",
    "awarded": "Awarded",
    "submitted": "Offer made",
    "accepted": "Accepted",
    "not_selected": "Not selected",
}

#: What became of an offer once its call stopped taking offers, in the provider's words.
OUTCOME_WORDS = {
    "accepted": "Chosen. The commissioner will be in touch about the next steps.",
    "not_selected": "Not chosen. The commissioner awarded the call to another offer.",
    "submitted": "Waiting for the commissioner's decision.",
}


#: The ranking's own criterion beside the search's (whose labels are the vocabulary's, "PBS competence").
CRITERION_LABELS = {"cost": "Cost"}


def criterion_label(code: str) -> str:
    return CRITERION_LABELS.get(code) or vocab.label(code)


def uk_time(value: datetime) -> str:
    """'10 January 2027 at 5:00pm' in UK time."""
    local = value.astimezone(UK)
    hour = local.strftime("%I").lstrip("0") or "12"
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{local:%p}".replace("AM", "am").replace("PM", "pm")


def call_reference(call_id: uuid.UUID) -> str:
    """A short name for one call ("M-3F9A1C") that provider and commissioner can both quote, since a
    provider's calls otherwise read alike (all from the same council)."""
    return "M-" + call_id.hex[:6].upper()


def _common() -> dict[str, Any]:
    return {
        "call_reference": call_reference,
        "uk_time": uk_time,
        "pounds": pounds,
        "kind_labels": KIND_LABELS,
        "status_labels": STATUS_LABELS,
        "criterion_label": criterion_label,
    }


# --- commissioners -----------------------------------------------------------------------------------

_OPEN_FIELDS = {
    "closes_on": "Closing date",
    "closes_time": "Closing time",
    "note": "Note to providers",
    "exclude": "Leave out",
}


def _read_closing(form: object, errors: FormErrors) -> datetime | None:
    closes_on = read_date(form, "closes_on", "Closing date", errors)  # type: ignore[arg-type]
    raw = text(form, "closes_time") or "17:00"  # type: ignore[arg-type]
    try:
        hours, minutes = (int(part) for part in raw.replace(".", ":").split(":", 1))
        at = time(hours, minutes)
    except ValueError:
        errors.add("closes_time", "Closing time must be a time like 17:00")
        return None
    if closes_on is None:
        if not errors.get("closes_on"):
            errors.add("closes_on", "Enter the closing date")
        return None
    return datetime.combine(closes_on, at, tzinfo=UK).astimezone(UTC)


async def _open_page(
    request: Request,
    session: SessionDep,
    actor: CommissionerDep,
    case_id: uuid.UUID,
    errors: FormErrors,
    values: dict[str, object],
    status_code: int = 200,
) -> Response:
    settings = get_app_settings(request)
    case = await cases.get_case(session, actor, case_id, identity_key=settings.identity_key)
    calls, _total = await service.list_case_calls(session, actor, case_id, limit=200, offset=0)
    candidates = await service.would_receive(session, marketplace_index(request), actor, case_id)
    options = [(str(c.organisation_id), _candidate_label(c)) for c in candidates]
    return render(
        request,
        "market_calls/case_calls.html",
        status_code=status_code,
        case=case,
        calls=calls,
        candidates=candidates,
        exclude_options=options,
        errors=errors,
        values=values,
        **_common(),
    )


def _candidate_label(candidate: service.Candidate) -> str:
    offers = (["care"] if candidate.care else []) + (
        [f"{candidate.homes} home{'s' if candidate.homes != 1 else ''}"] if candidate.homes else []
    )
    return f"{candidate.name} ({' and '.join(offers)})"


@router.get("/cases/{case_id}/market-calls")
async def case_calls(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    return await _open_page(
        request,
        session,
        actor,
        case_id,
        FormErrors(list(_OPEN_FIELDS), _OPEN_FIELDS),
        {"closes_on": date_values(None), "closes_time": "17:00", "exclude": []},
    )


@router.post("/cases/{case_id}/market-calls")
async def open_call(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    form = await request.form()
    errors = FormErrors(list(_OPEN_FIELDS), _OPEN_FIELDS)
    values: dict[str, object] = {
        "closes_on": date_parts(form, "closes_on"),
        "closes_time": text(form, "closes_time"),
        "note": text(form, "note"),
        "exclude": checked(form, "exclude"),
    }
    closes_at = _read_closing(form, errors)
    if not errors:
        try:
            body = MarketCallIn.model_validate(
                {
                    "closes_at": closes_at,
                    "note": values["note"],
                    "exclude_organisation_ids": values["exclude"],
                }
            )
            call = await service.open_call(
                session, marketplace_index(request), actor, case_id, body, get_app_settings(request)
            )
        except ValidationError as exc:
            errors.add_validation(
                exc,
                rename=lambda p: (
                    "exclude" if p.startswith("exclude") else ("closes_on" if p == "closes_at" else p)
                ),
            )
        except InvalidInput as exc:
            for error in exc.errors:
                if error.field == "closes_at":
                    errors.add("closes_on", "The closing time must be in the future")
                else:
                    errors.add_all([error])
        else:
            flash(
                request,
                f"Market call sent to {call.recipients.care} care providers and "
                f"{call.recipients.housing} landlords.",
            )
            return redirect(f"/cases/{case_id}/market-calls/{call.id}")
    return await _open_page(request, session, actor, case_id, errors, values, 422)


#: The API's limits for each weight (`GET /market-calls/{id}/offers`, `ranked_offers`).
WEIGHT_MIN, WEIGHT_MAX = 0, 1000
_WEIGHT_FIELDS = {"quality": "Quality", "cost": "Cost"}


def _weight(request: Request, name: str) -> tuple[float | None, str | None]:
    """The typed weight (a trailing % allowed); None when left blank. A weight that is no finite number
    from 0 to 1000 (nan, inf, 1e400, -1, 'lots') is an error naming the field, never a quiet default."""
    raw = (request.query_params.get(name) or "").strip().rstrip("%").strip()
    if raw == "":
        return None, None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not WEIGHT_MIN <= value <= WEIGHT_MAX:
        return None, f"Enter a {name} weight from {WEIGHT_MIN} to {WEIGHT_MAX}"
    return value, None


@router.get("/cases/{case_id}/market-calls/{call_id}")
async def call_page(
    case_id: uuid.UUID, call_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    settings = get_app_settings(request)
    case = await cases.get_case(session, actor, case_id, identity_key=settings.identity_key)
    call = await service.commissioner_call(session, actor, case_id, call_id)
    errors = FormErrors(list(_WEIGHT_FIELDS), _WEIGHT_FIELDS)
    typed = {name: _weight(request, name) for name in _WEIGHT_FIELDS}
    for name, (_value, error) in typed.items():
        if error:
            errors.add(name, error)
    given_quality, given_cost = typed["quality"][0], typed["cost"][0]
    quality = DEFAULT_QUALITY * 100 if given_quality is None else given_quality
    cost = DEFAULT_COST * 100 if given_cost is None else given_cost
    if not errors and quality + cost <= 0:
        errors.add("quality", "Give quality or cost a weight above 0")
    # With any weight in error both go back to the usual weights, and the page says so: never one weight
    # as typed beside another quietly replaced.
    usual = bool(errors)
    if usual:
        quality, cost = DEFAULT_QUALITY * 100, DEFAULT_COST * 100
    ranked = await service.ranked_offers(session, actor, call_id, quality=quality, cost=cost)
    values = {
        "quality": request.query_params.get("quality", f"{quality:g}"),
        "cost": request.query_params.get("cost", f"{cost:g}"),
    }
    return render(
        request,
        "market_calls/call.html",
        status_code=422 if errors else 200,
        case=case,
        call=call,
        ranked=ranked,
        errors=errors,
        values=values,
        usual_weights=usual,
        **_common(),
    )


@router.post("/cases/{case_id}/market-calls/{call_id}/close")
async def close_call(
    case_id: uuid.UUID, call_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    call = await service.commissioner_call(session, actor, case_id, call_id)
    form = await request.form()
    if text(form, "confirm") != "yes":  # it cannot be undone (found from outside: one click closed it)
        case = await cases.case_for_search(session, actor, case_id)
        return render(request, "market_calls/close_confirm.html", case=case, call=call, **_common())
    await service.close_call(session, actor, call_id)
    flash(request, "The market call is closed: no more offers can be made.")
    return redirect(f"/cases/{case_id}/market-calls/{call_id}")


async def _award_page(
    request: Request, session: SessionDep, actor: CommissionerDep, case_id: uuid.UUID, call_id: uuid.UUID,
    offer_id: uuid.UUID,
) -> Response:
    case = await cases.case_for_search(session, actor, case_id)  # the reference: no identity needed
    call = await service.commissioner_call(session, actor, case_id, call_id)
    offers = (await service.ranked_offers(
        session, actor, call_id, quality=DEFAULT_QUALITY * 100, cost=DEFAULT_COST * 100
    )).items
    chosen = next((o for o in offers if o.id == offer_id), None)
    if chosen is None:
        raise InvalidInput.for_field("offer_id", "not an offer made to this market call")
    return render(
        request,
        "market_calls/award_confirm.html",
        case=case,
        call=call,
        chosen=chosen,
        others_of_another_kind=[o for o in offers if o.id != offer_id and o.kind != chosen.kind],
        **_common(),
    )


@router.post("/cases/{case_id}/market-calls/{call_id}/award")
async def award(
    case_id: uuid.UUID, call_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    form = await request.form()
    await service.commissioner_call(session, actor, case_id, call_id)
    try:
        offer_id = uuid.UUID(text(form, "offer_id"))
    except ValueError as exc:
        raise InvalidInput.for_field("offer_id", "choose an offer") from exc
    if text(form, "confirm") != "yes":
        # Every other offer is turned down, those of the other kind too, for good: ask first, and say so
        # (found from outside: one click turned down the landlord's home with the other care offers).
        return await _award_page(request, session, actor, case_id, call_id, offer_id)
    await service.award(session, actor, call_id, offer_id)
    flash(
        request,
        "Offer accepted. The other providers are told they were not selected, and the contact "
        "with the chosen provider is now at 'offered'.",
    )
    return redirect(f"/cases/{case_id}/market-calls/{call_id}")


# --- providers ---------------------------------------------------------------------------------------


@router.get("/provider/market-calls")
async def inbox(request: Request, session: SessionDep, actor: ProviderDep) -> Response:
    calls, total = await service.inbox(session, actor, limit=200, offset=0)
    decided, _ = await service.own_offers(session, actor, call_state="closed", limit=50, offset=0)
    return render(
        request, "market_calls/inbox.html", calls=calls, total=total, closed_offers=decided,
        outcome_words=OUTCOME_WORDS, **_common()
    )


_OFFER_FIELDS = {
    "weekly_cost": "Weekly cost",
    "property_id": "Home",
    "includes_care": "Care",
    "earliest_start": "Earliest start",
    "note": "Note",
}


def _highest_weekly_cost() -> Decimal:
    """The schema's own limit, so the page's words follow it."""
    for rule in OfferIn.model_fields["weekly_cost"].metadata:
        highest = getattr(rule, "le", None)  # annotated_types.Le, as pydantic keeps `le=`
        if highest is not None:
            return Decimal(str(highest))
    raise AssertionError("OfferIn.weekly_cost has an upper limit")


HIGHEST_WEEKLY_COST = _highest_weekly_cost()
#: The offer form's messages in GOV.UK style; the API keeps its own (written for programs).
COST_IN_POUNDS = "Enter the weekly cost in pounds and pence, for example 2450 or 2450.50"
COST_TOO_HIGH = f"Enter a weekly cost of £{HIGHEST_WEEKLY_COST:,.0f} or less"
COST_TOO_LOW = "Enter a weekly cost of more than £0"
CHOOSE_A_HOME = "Choose one of your homes that fit this call"
CARE_DOES_NOT_FIT = "Your care offer does not fit this call: choose ‘No, the home only’"


def _offer_words(path: str, error: Mapping[str, Any]) -> str | None:
    """A validation error on the offer form in words that say what to write."""
    kind = str(error.get("type", ""))
    if path == "weekly_cost":
        if kind in ("decimal_whole_digits", "decimal_max_digits", "less_than_equal", "less_than"):
            return COST_TOO_HIGH
        if kind in ("greater_than", "greater_than_equal"):
            return COST_TOO_LOW
        return COST_IN_POUNDS
    if path == "property_id":
        return CHOOSE_A_HOME
    return None


def _add_refusals(errors: FormErrors, refused: InvalidInput) -> None:
    """The service's refusals (written for API clients, naming `eligible_homes`) in the form's words."""
    for error in refused.errors:
        if error.field == "property_id":
            errors.add("property_id", CHOOSE_A_HOME)
        elif error.field == "includes_care":
            errors.add("includes_care", CARE_DOES_NOT_FIT)
        elif error.field == "weekly_cost":
            errors.add("weekly_cost", COST_IN_POUNDS)
        else:
            errors.add_all([error])


def _offer_values(call: ProviderCallOut) -> dict[str, object]:
    offer = call.offer
    if offer is None:
        return {
            "weekly_cost": "",
            "property_id": "",
            "includes_care": "yes" if call.care_eligible else "no",
            "earliest_start": date_values(None),
            "note": "",
        }
    return {
        "weekly_cost": f"{offer.weekly_cost:.2f}",
        "property_id": str(offer.property_id or ""),
        "includes_care": "yes" if offer.kind in ("care", "both") else "no",
        "earliest_start": date_values(offer.earliest_start),
        "note": offer.note,
    }


def _render_call(
    request: Request,
    call: ProviderCallOut,
    errors: FormErrors,
    values: dict[str, object],
    status_code: int = 200,
) -> Response:
    home_choices = ([("", "No home, care only")] if call.care_eligible else []) + [
        (str(home.property_id), home.title) for home in call.eligible_homes
    ]
    return render(
        request,
        "market_calls/provider_call.html",
        status_code=status_code,
        call=call,
        errors=errors,
        values=values,
        home_choices=home_choices,
        **_common(),
    )


@router.get("/provider/market-calls/{call_id}")
async def provider_call(
    call_id: uuid.UUID, request: Request, session: SessionDep, actor: ProviderDep
) -> Response:
    call = await service.get_call(session, actor, call_id)
    assert isinstance(call, ProviderCallOut)  # a provider only ever gets its recipient view
    return _render_call(request, call, FormErrors(list(_OFFER_FIELDS), _OFFER_FIELDS), _offer_values(call))


@router.post("/provider/market-calls/{call_id}")
async def make_offer(
    call_id: uuid.UUID, request: Request, session: SessionDep, actor: ProviderDep
) -> Response:
    call = await service.get_call(session, actor, call_id)
    assert isinstance(call, ProviderCallOut)
    form = await request.form()
    errors = FormErrors(list(_OFFER_FIELDS), _OFFER_FIELDS)
    values: dict[str, object] = {
        "weekly_cost": number_or_blank(form, "weekly_cost"),
        "property_id": text(form, "property_id"),
        "includes_care": text(form, "includes_care") or "no",
        "earliest_start": date_parts(form, "earliest_start"),
        "note": text(form, "note"),
    }
    earliest = read_date(form, "earliest_start", "Earliest start", errors)
    if earliest is not None and earliest < date.today():  # said with the rest, as the service refuses it
        errors.add("earliest_start", "Earliest start must be today or later; leave it blank if it is not "
                                     "known yet")
    if not values["weekly_cost"]:
        errors.add("weekly_cost", "Enter your weekly cost in pounds")
    fields = {
        "weekly_cost": values["weekly_cost"] or None,
        "earliest_start": earliest,
        "property_id": values["property_id"] or None,
        "note": values["note"],
        "includes_care": values["includes_care"] == "yes" if values["property_id"] else None,
    }
    # Every field is checked in this round, even when the date or the cost is already wrong (found from
    # outside: a bad cost was only said once the date was mended).
    body: OfferIn | OfferPatch | None = None
    try:
        body = OfferIn.model_validate(fields) if call.offer is None else OfferPatch.model_validate(fields)
    except ValidationError as exc:
        errors.add_validation(exc, words=_offer_words)
    if not errors and body is not None:
        try:
            if isinstance(body, OfferPatch) and call.offer is not None:
                await service.revise_offer(session, actor, call.offer.id, body)
            elif isinstance(body, OfferIn):
                await service.make_offer(session, actor, call_id, body)
        except InvalidInput as exc:
            _add_refusals(errors, exc)
        else:
            flash(request, "Your offer is sent." if call.offer is None else "Your offer is revised.")
            return redirect(f"/provider/market-calls/{call_id}")
    return _render_call(request, call, errors, values, 422)
