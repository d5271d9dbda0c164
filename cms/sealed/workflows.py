"""Wagtail's workflow task chooser, offering only the tasks of the person's wards (``owned_tasks``).
Wagtail gives it no queryset hook and no permission check, so it is routed ahead of Wagtail's
(``cms.sealed.urls``). The workflow and task management screens need Wagtail's workflow
permissions, which no ward role has."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from wagtail.admin.views.workflows import TaskChooserResultsView, TaskChooserView, get_task_chosen_response
from wagtail.models import Task

from cms.page_access import owned_tasks


class WardTaskListingMixin:
    def get_task_listing_context_data(self):
        context = super().get_task_listing_context_data()
        user = self.request.user
        shown = context["tasks"].paginator
        tasks = owned_tasks(shown.object_list, user)
        context["tasks"] = Paginator(tasks, per_page=shown.per_page).get_page(self.request.GET.get("p"))
        context["all_tasks"] = owned_tasks(context["all_tasks"], user)
        return context


class WardTaskChooserView(WardTaskListingMixin, TaskChooserView):
    pass


class WardTaskChooserResultsView(WardTaskListingMixin, TaskChooserResultsView):
    pass


def task_chosen(request, task_id):
    task = get_object_or_404(owned_tasks(Task.objects.all(), request.user), pk=task_id)
    return get_task_chosen_response(request, task)
