"""What a page may point at: images and documents of the collections its author may
use, and pages of the author's own wards. Checked when a page form is saved, since a
chooser is only a convenience and any id can be posted."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import ForeignKey, Model
from django.utils.translation import gettext_lazy as _
from wagtail.blocks import StreamValue
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.media_access import is_media_model, may_use
from cms.page_access import owns_page

IMAGE_ELSEWHERE = _("Ảnh này thuộc thư viện của phường/xã khác; hãy chọn ảnh trong thư viện của đơn vị mình.")
DOCUMENT_ELSEWHERE = _("Tài liệu này thuộc thư viện của phường/xã khác; hãy chọn tài liệu của đơn vị mình.")
PAGE_ELSEWHERE = _("Trang được liên kết thuộc phường/xã khác; chỉ liên kết tới trang của đơn vị mình.")
MISSING = _("Nội dung được chọn không còn tồn tại.")


@dataclass(frozen=True)
class Refusal:
    field: str
    message: str
    block_index: int | None = None  # the child of a StreamField that holds the reference


def refused_reference(user, obj: Model) -> str | None:
    """Why ``user`` may not put ``obj`` in a page, or None if they may."""
    if isinstance(obj, Page):
        return None if owns_page(user, obj) else PAGE_ELSEWHERE
    if is_media_model(type(obj)) and not may_use(user, obj):
        return IMAGE_ELSEWHERE if isinstance(obj, get_image_model()) else DOCUMENT_ELSEWHERE
    return None


def _checked(model) -> bool:
    return issubclass(model, Page) or is_media_model(model)


def _first_refusal(user, references) -> str | None:
    """The reason to refuse the first of ``references`` (Wagtail's ``extract_references`` tuples)."""
    for model, object_id, _model_path, _content_path in references:
        if not _checked(model):
            continue
        base = Page if issubclass(model, Page) else model
        obj = base._default_manager.filter(pk=object_id).first()
        reason = MISSING if obj is None else refused_reference(user, obj)
        if reason:
            return reason
    return None


def refusals_in_form(user, model, cleaned_data: dict) -> list[Refusal]:
    """Every image, document or page reference in a page form's data that ``user`` may not use."""
    refusals = []
    for name, value in cleaned_data.items():
        if value in (None, ""):
            continue
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(model_field, ForeignKey) and isinstance(value, Model):
            reason = refused_reference(user, value) if _checked(type(value)) else None
            if reason:
                refusals.append(Refusal(name, reason))
        elif isinstance(value, StreamValue):
            for index, child in enumerate(value):
                reason = _first_refusal(user, child.block.extract_references(child.value))
                if reason:
                    refusals.append(Refusal(name, reason, block_index=index))
        elif hasattr(model_field, "extract_references"):  # rich text
            reason = _first_refusal(user, model_field.extract_references(value))
            if reason:
                refusals.append(Refusal(name, reason))
    return refusals
