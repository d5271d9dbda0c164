from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Cổng thông tin"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from cms.models import PosterPage
        from cms.people import people_named_in_vietnamese_order
        from cms.portal_cache import portal_version_bump
        from cms.posters import poster_files_on_publish, poster_files_on_unpublish
        from cms.review import hold_deliveries_of_unpublished, release_held_deliveries

        people_named_in_vietnamese_order()

        page_published.connect(portal_version_bump, dispatch_uid="loa-portal-published")
        page_published.connect(release_held_deliveries, dispatch_uid="loa-release-held-deliveries")
        page_unpublished.connect(portal_version_bump, dispatch_uid="loa-portal-unpublished")
        page_unpublished.connect(hold_deliveries_of_unpublished, dispatch_uid="loa-hold-unpublished")
        page_published.connect(poster_files_on_publish, sender=PosterPage, dispatch_uid="loa-poster-published")
        page_unpublished.connect(poster_files_on_unpublish, sender=PosterPage, dispatch_uid="loa-poster-unpublished")
        post_delete.connect(poster_files_on_unpublish, sender=PosterPage, dispatch_uid="loa-poster-deleted")
        for model in ("campaigns.Campaign", "campaigns.Target", "campaigns.Resolution"):
            post_save.connect(portal_version_bump, sender=model, dispatch_uid=f"loa-portal-save-{model}")
            post_delete.connect(portal_version_bump, sender=model, dispatch_uid=f"loa-portal-delete-{model}")
