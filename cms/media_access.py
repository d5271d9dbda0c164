"""Which images and documents a person may use: those in the collections where
Wagtail's permission policy lets them "choose" (each ward's groups get that on
their ward's collection only, see ``cms.wards``)."""

from django.db.models import QuerySet
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry


def is_media_model(model) -> bool:
    return issubclass(model, (get_image_model(), get_document_model()))


def usable_media(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` of images or documents limited to the collections the user may choose from."""
    policy = policy_registry.get_by_type(queryset.model)
    return queryset.filter(collection__in=policy.collections_user_has_permission_for(user, "choose"))


def may_use(user, obj) -> bool:
    return usable_media(type(obj)._default_manager.filter(pk=obj.pk), user).exists()
