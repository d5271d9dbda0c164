from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Cổng thông tin"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from cms.portal_cache import portal_version_bump
        from cms.review import hold_deliveries_of_unpublished, release_held_deliveries

        page_published.connect(portal_version_bump, dispatch_uid="loa-portal-published")
        page_published.connect(release_held_deliveries, dispatch_uid="loa-release-held-deliveries")
        page_unpublished.connect(portal_version_bump, dispatch_uid="loa-portal-unpublished")
        page_unpublished.connect(hold_deliveries_of_unpublished, dispatch_uid="loa-hold-unpublished")
        for model in ("campaigns.Campaign", "campaigns.Target", "campaigns.Resolution"):
            post_save.connect(portal_version_bump, sender=model, dispatch_uid=f"loa-portal-save-{model}")
            post_delete.connect(portal_version_bump, sender=model, dispatch_uid=f"loa-portal-delete-{model}")
