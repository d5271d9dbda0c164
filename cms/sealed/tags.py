"""Tag names a person meets in the admin (tag autocomplete, the "popular tags" of the image and
document listings and of the image chooser) come only from what their wards may use: tags are
shared rows in taggit, so Wagtail's own views would offer every ward's tag names."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy
from taggit.models import Tag, TaggedItem
from wagtail.admin.filters import PopularTagsFilter
from wagtail.documents import get_document_model
from wagtail.documents.views.documents import DocumentsFilterSet
from wagtail.documents.views.documents import IndexView as DocumentsIndexView
from wagtail.images import get_image_model
from wagtail.images.views.images import ImagesFilterSet
from wagtail.images.views.images import IndexView as ImagesIndexView

from cms.media_access import usable_media
from cms.page_access import owned_pages

AUTOCOMPLETE_LIMIT = 10  # as Wagtail's
POPULAR_LIMIT = 10


def tags_visible_to(user) -> QuerySet:
    """Tags on the images and documents the user may use and on the pages their wards own."""
    from cms.models import ArticlePage, ArticlePageTag

    used = Q()
    for model in (get_image_model(), get_document_model()):
        items = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                          object_id__in=usable_media(model.objects.all(), user).values("pk"))
        used |= Q(pk__in=items.values("tag_id"))
    pages = owned_pages(ArticlePage.objects.all(), user).values("pk")
    used |= Q(pk__in=ArticlePageTag.objects.filter(content_object__in=pages).values("tag_id"))
    return Tag.objects.filter(used)


def popular_tags_for(user, model, count: int = POPULAR_LIMIT) -> list:
    """Like Wagtail's ``popular_tags_for_model``, over the tags the user may see."""
    content_type = ContentType.objects.get_for_model(model)
    items = TaggedItem.objects.filter(content_type=content_type,
                                      object_id__in=usable_media(model.objects.all(), user).values("pk"))
    return list(Tag.objects.filter(taggit_taggeditem_items__in=items)
                .annotate(item_count=Count("taggit_taggeditem_items")).order_by("-item_count", "name")[:count])


def autocomplete(request, app_name=None, model_name=None):
    """Wagtail's tag autocomplete (same URLs and answer), limited to the user's tags."""
    if app_name and model_name:
        try:
            content_type = ContentType.objects.get_by_natural_key(app_name, model_name)
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        if content_type.model_class() is not Tag:
            raise Http404  # the project's only tag model is taggit's
    term = request.GET.get("term", "")
    names = []
    if term:
        names = list(tags_visible_to(request.user).filter(name__istartswith=term).order_by("name")
                     .values_list("name", flat=True).distinct()[:AUTOCOMPLETE_LIMIT])
    return JsonResponse(names, safe=False)


class WardTagChoices:
    """Mixed into a Wagtail media filter set: its "popular tags" are the user's."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, is_searching=None):
        super().__init__(data, queryset, request=request, prefix=prefix, is_searching=is_searching)
        self.filters.pop("tag", None)
        popular = popular_tags_for(request.user, self._meta.model)
        if popular:
            self.filters["tag"] = PopularTagsFilter(
                label=gettext_lazy("Tag"), field_name="tags__name", choices=[(tag.name, tag.name) for tag in popular],
                widget=forms.CheckboxSelectMultiple, use_subquery=is_searching,
                help_text=gettext_lazy("Filter by up to ten most popular tags."),
            )


class WardImagesFilterSet(WardTagChoices, ImagesFilterSet):
    class Meta(ImagesFilterSet.Meta):
        pass


class WardDocumentsFilterSet(WardTagChoices, DocumentsFilterSet):
    class Meta(DocumentsFilterSet.Meta):
        pass


class WardImagesIndexView(ImagesIndexView):
    filterset_class = WardImagesFilterSet


class WardDocumentsIndexView(DocumentsIndexView):
    filterset_class = WardDocumentsFilterSet
