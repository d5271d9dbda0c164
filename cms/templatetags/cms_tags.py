from django import template

from cms.imaging import PosterImageError
from cms.posters import poster_preview_uri as render_preview_uri

register = template.Library()


@register.simple_tag
def poster_preview_uri(page, format_code):
    if not getattr(page, "image", None):
        return ""
    try:
        return render_preview_uri(page, format_code)
    except PosterImageError:
        return ""


@register.filter
def page_type_label(page) -> str:
    """"Tin bài", "Khẩu hiệu"… for a page of any type."""
    return str(type(page)._meta.verbose_name).capitalize()


@register.filter
def person(user) -> str:
    """A person by full name (cms.people.full_name)."""
    from cms.people import full_name

    return full_name(user)
