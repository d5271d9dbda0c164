"""The locality tree, residential groups and loudspeaker slots."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from campaigns.models import BroadcastSlot, Locality, LoudspeakerCluster, ResidentialGroup
from campaigns.places.slots import find_overlapping_slot

T = datetime.time


@pytest.fixture
def city(db):
    return Locality.objects.create(name="Hải Phòng", kind="city")


@pytest.fixture
def ward(city):
    return Locality.objects.create(name="Hải An", kind="ward", parent=city)


@pytest.fixture
def cluster(ward):
    return LoudspeakerCluster.objects.create(ward=ward, name="Cụm loa số 1")


def test_locality_slug_comes_from_the_vietnamese_name(ward):
    assert ward.slug == "hai-an"
    assert Locality.objects.create(name="Hà Bắc", kind="commune", parent=ward.parent).slug == "ha-bac"


def test_tree_ancestors_and_children(city, ward):
    commune = Locality.objects.create(name="Hà Bắc", kind="commune", parent=city)
    assert ward.ancestors() == [city]
    assert set(city.children.all()) == {ward, commune}
    assert city.ancestors() == []


def test_ward_must_sit_under_a_city_or_province(city):
    orphan = Locality(name="Lẻ Loi", kind="ward")
    with pytest.raises(ValidationError) as error:
        orphan.full_clean()
    assert "phải trực thuộc" in str(error.value)


def test_city_cannot_be_placed_under_a_ward(city, ward):
    other_city = Locality(name="Hà Nội", kind="city", parent=ward)
    with pytest.raises(ValidationError) as error:
        other_city.full_clean()
    assert "không thể trực thuộc" in str(error.value)


def test_a_cycle_in_the_tree_is_rejected(city):
    district = Locality.objects.create(name="Quận Một", kind="district", parent=city)
    ward = Locality.objects.create(name="Phường Hai", kind="ward", parent=district)
    district.parent = ward
    with pytest.raises(ValidationError):
        district.full_clean()


def test_group_names_are_unique_per_ward_but_not_across_wards(city, ward):
    other = Locality.objects.create(name="Hà Bắc", kind="commune", parent=city)
    ResidentialGroup.objects.create(ward=ward, name="Tổ dân phố số 5")
    ResidentialGroup.objects.create(ward=other, name="Tổ dân phố số 5")
    duplicate = ResidentialGroup(ward=ward, name="Tổ dân phố số 5")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "đã có một tổ/thôn cùng tên" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_head_phone_must_be_a_vietnamese_number(ward):
    group = ResidentialGroup(ward=ward, name="Tổ 1", head_phone="12345")
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "Số điện thoại không hợp lệ" in str(error.value)
    group.head_phone = "0912 345 678"
    group.full_clean()
    assert group.head_phone == "0912345678"


def test_slot_capacity_is_its_length_in_seconds(cluster):
    slot = BroadcastSlot(cluster=cluster, start=T(6, 0), end=T(6, 30))
    assert slot.capacity_seconds == 1800


@pytest.mark.parametrize(
    ("start", "end", "weekdays", "overlaps"),
    [
        (T(6, 15), T(6, 45), 0b1111111, True),
        (T(5, 30), T(6, 1), 0b0000001, True),
        (T(6, 30), T(7, 0), 0b1111111, False),  # touching is fine
        (T(6, 0), T(6, 30), 0b1000000, False),  # only Sunday, existing slot is Mon-Sat
    ],
)
def test_overlap_needs_a_shared_weekday_and_intersecting_times(cluster, start, end, weekdays, overlaps):
    BroadcastSlot.objects.create(cluster=cluster, start=T(6, 0), end=T(6, 30), weekdays=0b0111111)
    candidate = BroadcastSlot(cluster=cluster, start=start, end=end, weekdays=weekdays)
    assert (find_overlapping_slot(candidate) is not None) is overlaps


def test_database_trigger_refuses_overlapping_slot_even_without_validation(cluster):
    BroadcastSlot.objects.create(cluster=cluster, start=T(6, 0), end=T(6, 30))
    with pytest.raises(IntegrityError, match="broadcastslot_overlap"), transaction.atomic():
        BroadcastSlot.objects.create(cluster=cluster, start=T(6, 10), end=T(6, 20))
    assert BroadcastSlot.objects.count() == 1


def test_database_trigger_checks_updates_too(cluster):
    BroadcastSlot.objects.create(cluster=cluster, start=T(6, 0), end=T(6, 30))
    evening = BroadcastSlot.objects.create(cluster=cluster, start=T(17, 0), end=T(17, 30))
    evening.start, evening.end = T(6, 20), T(6, 50)
    with pytest.raises(IntegrityError), transaction.atomic():
        evening.save()
    evening.start, evening.end = T(17, 0), T(17, 45)
    evening.save()  # changing a slot without touching another is fine


def test_other_clusters_do_not_conflict(cluster, ward):
    other = LoudspeakerCluster.objects.create(ward=ward, name="Cụm loa số 2")
    BroadcastSlot.objects.create(cluster=cluster, start=T(6, 0), end=T(6, 30))
    BroadcastSlot.objects.create(cluster=other, start=T(6, 0), end=T(6, 30))


def test_slot_end_must_be_after_start(cluster):
    with pytest.raises(IntegrityError), transaction.atomic():
        BroadcastSlot.objects.create(cluster=cluster, start=T(7, 0), end=T(6, 0))


def test_overlap_trigger_survives_all_migrations(db):
    """SQLite drops triggers when Django rebuilds a table; a later migration must recreate it."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name=%s",
                           ["campaigns_broadcastslot"])
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'campaigns_broadcastslot'::regclass "
                           "AND NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
    assert names & {"broadcastslot_no_overlap_insert", "broadcastslot_no_overlap"}


def test_cluster_slug_unique_per_ward(cluster, ward):
    assert cluster.slug == "cum-loa-so-1"
    with pytest.raises(IntegrityError), transaction.atomic():
        LoudspeakerCluster.objects.create(ward=ward, name="Cụm khác", slug="cum-loa-so-1")
