"""Several broadcast times a day in one schedule ("06:00, 17:30"): the publication form takes the
list, the expansion makes one delivery per time, and the rule reads "lúc 06:00 và 17:30"."""

import datetime as dt

import pytest
from django.urls import reverse

from campaigns.models import Publication
from campaigns.scheduling.recurrence import LOCAL_TZ
from campaigns.scheduling.rule_text import publication_describe
from cms.models import ArticlePage

ADD_URL = reverse("publication:add")
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def article(demo, published_piece, time_machine):
    time_machine.move_to(NOW)
    campaign = demo["campaign"]
    campaign.period_start, campaign.period_end = dt.date(2026, 11, 1), dt.date(2027, 6, 30)
    campaign.save()
    return published_piece(ArticlePage, title="Tin nhà ở xã hội", intro="Sapo", body=[])


def post(client, page, **overrides):
    data = {"channel": "facebook", "audience": "ward", "freq": "daily", "times": "06:00, 17:30",
            "start_date": "01/12/2026", "end_date": "03/12/2026", "slot_mode": "fixed", "interval": "1",
            "action": "save", "acknowledge": "on"}
    data.update(overrides)
    return client.post(f"{ADD_URL}?page={page.pk}", data)


def test_the_form_takes_times_with_different_minutes_and_makes_one_delivery_per_time(article, login):
    client = login("bientap")
    response = post(client, article)
    assert response.status_code == 302, response.content.decode()[:3000]
    publication = Publication.objects.latest("pk")
    due = [f"{d.due_at.astimezone(LOCAL_TZ):%d/%m %H:%M}" for d in publication.deliveries.order_by("due_at")]
    assert due == ["01/12 06:00", "01/12 17:30", "02/12 06:00", "02/12 17:30", "03/12 06:00", "03/12 17:30"]
    assert publication_describe(publication) == "Hằng ngày lúc 06:00 và 17:30, từ 01/12/2026 đến 03/12/2026"
    edit = client.get(reverse("publication:edit", args=[publication.pk])).content.decode()
    assert 'value="06:00, 17:30"' in edit


def test_the_form_says_which_time_is_wrong(article, login):
    response = post(login("bientap"), article, times="06:00, 25:00")
    assert response.status_code == 200
    assert "Giờ “25:00” không hợp lệ" in response.content.decode()
    assert not Publication.objects.exists()
