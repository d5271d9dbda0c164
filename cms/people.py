"""How a person is named on screen: the Vietnamese full name (họ đệm + tên), the username only when no
name is recorded. Django's ``get_full_name`` puts the given name first (first_name + last_name), which
Wagtail shows everywhere (history, dashboard, "khoá bởi", emails): ``people_named_in_vietnamese_order``
makes it read as a Vietnamese name."""


def full_name(user) -> str:
    if user is None:
        return ""
    name = " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)
    return name or user.get_username()


def people_named_in_vietnamese_order() -> None:
    from django.contrib.auth.models import AbstractUser

    def get_full_name(self) -> str:
        return " ".join(part for part in (self.last_name.strip(), self.first_name.strip()) if part)

    AbstractUser.get_full_name = get_full_name
