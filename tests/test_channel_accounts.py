"""Channel accounts (Tài khoản kênh): a ward's supervisor manages its Facebook page, Zalo OA and
YouTube channel; the token is write-only and encrypted at rest; "Kiểm tra kết nối" asks the
channel's real API shape (here the stub) who the account is."""

import logging

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from campaigns.dispatch.accounts import channel_account_check
from campaigns.models import ChannelAccount, Locality
from campaigns.models.secrets import secret_decrypt
from tests.stub_social import StubServer

PLAINTEXT = "EAAGfbSECRETtoken-ward-0123456789"
NEW_PLAINTEXT = "EAAGfbNEWsecret-9876543210"


@pytest.fixture
def stub():
    with StubServer() as server:
        yield server


@pytest.fixture(autouse=True)
def fast_timeouts(settings):
    settings.LOA_SOCIAL_TIMEOUT = (0.5, 0.5)


@pytest.fixture
def hai_an(demo):
    return Locality.objects.get(slug="hai-an")


def account_for(ward, channel, base, *, token=PLAINTEXT, account_id="104857600123456", token_env=""):
    account = ChannelAccount(ward=ward, channel=channel, base_url=base + ("/v21.0" if channel == "facebook" else ""),
                             account_id=account_id if channel == "facebook" else "", token_env=token_env)
    if token:
        account.token_set(token)
    account.save()
    return account


def form_data(ward, **overrides):
    data = {"ward": ward.pk, "channel": "facebook", "name": "Trang UBND phường Hải An",
            "base_url": "https://graph.facebook.com/v21.0", "account_id": "104857600123456", "token": PLAINTEXT,
            "token_env": "", "max_attempts": 5, "enabled": "on"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- encrypted at rest -----------------------------------------------------------------------------

def test_stored_token_is_ciphertext_that_decrypts(hai_an):
    account = account_for(hai_an, "facebook", "http://127.0.0.1:9")
    stored = ChannelAccount.objects.values_list("token_encrypted", flat=True).get(pk=account.pk)
    assert stored and stored != PLAINTEXT and PLAINTEXT not in stored
    assert secret_decrypt(stored) == PLAINTEXT
    assert ChannelAccount.objects.get(pk=account.pk).token == PLAINTEXT


def test_the_key_comes_from_loa_token_key_and_another_key_cannot_read_it(hai_an, settings):
    settings.LOA_TOKEN_KEY = "khoa-rieng-cua-thanh-pho"
    account = account_for(hai_an, "zalo", "http://127.0.0.1:9")
    assert account.token == PLAINTEXT
    settings.LOA_TOKEN_KEY = ""  # back to the key derived from SECRET_KEY
    assert secret_decrypt(account.token_encrypted) == ""


def test_environment_variable_is_the_fallback_when_no_token_is_stored(hai_an, monkeypatch):
    monkeypatch.setenv("LOA_ZALO_TOKEN_HAI_AN", "zalo-from-env")
    account = account_for(hai_an, "zalo", "http://127.0.0.1:9", token="", token_env="LOA_ZALO_TOKEN_HAI_AN")
    assert account.token == "zalo-from-env"
    account.token_set("zalo-stored")
    assert account.token == "zalo-stored"  # a stored token wins


# --- the admin screen: write-only token --------------------------------------------------------------

def test_supervisor_adds_an_account_and_the_token_never_comes_back(hai_an, login, caplog):
    caplog.set_level(logging.DEBUG)
    client = login("lanhdao")
    response = client.post(reverse("channel_account:add"), form_data(hai_an))
    assert response.status_code == 302, response.content.decode()[:3000]
    account = ChannelAccount.objects.get(ward=hai_an, channel="facebook")
    assert account.token_encrypted != PLAINTEXT and account.token == PLAINTEXT

    pages = [client.get(reverse("channel_account:index")),
             client.get(reverse("channel_account:edit", args=[account.pk])),
             client.get(reverse("channel_account:check", args=[account.pk])),
             client.get(reverse("channel_account:history", args=[account.pk]))]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert PLAINTEXT not in html and account.token_encrypted not in html
    assert "Đã lưu token" in pages[1].content.decode()
    for entry in ModelLogEntry.objects.all():
        assert PLAINTEXT not in str(entry.data) and PLAINTEXT not in entry.label
    assert PLAINTEXT not in caplog.text


def test_blank_token_keeps_the_stored_one_and_a_new_one_replaces_it(hai_an, login):
    account = account_for(hai_an, "facebook", "https://graph.facebook.com")
    client = login("lanhdao")
    url = reverse("channel_account:edit", args=[account.pk])
    response = client.post(url, form_data(hai_an, token="", name="Tên mới",
                                          base_url="https://graph.facebook.com/v21.0"))
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.name == "Tên mới" and account.token == PLAINTEXT

    client.post(url, form_data(hai_an, token=NEW_PLAINTEXT))
    account.refresh_from_db()
    assert account.token == NEW_PLAINTEXT and NEW_PLAINTEXT not in account.token_encrypted

    response = client.post(url, form_data(hai_an, token="", token_forget="on"))
    assert response.status_code == 200  # no token and no environment variable: refused, nothing changed
    assert "Hãy nhập token truy cập" in response.content.decode()
    account.refresh_from_db()
    assert account.token == NEW_PLAINTEXT


def test_an_invalid_token_answer_re_renders_without_the_typed_token(hai_an, login):
    client = login("lanhdao")
    response = client.post(reverse("channel_account:add"), form_data(hai_an, base_url="không phải địa chỉ"))
    assert response.status_code == 200
    assert PLAINTEXT not in response.content.decode()
    assert not ChannelAccount.objects.filter(ward=hai_an).exists()


# --- "Kiểm tra kết nối" against the stub ----------------------------------------------------------------

@pytest.mark.parametrize(("channel", "path", "name"), [
    ("facebook", "/v21.0/104857600123456", "UBND phường Hải An"),
    ("zalo", "/v2.0/oa/getoa", "Phường Hải An - Hải Phòng"),
    ("youtube", "/youtube/v3/channels", "Truyền thanh phường Hải An"),
])
def test_check_connection_reads_the_account_with_the_real_request_shape(hai_an, stub, channel, path, name):
    account = account_for(hai_an, channel, stub.url)
    check = channel_account_check(account=account)
    assert check.ok, check.message
    assert check.message == f"Kết nối {dict(facebook='Facebook', zalo='Zalo', youtube='YouTube')[channel]} " \
                            f"thành công: “{name}”."
    [request] = stub.requests()
    assert request["method"] == "GET" and request["path"] == path
    assert PLAINTEXT not in request["path"] and PLAINTEXT not in str(request["query"])  # never in the URL
    headers = {key.lower(): value for key, value in request["headers"].items()}
    if channel == "zalo":
        assert headers["access_token"] == PLAINTEXT
    else:
        assert headers["authorization"] == f"Bearer {PLAINTEXT}"
    if channel == "facebook":
        assert request["query"] == {"fields": "name"}
    if channel == "youtube":
        assert request["query"] == {"part": "snippet", "mine": "true"}
    assert stub.stats()["posts"] == 0
    account.refresh_from_db()
    assert account.checked_at is not None and account.check_result == check.message


@pytest.mark.parametrize("channel", ["facebook", "zalo", "youtube"])
def test_check_connection_says_the_token_is_refused(hai_an, stub, channel):
    account = account_for(hai_an, channel, stub.url)
    stub.fault("expired_token", channel=channel)
    check = channel_account_check(account=account)
    assert not check.ok
    assert "từ chối token" in check.message and "hãy nhập token mới" in check.message
    assert PLAINTEXT not in check.message


def test_check_connection_says_when_the_server_cannot_be_reached(hai_an):
    account = account_for(hai_an, "zalo", "http://127.0.0.1:9")
    check = channel_account_check(account=account)
    assert not check.ok and check.message.startswith("Không kết nối được máy chủ Zalo (127.0.0.1:9)")


def test_check_button_shows_the_vietnamese_result(hai_an, stub, login):
    account = account_for(hai_an, "facebook", stub.url)
    client = login("lanhdao")
    response = client.post(reverse("channel_account:check", args=[account.pk]), follow=True)
    html = response.content.decode()
    assert "Kết nối Facebook thành công: “UBND phường Hải An”." in html
    stub.fault("invalid_token", channel="facebook")
    html = client.post(reverse("channel_account:check", args=[account.pk]), follow=True).content.decode()
    assert "Facebook từ chối token" in html and PLAINTEXT not in html


# --- ward isolation and roles -------------------------------------------------------------------------------

def test_another_wards_supervisor_neither_sees_nor_checks_nor_edits_the_account(hai_an, stub, ward_user, client):
    account = account_for(hai_an, "facebook", stub.url)
    ChannelAccount.objects.filter(pk=account.pk).update(name="Trang riêng của Hải An")
    client.force_login(ward_user("ha-bac", "supervisor"))
    listing = client.get(reverse("channel_account:index"))
    assert listing.status_code == 200 and "Trang riêng của Hải An" not in listing.content.decode()
    assert client.get(reverse("channel_account:edit", args=[account.pk])).status_code == 404
    assert client.post(reverse("channel_account:check", args=[account.pk])).status_code == 404
    assert client.post(reverse("channel_account:delete", args=[account.pk])).status_code == 404
    response = client.post(reverse("channel_account:add"), form_data(hai_an))  # Hải An is not a choice
    assert response.status_code == 200
    assert stub.requests() == []
    assert ChannelAccount.objects.filter(ward=hai_an).count() == 1

    client.force_login(ward_user("hai-an", "supervisor"))  # the same probes as Hải An's own supervisor
    assert "Trang riêng của Hải An" in client.get(reverse("channel_account:index")).content.decode()
    assert client.get(reverse("channel_account:edit", args=[account.pk])).status_code == 200


@pytest.mark.parametrize("role", ["editor", "broadcast"])
def test_editors_and_broadcast_staff_cannot_manage_accounts(hai_an, stub, ward_user, client, role):
    account = account_for(hai_an, "facebook", stub.url)
    client.force_login(ward_user("hai-an", role))
    for url in (reverse("channel_account:index"), reverse("channel_account:add"),
                reverse("channel_account:edit", args=[account.pk])):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert PLAINTEXT not in response.content.decode()
    assert client.post(reverse("channel_account:check", args=[account.pk])).status_code in (302, 403)
    assert client.post(reverse("channel_account:edit", args=[account.pk]),
                       form_data(hai_an, token=NEW_PLAINTEXT)).status_code in (302, 403)
    account.refresh_from_db()
    assert account.token == PLAINTEXT and stub.requests() == []
