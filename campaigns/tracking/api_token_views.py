""""Khoá API" under "Độ phủ": a person's keys for the read-only coverage API: create one (its key is
shown once, on the page that answers the creation), see when each was last used, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.models import APIToken

from campaigns.admin.ids import parse_id
from campaigns.admin.screens import TitledAdminScreen
from campaigns.models import Campaign
from campaigns.places import access
from campaigns.tracking import api_tokens


class ApiTokenListView(TitledAdminScreen, TemplateView):
    template_name = "campaigns/coverage/api_tokens.html"
    page_title = _("Khoá API số liệu độ phủ")
    header_icon = "key"

    def get_context_data(self, **kwargs):
        example = access.scope_queryset(Campaign.objects.order_by("parent_id", "pk"), self.request.user).first()
        return super().get_context_data(
            tokens=APIToken.objects.filter(user=self.request.user).order_by("-created"),
            example_url=self.request.build_absolute_uri(reverse("coverage_api", args=[example.pk if example else 1])),
            **kwargs)

    def post(self, request, *args, **kwargs):
        name = request.POST.get("name", "").strip()
        if not name or len(name) > 100:
            context = self.get_context_data(problem="Hãy đặt tên gợi nhớ cho khoá (tối đa 100 ký tự), "
                                                    "ví dụ “Tổng hợp của thành phố”.")
            return self.render_to_response(context, status=400)
        token, key = api_tokens.api_token_create(user=request.user, name=name)
        # The key is shown on this answer only: it is not kept in a message (the session) nor in the database.
        return self.render_to_response(self.get_context_data(new_token=token, new_key=key))


class ApiTokenRevokeView(View):
    http_method_names = ["post"]

    def post(self, request, pk):
        token_id = parse_id(pk)
        if token_id is None or not api_tokens.api_token_revoke(user=request.user, token_id=token_id):
            raise Http404
        messages.success(request, "Đã thu hồi khoá API: chương trình dùng khoá này sẽ không đọc được số liệu nữa.")
        return redirect("coverage:api_tokens")
