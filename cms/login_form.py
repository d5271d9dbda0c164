"""The admin's login form, with every label in Vietnamese.

Wagtail's ``LoginForm`` gives its password field no label, so Django names it from the field
("Password"), outside any catalogue that ``locale/vi`` could translate.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class LoaLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mật khẩu")
