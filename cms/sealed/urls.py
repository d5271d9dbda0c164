"""Routes matched before Wagtail's admin URLs (``cms.urls``), at the same paths, for the screens
Wagtail offers no hook for. Every path here must stay identical to Wagtail's."""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.utils.urlpatterns import decorate_urlpatterns

from cms.sealed import pages, reports, tags, workflows

_REPORTS = {
    "locked": reports.WardLockedPagesView,
    "workflow": reports.WardWorkflowView,
    "workflow_tasks": reports.WardWorkflowTasksView,
    "site-history": reports.WardSiteHistoryView,
    "aging-pages": reports.WardAgingPagesView,
    "page-types-usage": reports.WardPageTypesUsageView,
}

urlpatterns = [
    path("choose-page/", pages.WardBrowseView.as_view()),
    path("choose-page/<int:parent_page_id>/", pages.WardBrowseView.as_view()),
    path("choose-page/chosen-multiple/", pages.WardChosenMultipleView.as_view()),
    path("choose-external-link/", pages.LoaExternalLinkView.as_view()),
    path("bulk/<str:app_label>/<str:model_name>/<str:action>/", pages.bulk_action),
    path("forms/", pages.WardFormPagesListView.as_view()),
    path("forms/results/", pages.WardFormPagesListView.as_view(results_only=True)),
    path("images/", tags.WardImagesIndexView.as_view()),
    path("images/results/", tags.WardImagesIndexView.as_view(results_only=True)),
    path("documents/", tags.WardDocumentsIndexView.as_view()),
    path("documents/results/", tags.WardDocumentsIndexView.as_view(results_only=True)),
    path("tag-autocomplete/", tags.autocomplete),
    path("tag-autocomplete/<slug:app_name>/<slug:model_name>/", tags.autocomplete),
    path("workflows/task_chooser/", workflows.WardTaskChooserView.as_view()),
    path("workflows/task_chooser/results/", workflows.WardTaskChooserResultsView.as_view()),
    path("workflows/task_chooser/<int:task_id>/", workflows.task_chosen),
]
for slug, view in _REPORTS.items():
    urlpatterns += [
        path(f"reports/{slug}/", view.as_view()),
        path(f"reports/{slug}/results/", view.as_view(results_only=True)),
    ]

# The same decorations as Wagtail's admin URLs: admin access required, the admin's 404 page, never cached.
for decorator in (require_admin_access, display_custom_404, never_cache):
    urlpatterns = decorate_urlpatterns(urlpatterns, decorator)
