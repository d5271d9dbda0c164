"""``{% date_input "from" start aria_label="Từ ngày" %}``: the shared dd/mm/yyyy date box
(campaigns.admin.dates) in templates that write their forms by hand."""

from django import template

from campaigns.admin.dates import DateTextInput

register = template.Library()


@register.simple_tag
def date_input(name: str, value=None, **attrs):
    """``attrs`` with ``_`` for ``-`` (``aria_label`` → ``aria-label``)."""
    return DateTextInput({key.replace("_", "-"): str(val) for key, val in attrs.items()}).render(name, value)
