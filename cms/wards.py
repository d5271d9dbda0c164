"""A ward's portal: its Wagtail Site, page tree root, collection, permissions and workflow.

Runs from the ``loa_ward_setup`` hook whenever a ward or commune is added (and
again, harmlessly, from ``setup_roles`` and ``load_demo``).
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from campaigns.models import Locality, Role
from cms.models import WardHomePage

PAGE_PERMISSIONS = {
    Role.EDITOR: ("add_page", "change_page"),
    Role.SUPERVISOR: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
    Role.BROADCAST: (),
}
COLLECTION_PERMISSIONS = {
    Role.EDITOR: ("add_image", "change_image", "choose_image", "add_document", "change_document",
                  "choose_document"),
    Role.SUPERVISOR: ("add_image", "change_image", "choose_image", "delete_image", "add_document",
                      "change_document", "choose_document", "delete_document"),
    Role.BROADCAST: ("choose_image", "choose_document"),
}
WORKFLOW_NAME = "Duyệt nội dung tuyên truyền"


def portal_hostname(locality: Locality) -> str:
    return f"{locality.slug}.{settings.LOA_PORTAL_DOMAIN}"


def _permission(codename: str) -> Permission:
    app_label = {"image": "wagtailimages", "document": "wagtaildocs"}.get(codename.rsplit("_", 1)[1], "wagtailcore")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def home_page_ensure(locality: Locality) -> WardHomePage:
    home = WardHomePage.objects.filter(locality=locality).first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=WardHomePage(
            title=f"{locality.get_kind_display()} {locality.name}", slug=locality.slug, locality=locality,
        ))
        home.save_revision().publish()
    return home


def site_ensure(locality: Locality, home: WardHomePage) -> Site:
    site = Site.objects.filter(root_page=home).first() or Site(root_page=home)
    site.hostname = portal_hostname(locality)
    site.port = settings.LOA_PORTAL_PORT
    site.site_name = f"Cổng thông tin {locality.get_kind_display().lower()} {locality.name}"
    site.save()
    return site


def collection_ensure(locality: Locality) -> Collection:
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=locality.name).first()
    return collection or root.add_child(name=locality.name)


def permissions_ensure(groups: dict[str, Group], home: Page, collection: Collection) -> None:
    for role, group in groups.items():
        for codename in PAGE_PERMISSIONS[role]:
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=_permission(codename))
        for codename in COLLECTION_PERMISSIONS[role]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(codename)
            )


def workflow_ensure(locality: Locality, groups: dict[str, Group], home: Page) -> Workflow:
    """Editor submits -> the ward's supervisors approve or ask for changes."""
    task_name = f"Lãnh đạo {locality.name} duyệt"
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
    task.groups.set([groups[Role.SUPERVISOR]])
    workflow, _ = Workflow.objects.get_or_create(name=f"{WORKFLOW_NAME} — {locality.name}")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ward_portal_ensure(*, locality: Locality, groups: dict[str, Group]) -> WardHomePage | None:
    if not locality.is_ward:
        return None
    home = home_page_ensure(locality)
    site_ensure(locality, home)
    permissions_ensure(groups, home, collection_ensure(locality))
    workflow_ensure(locality, groups, home)
    return home
