"""load_demo says what it created and the logins, in Vietnamese; a second run says nothing was added;
no notification email of the demo's workflow leaks out."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command


@pytest.mark.django_db
def test_load_demo_reports_what_it_created_then_nothing():
    mail.outbox.clear()
    first, second = StringIO(), StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)
    assert "Đã tạo dữ liệu mẫu:" in first.getvalue() and "lịch đăng/phát" in first.getvalue()
    assert "không tạo thêm gì" in second.getvalue() and "Đã tạo" not in second.getvalue()
    for printed in (first.getvalue(), second.getvalue()):
        assert "bientap" in printed and "mật khẩu" in printed
        assert "@" not in printed and "Subject:" not in printed
    assert mail.outbox == []
