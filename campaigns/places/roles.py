"""The three staff roles of a ward, the city officer's, and the per-locality groups that carry them.

A role group ("Biên tập viên") holds the permissions of the role. Each ward gets
one group per role ("Hải An · Biên tập viên") with the same permissions plus a
``WardGroup`` link that confines its members to that ward's rows.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail import hooks

from campaigns.models import Locality, Role, WardGroup

DOMAIN_MODELS = (
    "campaign", "target", "responsibleunit", "resolution",
    "residentialgroup", "loudspeakercluster", "broadcastslot", "locality",
    "publication", "delivery", "anniversary",
)


def _perms(actions: str, *models: str) -> set[str]:
    return {f"campaigns.{action}_{model}" for action in actions.split() for model in models}


VIEW_ALL = {"wagtailadmin.access_admin"} | _perms("view", *DOMAIN_MODELS)
CONFIRM = {"campaigns.confirm_delivery"}  # campaigns/tracking: confirm deliveries carried out

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.EDITOR: VIEW_ALL | CONFIRM | _perms("add change", "campaign", "target", "responsibleunit", "resolution",
                                   "publication"),
    Role.BROADCAST: VIEW_ALL | CONFIRM | _perms("add change", "loudspeakercluster", "broadcastslot")
    | _perms("change", "delivery"),
    Role.SUPERVISOR: VIEW_ALL | CONFIRM | _perms(
        "add change delete",
        "campaign", "target", "responsibleunit", "resolution",
        "residentialgroup", "loudspeakercluster", "broadcastslot", "publication", "anniversary",
    ) | _perms("change", "delivery")
    # A channel token posts in the ward's name: only the supervisor manages the accounts.
    | _perms("add change delete view", "channelaccount"),
}


# Roles held at a level above the wards (a city): a city officer reads every ward below the city
# (the ward rule gives the localities below a group's own) and changes nothing.
CITY_ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.CITY_OFFICER: VIEW_ALL,
}


def roles_for(locality: Locality) -> dict[str, set[str]]:
    """The roles a locality gets groups for: a ward its staff's, a city also its officers'."""
    return ROLE_PERMISSIONS if locality.is_ward else {**ROLE_PERMISSIONS, **CITY_ROLE_PERMISSIONS}


def _permission_objects(codenames: set[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in codenames}
    permissions = [
        permission
        for permission in Permission.objects.select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in permissions}
    if missing:
        raise LookupError(f"Missing permissions (run migrate first): {sorted(missing)}")
    return permissions


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """Create or update the role groups; safe to run any number of times."""
    groups = {}
    for role, codenames in {**ROLE_PERMISSIONS, **CITY_ROLE_PERMISSIONS}.items():
        group, _created = Group.objects.get_or_create(name=str(Role(role).label))
        group.permissions.set(_permission_objects(codenames))
        groups[role] = group
    return groups


def ward_group_name(locality: Locality, role: str) -> str:
    return f"{locality.name} · {Role(role).label}"


@transaction.atomic
def ward_groups_ensure(*, locality: Locality) -> dict[str, Group]:
    """Give a ward (or a city, for its officers) one group per role."""
    groups = {}
    for role, codenames in roles_for(locality).items():
        link = WardGroup.objects.filter(locality=locality, role=role).select_related("group").first()
        if link is None:
            group, _created = Group.objects.get_or_create(name=ward_group_name(locality, role))
            link = WardGroup.objects.create(group=group, locality=locality, role=role)
        link.group.permissions.set(_permission_objects(codenames))
        groups[role] = link.group
    return groups


WARD_SETUP_HOOK = "loa_ward_setup"


@transaction.atomic
def ward_setup(*, locality: Locality) -> dict[str, Group]:
    """Everything a newly added locality needs: its role groups, then what other
    apps register under the ``loa_ward_setup`` Wagtail hook (the portal site,
    page permissions, collections, the approval workflow). Idempotent."""
    groups = ward_groups_ensure(locality=locality)
    for setup in hooks.get_hooks(WARD_SETUP_HOOK):
        setup(locality=locality, groups=groups)
    return groups
