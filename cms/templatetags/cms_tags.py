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


@register.simple_tag(takes_context=True)
def ward_popular_image_tags(context):
    """The image chooser's "popular tags", over the images the user may use (cms.sealed.tags)."""
    from wagtail.images import get_image_model

    from cms.sealed.tags import popular_tags_for

    return popular_tags_for(context["request"].user, get_image_model())


@register.filter
def person(user) -> str:
    """A person by full name (cms.people.full_name)."""
    from cms.people import full_name

    return full_name(user)
