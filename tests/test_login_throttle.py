"""Login and password-reset throttling (django-axes, cms/throttle.py): 5 failures for one username from one
IP lock that pair out for 15 minutes, with a Vietnamese message."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.http import HttpRequest

LOGIN = "/admin/login/"
RESET = "/admin/password_reset/"
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
LOCKED_TEXT = "Tài khoản tạm thời bị khoá vì đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."


@pytest.fixture
def axes_on(settings, time_machine):
    time_machine.move_to(NOW, tick=False)
    settings.AXES_ENABLED = True


def log_in(client, password, *, username="bientap", ip="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_settings_lock_username_and_ip_after_5_failures_for_15_minutes():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == dt.timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_sixth_attempt_with_the_right_password_is_refused_in_vietnamese(demo, axes_on, client):
    for _ in range(4):
        response = log_in(client, "sai-mat-khau")
        assert response.status_code == 200 and not logged_in(client)
    response = log_in(client, "sai-mat-khau")  # the 5th failure locks
    assert response.status_code == 429
    response = log_in(client, demo["password"])
    assert response.status_code == 429
    assert not logged_in(client)
    text = response.content.decode()
    assert LOCKED_TEXT in text
    assert "<html" in text and 'lang="vi"' in text


def test_four_failures_then_the_right_password_logs_in_and_resets_the_count(demo, axes_on, client):
    for _ in range(4):
        log_in(client, "sai-mat-khau")
    assert log_in(client, demo["password"]).status_code == 302 and logged_in(client)
    client.logout()
    for _ in range(4):
        log_in(client, "sai-mat-khau")
    assert log_in(client, demo["password"]).status_code == 302 and logged_in(client)


def test_the_lock_is_for_that_username_from_that_ip_and_lifts_after_15_minutes(demo, axes_on, client, time_machine):
    for _ in range(5):
        log_in(client, "sai-mat-khau")
    assert log_in(client, demo["password"]).status_code == 429
    assert log_in(client, demo["password"], ip="198.51.100.9").status_code == 302  # the same person elsewhere
    client.logout()
    assert log_in(client, demo["password"], username="lanhdao").status_code == 302  # a colleague, same office
    client.logout()
    time_machine.move_to(NOW + dt.timedelta(minutes=14), tick=False)
    assert log_in(client, demo["password"]).status_code == 429
    time_machine.move_to(NOW + dt.timedelta(minutes=30), tick=False)  # 15 minutes after the last refused try
    assert log_in(client, demo["password"]).status_code == 302 and logged_in(client)


def test_password_reset_requests_are_throttled_in_vietnamese(demo, axes_on, client):
    address = {"email": "bientap@loa.local"}
    for _ in range(4):
        assert client.post(RESET, address, REMOTE_ADDR="203.0.113.7").status_code == 302
    response = client.post(RESET, address, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert len(mail.outbox) == 4
    assert client.post(RESET, {"email": "lanhdao@loa.local"}, REMOTE_ADDR="203.0.113.7").status_code == 302


def test_test_client_logins_still_work_with_axes_on(demo, axes_on, client, django_user_model):
    user = django_user_model.objects.get(username="bientap")
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    client.logout()
    # Axes needs the request to authenticate; the test client's login() passes what it is given.
    assert client.login(request=HttpRequest(), username="bientap", password=demo["password"])
    assert client.get("/admin/").status_code == 200


def test_by_default_the_test_settings_do_not_throttle(demo, client):
    """Browser tests and ``client.login`` run without axes (it is on in every other settings module)."""
    assert settings.AXES_ENABLED is False
    for _ in range(6):
        log_in(client, "sai-mat-khau")
    assert log_in(client, demo["password"]).status_code == 302
    assert client.login(username="bientap", password=demo["password"])


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), [
    (0, "198.51.100.1", "10.0.0.2"),  # no proxy: X-Forwarded-For is the client's to invent
    (1, "198.51.100.1", "198.51.100.1"),
    (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client prepended a fake address
    (2, "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
    (1, "", "10.0.0.2"),
])
def test_the_lock_is_keyed_on_the_address_the_outermost_proxy_saw(settings, rf, proxies, forwarded, expected):
    from cms.throttle import client_ip

    settings.LOA_TRUSTED_PROXY_COUNT = proxies
    request = rf.post(LOGIN, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == expected
