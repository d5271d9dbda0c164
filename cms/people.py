"""How a person is named on screen: the Vietnamese full name (họ đệm + tên), the username only when no
name is recorded."""


def full_name(user) -> str:
    if user is None:
        return ""
    name = " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)
    return name or user.get_username()
