"""The delivery list ("Lượt đăng/phát"): found by group, cluster, date, campaign, channel and status
within the user's wards; a row opens that delivery; ticked rows are marked done, retried or cancelled
together, through the transitions that write each row's history, and only by a role and ward that may."""

from urllib.parse import urlencode

from django.urls import reverse
from wagtail.models import ModelLogEntry

from campaigns.models import Delivery, DeliveryStatus, LoudspeakerCluster, ResidentialGroup
from tests import calendar_world

world = calendar_world.world  # the fixture month: Hải An and Hà Bắc deliveries in December 2026
INDEX = reverse("delivery:index")
S = DeliveryStatus


def listed(response) -> set[int]:
    assert response.status_code == 200, response.content.decode()[:2000]
    return {row.pk for row in response.context["page_obj"].paginator.object_list}


def bulk_url(action: str, ids) -> str:
    query = urlencode([("id", pk) for pk in ids] + [("next", INDEX)])
    return reverse("wagtail_bulk_action", args=["campaigns", "delivery", action]) + "?" + query


def hai_an_rows(world, **filters):
    return Delivery.objects.filter(publication__ward=world["hai_an"], **filters).order_by("pk")


# --- filters -----------------------------------------------------------------------------------


def test_deliveries_are_found_by_residential_group_and_date_range(world, login):
    client = login("truyenthanh")
    group = ResidentialGroup.objects.filter(deliveries__publication=world["daily"]).first()
    rows = listed(client.get(INDEX, {"group": group.pk, "date_from": "03/12/2026", "date_to": "04/12/2026"}))
    expected = set(hai_an_rows(world, group=group, due_at__date__range=("2026-12-02", "2026-12-05"))
                   .filter(due_at__gte="2026-12-03T00:00+07:00", due_at__lt="2026-12-05T00:00+07:00")
                   .values_list("pk", flat=True))
    assert rows == expected and len(rows) == 4  # the short and the long daily script, two days each
    assert {Delivery.objects.get(pk=pk).group_id for pk in rows} == {group.pk}


def test_deliveries_are_found_by_cluster_campaign_channel_and_status(world, login):
    client = login("truyenthanh")
    cluster = world["clusters"][1]
    assert listed(client.get(INDEX, {"cluster": cluster.pk})) == set(
        hai_an_rows(world, cluster=cluster).values_list("pk", flat=True))
    assert listed(client.get(INDEX, {"channel": "portal", "campaign": world["campaign"].pk})) == {
        world["portal"].deliveries.get().pk}
    failed = hai_an_rows(world).first()
    Delivery.objects.filter(pk=failed.pk).update(status=S.FAILED)
    assert listed(client.get(INDEX, {"status": S.FAILED})) == {failed.pk}


def test_filter_choices_are_only_the_users_ward(world, login):
    html = login("truyenthanh").get(INDEX).content.decode()
    ha_bac_group = ResidentialGroup.objects.filter(ward=world["ha_bac"]).first()
    ha_bac_cluster = LoudspeakerCluster.objects.filter(ward=world["ha_bac"]).first()
    assert f'value="{ha_bac_group.pk}"' not in html.split('name="group"')[1].split("</select>")[0]
    assert f'value="{ha_bac_cluster.pk}"' not in html.split('name="cluster"')[1].split("</select>")[0]
    assert world["ha_bac_campaign"].title not in html
    assert 'name="date_from"' in html and 'type="date"' not in html and 'placeholder="dd/mm/yyyy"' in html


def test_another_wards_group_as_a_filter_is_refused_without_listing_its_rows(world, login):
    ha_bac_group = ResidentialGroup.objects.filter(deliveries__publication=world["ha_bac_pub"]).first()
    response = login("truyenthanh").get(INDEX, {"group": ha_bac_group.pk})
    assert response.status_code == 200
    assert not set(world["ha_bac_pub"].deliveries.values_list("pk", flat=True)) & listed(response)


def test_a_badly_typed_date_says_how_to_write_it(world, login):
    response = login("truyenthanh").get(INDEX, {"date_from": "2026-12-05"})
    assert response.status_code == 200
    assert "dd/mm/yyyy" in response.content.decode()


# --- a row opens that delivery -------------------------------------------------------------------


def test_a_row_opens_that_delivery(world, login):
    client = login("truyenthanh")
    delivery = hai_an_rows(world, publication=world["daily"]).last()
    open_url = reverse("delivery:edit", args=[delivery.pk])
    assert open_url in client.get(INDEX, {"group": delivery.group_id}).content.decode()
    response = client.get(open_url, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"?delivery={delivery.pk}")
    assert html.count("data-delivery=") == 1 and f'data-delivery="{delivery.pk}"' in html


# --- bulk actions ----------------------------------------------------------------------------------


def test_bulk_cancel_moves_the_ticked_rows_and_logs_each(world, login):
    client = login("truyenthanh")
    ids = list(hai_an_rows(world, publication=world["daily"]).values_list("pk", flat=True)[:3])
    confirm = client.get(bulk_url("cancel", ids))
    assert confirm.status_code == 200 and "Có, hủy các lượt này" in confirm.content.decode()
    response = client.post(bulk_url("cancel", ids))
    assert response.status_code == 302
    assert set(Delivery.objects.filter(pk__in=ids).values_list("status", flat=True)) == {S.CANCELLED}
    logged = ModelLogEntry.objects.filter(action="loa.delivery.cancelled", object_id__in=[str(pk) for pk in ids])
    assert logged.count() == 3 and {entry.user.username for entry in logged} == {"truyenthanh"}


def test_bulk_mark_done_and_retry_go_through_the_transitions(world, login):
    client = login("truyenthanh")
    ready, failed, planned = hai_an_rows(world, publication=world["daily"])[:3]
    Delivery.objects.filter(pk=ready.pk).update(status=S.READY)
    Delivery.objects.filter(pk=failed.pk).update(status=S.FAILED, attempts=5, error="Lỗi mạng")
    client.post(bulk_url("done", [ready.pk, planned.pk]))
    client.post(bulk_url("retry", [failed.pk]))
    ready.refresh_from_db(), failed.refresh_from_db(), planned.refresh_from_db()
    assert ready.status == S.DELIVERED and ready.status_changed_by.username == "truyenthanh"
    assert planned.status == S.PLANNED  # not waiting for a person: left alone
    assert failed.status == S.PLANNED and failed.attempts == 0 and failed.error == ""
    assert ModelLogEntry.objects.filter(action="loa.delivery.delivered", object_id=str(ready.pk)).exists()
    assert ModelLogEntry.objects.filter(action="loa.delivery.retried", object_id=str(failed.pk)).exists()


def test_a_ha_bac_user_cannot_bulk_act_on_hai_an_deliveries(world, ward_user, client):
    client.force_login(ward_user("ha-bac", "broadcast"))
    ids = list(hai_an_rows(world).values_list("pk", flat=True)[:5])
    before = dict(Delivery.objects.filter(pk__in=ids).values_list("pk", "status"))
    for action in ("cancel", "done", "retry"):
        client.get(bulk_url(action, ids))
        client.post(bulk_url(action, ids))
    assert dict(Delivery.objects.filter(pk__in=ids).values_list("pk", "status")) == before
    assert not ModelLogEntry.objects.filter(object_id__in=[str(pk) for pk in ids]).exists()
    html = client.get(bulk_url("cancel", ids)).content.decode()
    assert not any(f'data-delivery="{pk}"' in html for pk in ids)


def test_a_role_without_the_right_is_refused_and_nothing_changes(world, login):
    client = login("bientap")  # editors write and schedule; broadcast staff and supervisors act on deliveries
    ids = list(hai_an_rows(world, publication=world["daily"]).values_list("pk", flat=True)[:3])
    assert client.post(bulk_url("cancel", ids)).status_code == 403
    assert set(Delivery.objects.filter(pk__in=ids).values_list("status", flat=True)) == {S.PLANNED}
    html = client.get(INDEX).content.decode()
    assert "data-bulk-action-checkbox" not in html and "bulk-actions-choices" not in html


def test_the_list_offers_the_bulk_actions_to_broadcast_staff(world, login):
    html = login("truyenthanh").get(INDEX).content.decode()
    assert "data-bulk-action-checkbox" in html
    for label in ("Xác nhận đã thực hiện", "Thử lại", "Hủy"):
        assert label in html
