from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = "Tuyên truyền"

    def ready(self):
        from campaigns.admin.exports import exports_localise, exports_neutralise

        exports_neutralise()
        exports_localise()

        from django_q.signals import post_spawn

        from campaigns.dispatch.health import on_worker_spawn

        post_spawn.connect(on_worker_spawn, dispatch_uid="loa-worker-started")
