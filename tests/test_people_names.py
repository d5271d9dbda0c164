"""People are shown by their Vietnamese full name (họ đệm + tên), not by username."""

from django.urls import reverse
from wagtail.admin.templatetags.wagtailadmin_tags import user_display_name

from campaigns.models import Publication
from cms.people import full_name


def test_full_name_is_family_name_first(demo, django_user_model):
    supervisor = django_user_model.objects.get(username="lanhdao")
    assert supervisor.get_full_name() == "Phạm Minh Đạo" == full_name(supervisor)
    assert user_display_name(supervisor) == "Phạm Minh Đạo"  # Wagtail's history, dashboard, emails
    nameless = django_user_model.objects.create(username="khongten")
    assert full_name(nameless) == "khongten"


def test_publication_detail_names_who_scheduled_it(portal_demo, login, django_user_model):
    publication = Publication.objects.filter(ward__slug="hai-an").order_by("pk").first()
    Publication.objects.filter(pk=publication.pk).update(created_by=django_user_model.objects.get(username="bientap"))
    html = login("lanhdao").get(reverse("publication:inspect", args=[publication.pk])).content.decode()
    assert "Nguyễn Thị Biên" in html
