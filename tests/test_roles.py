"""Role groups carry the permissions their people need, and no more."""

import pytest
from django.contrib.auth.models import Group

from campaigns.places.roles import ROLE_PERMISSIONS, roles_ensure


def group_perms(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


@pytest.mark.django_db
def test_roles_ensure_is_idempotent_and_creates_three_groups():
    roles_ensure()
    roles_ensure()
    assert Group.objects.filter(name__in=["Biên tập viên", "Cán bộ truyền thanh", "Lãnh đạo"]).count() == 3


@pytest.mark.django_db
def test_each_role_has_what_it_needs():
    roles_ensure()
    editor, broadcast, supervisor = (group_perms(n) for n in ("Biên tập viên", "Cán bộ truyền thanh", "Lãnh đạo"))
    assert {"campaigns.add_campaign", "campaigns.change_campaign", "campaigns.add_resolution"} <= editor
    assert "campaigns.change_broadcastslot" not in editor
    assert {"campaigns.change_loudspeakercluster", "campaigns.add_broadcastslot"} <= broadcast
    assert "campaigns.change_campaign" not in broadcast
    assert {"campaigns.delete_campaign", "campaigns.change_residentialgroup"} <= supervisor
    for perms in (editor, broadcast, supervisor):
        assert "wagtailadmin.access_admin" in perms
        assert "campaigns.add_locality" not in perms  # only system administrators add wards


def test_role_permissions_name_real_permissions(db):
    from campaigns.places.roles import _permission_objects

    for codenames in ROLE_PERMISSIONS.values():
        assert len(_permission_objects(codenames)) == len(codenames)
