"""parse_plan(text) -> the plan as a JSON-serialisable dict."""

from __future__ import annotations

from .channel_phrases import extract_channels
from .deadlines import extract_period_end, extract_reporting_days
from .errors import PlanImportError
from .header import extract_header
from .recipients import extract_recipients
from .references import extract_references, own_codes, own_number
from .signer import extract_signer
from .structure import Outline, outline
from .targets import extract_targets
from .text import reflow
from .units import extract_units

FIELDS = (
    "title",
    "issuer",
    "place",
    "issued_on",
    "references",
    "targets",
    "channels",
    "units",
    "recipients",
    "signer",
    "period_end",
    "reporting_days",
)


def read_outline(text: str) -> Outline:
    """Reflow and outline a plan; PlanImportError if it has no recognisable sections."""
    if not text or not text.strip():
        raise PlanImportError("Tệp rỗng: không có nội dung văn bản")
    return outline(reflow(text))


def parse_plan(text: str) -> dict:
    """Parse the text of a Vietnamese propaganda plan or resolution.

    Raises PlanImportError when the text is empty or has no sections.
    """
    doc = read_outline(text)
    plan = extract_header(doc, text)
    body = doc.head + doc.body()
    plan.update(
        references=extract_references(doc.blocks, own_codes(doc.head)),
        targets=extract_targets(doc),
        channels=extract_channels(doc),
        units=extract_units(doc),
        recipients=extract_recipients(doc.tail),
        signer=extract_signer(doc.tail),
        period_end=extract_period_end(body),
        reporting_days=extract_reporting_days(body),
    )
    return {key: plan[key] for key in FIELDS}


def plan_number(text: str) -> str:
    """The plan's own number from its "Số: 45/KH-UBND" line ("/KH-UBND" when the number is left
    blank); never a document it cites."""
    return own_number(read_outline(text).head)
