"""Turn a parsed plan (``campaigns.plans.importer.parse_plan``) into a draft campaign.

The management command ``import_plan`` and the admin's "Nhập kế hoạch" both
call these functions; neither writes a row itself.

Decisions worth knowing:

- A cited document is matched to a ``Resolution`` readable by the ward (the
  ward's own and those of the localities above it, ``resolutions_readable_by``)
  on its normalised code and issue date (code alone when the plan gives no
  date); another ward's row with the same code is never linked.
- A missing one is recorded where it was issued, as the architecture asks: at
  the nearest city/province above the ward when the code or issuer names a
  body above the ward (``…/TU``, ``…/TW``, ``…/QH15``, "thành phố", "Tỉnh ủy"),
  at the district above it for a district body ("Huyện ủy") when there is
  one, otherwise at the ward. A bare issuer ("Đảng ủy phường") gets the locality's
  name so two wards' documents never collide.
- ``source_sha256`` hashes the NFC, whitespace-collapsed text: a re-encoded or
  re-wrapped copy of the same document has the same hash.
- ``plan_import`` is the one action both callers use: it refuses a document
  already imported into the ward (``PlanAlreadyImported``) unless a new copy is
  asked for, takes the plan's own number from its "Số: …" line when the caller
  gave none, and creates the draft. The database enforces one import per
  (ward, hash, copy): two clicks racing past the check still make one draft.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone

from campaigns.content.channels import Channel
from campaigns.models import (
    Campaign,
    CampaignStatus,
    Locality,
    LocalityKind,
    Resolution,
    ResolutionKind,
    ResponsibleUnit,
    Target,
)
from campaigns.models.slugs import unique_slug
from campaigns.plans.importer import PlanImportError, plan_number
from campaigns.plans.reference_codes import normalize_code

_UPPER_LEVEL_SUFFIX = re.compile(r"/(?:TU|TƯ|TW|QH\d*|CP|TTg|BCT|BBT|BCĐTW)$|-(?:CP|TTg|TW)$")
_UPPER_LEVEL_ISSUER = re.compile(
    r"thành phố|tỉnh|trung ương|chính phủ|quốc hội|thủ tướng|thành ủy|thành uỷ|tỉnh ủy|tỉnh uỷ|\bbộ\b|\bsở\b",
    re.I,
)
_DISTRICT_LEVEL = re.compile(r"/(?:HU|QU)$|huyện|quận", re.I)
_LEVEL_WORDS = {
    LocalityKind.WARD: "phường",
    LocalityKind.COMMUNE: "xã",
    LocalityKind.SPECIAL_ZONE: "đặc khu",
    LocalityKind.CITY: "thành phố",
    LocalityKind.PROVINCE: "tỉnh",
}
_NATIONAL_ISSUERS = {
    "TW": "Ban Chấp hành Trung ương",
    "QH": "Quốc hội",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
}


def source_sha256(text: str) -> str:
    """Fingerprint of a document's text that survives re-encoding and re-wrapping."""
    collapsed = " ".join(unicodedata.normalize("NFC", text or "").split())
    return hashlib.sha256(collapsed.encode("utf-8")).hexdigest()


def plan_import_find_existing(*, ward: Locality, source_text: str) -> Campaign | None:
    """The campaign already imported into ``ward`` from the same document, if any."""
    return (
        Campaign.objects.filter(ward=ward, source_sha256=source_sha256(source_text))
        .order_by("-created_at", "-pk")
        .first()
    )


# --- resolutions ---------------------------------------------------------------


@dataclass(frozen=True)
class ResolutionMatch:
    reference: dict
    existing: Resolution | None


def resolutions_readable_by(ward: Locality) -> QuerySet:
    """The resolutions ``ward`` may cite: its own and those of the localities above it. Resolutions
    are shared only downward; another ward's is never one of them, even with the same code."""
    return Resolution.objects.filter(locality_id__in=[ward.pk, *(locality.pk for locality in ward.ancestors())])


def _parse_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if value else None


def resolution_find(*, ward: Locality, code: str, issued_on: dt.date | None) -> Resolution | None:
    """The resolution readable by ``ward`` with this code (and date, when known)."""
    found = resolutions_readable_by(ward).filter(code=normalize_code(code))
    if issued_on is not None:
        found = found.filter(issued_on=issued_on)
    return found.order_by(F("issued_on").desc(nulls_last=True), "pk").first()


def resolutions_match(*, ward: Locality, references: list[dict]) -> list[ResolutionMatch]:
    """Each cited document with the existing resolution it refers to (or None: to be created)."""
    return [
        ResolutionMatch(
            reference,
            resolution_find(ward=ward, code=reference["code"], issued_on=_parse_date(reference.get("date"))),
        )
        for reference in references
        if reference.get("code")
    ]


def _issuing_level(code: str, issuer: str | None) -> str:
    """ "district", "upper" (city, province or national) or "ward"."""
    if _DISTRICT_LEVEL.search(code) or (issuer and _DISTRICT_LEVEL.search(issuer)):
        return "district"
    if _UPPER_LEVEL_SUFFIX.search(code) or (issuer and _UPPER_LEVEL_ISSUER.search(issuer)):
        return "upper"
    return "ward"


def resolution_locality(*, ward: Locality, code: str, issuer: str | None) -> Locality:
    """Where a cited document not yet recorded belongs (see the module docstring)."""
    level = _issuing_level(code, issuer)
    if level == "ward":
        return ward
    ancestors = ward.ancestors()
    districts = [locality for locality in ancestors if locality.kind == LocalityKind.DISTRICT]
    upper = [locality for locality in ancestors if locality.kind in (LocalityKind.CITY, LocalityKind.PROVINCE)]
    preferred = districts + upper if level == "district" else upper
    return (preferred or ancestors or [ward])[0]


def _issuer_named(issuer: str | None, code: str, locality: Locality) -> str:
    """ "Đảng ủy phường" -> "Đảng ủy phường Hải An"; a missing issuer is guessed from the code."""
    level = _LEVEL_WORDS.get(locality.kind)
    if issuer:
        if level and issuer.lower().endswith(" " + level):
            return f"{issuer} {locality.name}"
        return issuer
    body = code.rsplit("/", 1)[-1].rsplit("-", 1)[-1]
    if re.sub(r"\d+$", "", body) in _NATIONAL_ISSUERS:
        return _NATIONAL_ISSUERS[re.sub(r"\d+$", "", body)]
    if body in ("TU", "TƯ"):
        return f"{'Tỉnh ủy' if locality.kind == LocalityKind.PROVINCE else 'Thành ủy'} {locality.name}"
    if body == "ĐU" and level:
        return f"Đảng ủy {level} {locality.name}"
    return ""  # unknown: the editor fills it in; never the ward's name by default


def resolution_create_for_reference(*, ward: Locality, reference: dict) -> Resolution:
    code = normalize_code(reference["code"])
    locality = resolution_locality(ward=ward, code=code, issuer=reference.get("issuer"))
    issuer = _issuer_named(reference.get("issuer"), code, locality)[:200]
    issued_on = _parse_date(reference.get("date"))
    kind = reference.get("kind") if reference.get("kind") in ResolutionKind.values else ResolutionKind.OTHER
    resolution, _created = resolutions_readable_by(ward).get_or_create(
        code=code, issuer=issuer, issued_on=issued_on, locality=locality, defaults={"kind": kind}
    )
    return resolution


# --- the campaign ----------------------------------------------------------------


def _fit(model, field_name: str, value: str | None) -> str:
    return (value or "").strip()[: model._meta.get_field(field_name).max_length]


def _unique_slug(ward: Locality, title: str) -> str:
    return unique_slug(title, lambda base: Campaign.objects.filter(ward=ward, slug__startswith=base)
                       .values_list("slug", flat=True), max_length=100, fallback="ke-hoach")


def _default_title(source_name: str) -> str:
    return f"Kế hoạch nhập từ {source_name}" if source_name else "Kế hoạch nhập từ văn bản"


def _campaign_from_plan(plan: dict, *, ward: Locality, source_text: str, source_name: str) -> Campaign:
    title = (plan.get("title") or "").strip() or _default_title(source_name)
    period_end = _parse_date(plan.get("period_end"))
    # A plan runs from the day it is issued unless the editor says otherwise.
    period_start = _parse_date(plan.get("issued_on"))
    if period_start and period_end and period_start > period_end:
        period_start = None
    return Campaign(
        ward=ward,
        status=CampaignStatus.DRAFT,
        title=title,
        slug=_unique_slug(ward, title),
        number=_fit(Campaign, "number", plan.get("number")),
        issuer=_fit(Campaign, "issuer", plan.get("issuer")),
        issued_on=_parse_date(plan.get("issued_on")),
        purposes=list(plan.get("purposes") or []),
        themes=list(plan.get("themes") or []),
        recipients=[line for line in plan.get("recipients") or [] if line.strip()],
        signer=_fit(Campaign, "signer", plan.get("signer")),
        reporting_days=sorted({day for day in plan.get("reporting_days") or [] if 1 <= int(day) <= 31}),
        channels=sorted(set(plan.get("channels") or []) & set(Channel.values)),
        period_start=period_start,
        period_end=period_end,
        source_name=_fit(Campaign, "source_name", source_name),
        source_sha256=source_sha256(source_text),
    )


def _target_years(target: dict, fallback_year: int) -> tuple[int, int]:
    start, end = target.get("start_year"), target.get("end_year")
    start, end = start or end or fallback_year, end or start or fallback_year
    return min(start, end), max(start, end)


def _targets(campaign: Campaign, targets: list[dict]) -> list[Target]:
    """Target rows; a target without years takes the plan's year (the editor checks it)."""
    dates = [campaign.period_start, campaign.period_end]
    fallback_year = next((date.year for date in dates if date), timezone.localdate().year)
    rows = []
    for order, target in enumerate(targets):
        start, end = _target_years(target, fallback_year)
        rows.append(
            Target(
                campaign=campaign, sort_order=order, text=target.get("text") or "",
                quantity=max(0, round(float(target.get("quantity") or 0))),
                unit=_fit(Target, "unit", target.get("unit")), start_year=start, end_year=end,
            )
        )
    return rows


def _units(campaign: Campaign, units: list[dict]) -> list[ResponsibleUnit]:
    return [
        ResponsibleUnit(
            campaign=campaign, sort_order=order, name=_fit(ResponsibleUnit, "name", unit.get("name")),
            tasks=[task for task in unit.get("tasks") or [] if task.strip()],
        )
        for order, unit in enumerate(units)
        if (unit.get("name") or "").strip()
    ]


@transaction.atomic
def plan_import_create(
    *, plan: dict, ward: Locality, source_text: str, source_name: str, source_copy: int = 0
) -> Campaign:
    """Create a DRAFT campaign in ``ward`` from ``plan`` (the shape ``parse_plan`` returns).

    Targets and responsible units become rows; cited documents are linked,
    reusing the resolutions already recorded (see ``resolutions_match``).
    ``plan`` may also carry ``number``, ``purposes`` and ``themes``.
    """
    campaign = _campaign_from_plan(plan, ward=ward, source_text=source_text, source_name=source_name)
    campaign.source_copy = source_copy
    campaign.save()
    Target.objects.bulk_create(_targets(campaign, plan.get("targets") or []))
    ResponsibleUnit.objects.bulk_create(_units(campaign, plan.get("units") or []))
    resolutions = [
        match.existing or resolution_create_for_reference(ward=ward, reference=match.reference)
        for match in resolutions_match(ward=ward, references=plan.get("references") or [])
    ]
    campaign.resolutions.set(resolutions)
    return campaign


# --- the one action the command and the admin call -----------------------------------


class PlanAlreadyImported(Exception):
    """The document is already a campaign of the ward (``existing``); nothing was created."""

    def __init__(self, existing: Campaign):
        super().__init__(f"already imported as campaign #{existing.pk}")
        self.existing = existing


@dataclass(frozen=True)
class PlanImportResult:
    campaign: Campaign
    matches: list[ResolutionMatch]  # the cited documents, with what was already recorded


def _next_copy(ward: Locality, digest: str) -> int:
    latest = Campaign.objects.filter(ward=ward, source_sha256=digest).aggregate(latest=Max("source_copy"))["latest"]
    return 0 if latest is None else latest + 1


def plan_import(
    *, plan: dict, ward: Locality, source_text: str, source_name: str, allow_duplicate: bool = False
) -> PlanImportResult:
    """Import ``plan`` (read from ``source_text``) into ``ward`` as a draft campaign.

    Raises ``PlanAlreadyImported`` when the document is already a campaign of
    the ward and ``allow_duplicate`` is false, including when another request
    created it a moment ago. ``plan["number"]`` wins over the number read from
    the document (the editor may have corrected it).
    """
    existing = plan_import_find_existing(ward=ward, source_text=source_text)
    if existing is not None and not allow_duplicate:
        raise PlanAlreadyImported(existing)
    if "number" not in plan:
        try:
            plan = {**plan, "number": plan_number(source_text)}
        except PlanImportError:  # the caller parsed the plan some other way: no number line to read
            plan = {**plan, "number": ""}
    matches = resolutions_match(ward=ward, references=plan.get("references") or [])
    digest = source_sha256(source_text)
    for _attempt in range(3):
        copy = _next_copy(ward, digest) if allow_duplicate else 0
        try:
            with transaction.atomic():
                campaign = plan_import_create(
                    plan=plan, ward=ward, source_text=source_text, source_name=source_name, source_copy=copy
                )
            return PlanImportResult(campaign, matches)
        except IntegrityError:
            raced = plan_import_find_existing(ward=ward, source_text=source_text)
            if raced is None:
                raise  # another constraint: not a double submit
            if not allow_duplicate:
                raise PlanAlreadyImported(raced) from None
    raise PlanAlreadyImported(plan_import_find_existing(ward=ward, source_text=source_text))
