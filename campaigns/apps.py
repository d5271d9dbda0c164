from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = "Tuyên truyền"

    def ready(self):
        from campaigns.admin.exports import exports_localise, exports_neutralise

        exports_neutralise()
        exports_localise()
