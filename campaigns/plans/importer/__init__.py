"""Plan importer: read a plan document and parse it into a plain dict.

Pure Python (no Django); the management command and the admin wrap it.

    >>> from campaigns.plans.importer import read_document, parse_plan
    >>> plan = parse_plan(read_document("ke-hoach.docx"))
"""

from .documents import MAX_BYTES, SUPPORTED_EXTENSIONS, document_encoding, read_document
from .errors import PlanImportError
from .locate import locate_fields
from .parser import FIELDS, parse_plan, plan_number

__all__ = [
    "FIELDS",
    "MAX_BYTES",
    "SUPPORTED_EXTENSIONS",
    "document_encoding",
    "PlanImportError",
    "locate_fields",
    "parse_plan",
    "plan_number",
    "read_document",
]
