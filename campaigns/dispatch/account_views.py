"""Admin screen "Tài khoản kênh": a ward's Facebook page, Zalo OA and YouTube channel.

The token is write-only: the form never shows it back (a password field left empty, with "đã lưu
token" when one is stored); leaving it empty keeps the stored token. "Kiểm tra kết nối" asks the
channel who the account is and shows the answer in Vietnamese."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from campaigns.admin.scoped_views import IntegrityCheckedSaveMixin, WardScopedViewSet, scoped
from campaigns.dispatch.accounts import channel_account_check, channel_account_token_update, channel_accounts_for
from campaigns.models import ChannelAccount
from campaigns.places.forms import WardScopedForm

TOKEN_SAVED = _("Đã lưu token. Để trống để giữ token cũ; nhập token mới để thay.")
TOKEN_NONE = _("Dán token truy cập của trang/kênh. Token được mã hóa khi lưu và không bao giờ hiển thị lại.")


class ChannelAccountForm(WardScopedForm):
    token = forms.CharField(
        label=_("token truy cập"), required=False, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    token_forget = forms.BooleanField(label=_("xóa token đã lưu"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = bool(self.instance.pk and self.instance.has_stored_token)
        self.fields["token"].help_text = TOKEN_SAVED if stored else TOKEN_NONE
        if not stored:
            self.fields["token_forget"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        typed = cleaned.get("token") or ""
        keeps = self.instance.has_stored_token and not cleaned.get("token_forget")
        if not typed and not keeps and not cleaned.get("token_env"):
            self.add_error("token", _t("Hãy nhập token truy cập (hoặc tên biến môi trường chứa token)."))
        return cleaned

    def save(self, commit=True):
        channel_account_token_update(account=self.instance, token=self.cleaned_data.get("token") or "",
                                     forget=bool(self.cleaned_data.get("token_forget")))
        return super().save(commit=commit)


class ChannelAccountIndexView(scoped(generic.IndexView)):
    list_select_related = ("ward",)

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if self.user_has_permission("change"):
            buttons.append(MenuItem(_t("Kiểm tra kết nối"), url=reverse("channel_account:check", args=[instance.pk]),
                                    icon_name="link", priority=15))
        return buttons


class ChannelAccountCheckView(WagtailAdminTemplateMixin, TemplateView):
    """GET shows the account and its last check; POST calls the channel and shows the answer."""

    template_name = "campaigns/channel_accounts/check.html"
    header_icon = "link"
    page_title = _("Kiểm tra kết nối")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("campaigns.change_channelaccount"):
            raise PermissionDenied
        self.account = get_object_or_404(channel_accounts_for(request.user, for_change=True), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("channel_account:index"), "label": _t("Tài khoản kênh")},
                {"url": "", "label": str(self.account)}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.account, **kwargs)

    def post(self, request, *args, **kwargs):
        check = channel_account_check(account=self.account, now=timezone.now())
        (messages.success if check.ok else messages.error)(request, check.message)
        return redirect(reverse("channel_account:check", args=[self.account.pk]))


def _token_state(account: ChannelAccount) -> str:
    if account.has_stored_token:
        return _t("Đã lưu token")
    if account.token_env:
        return _t("Biến môi trường %(name)s") % {"name": account.token_env}
    return _t("Chưa có token")


class ChannelAccountViewSet(WardScopedViewSet):
    """ "Tài khoản kênh": one per ward and channel; only the ward's supervisor manages them."""

    model = ChannelAccount
    icon = "link"
    menu_label = _("Tài khoản kênh")
    url_prefix = "channel-accounts"
    name = "channel_account"
    index_view_class = ChannelAccountIndexView
    add_view_class = scoped(generic.CreateView, IntegrityCheckedSaveMixin)
    copy_view_enabled = False
    inspect_view_enabled = False
    base_form_class = ChannelAccountForm
    list_display = [
        "channel", "name", "ward",
        Column("token_state", label=_("Token"), accessor=_token_state),
        "enabled",
        Column("check_result", label=_("Kiểm tra kết nối gần nhất"), accessor="check_result"),
    ]
    list_filter = ["channel"]
    search_fields = ["name", "account_id"]
    list_export = ["ward", "channel", "name", "account_id", "base_url", "enabled", "checked_at", "check_result"]
    panels = [
        FieldPanel("ward"),
        FieldRowPanel([FieldPanel("channel"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("base_url"), FieldPanel("account_id")]),
        FieldPanel("token"),
        FieldPanel("token_forget"),
        FieldPanel("token_env"),
        FieldRowPanel([FieldPanel("max_attempts"), FieldPanel("enabled")]),
        FieldPanel("honours_idempotency_key"),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("check/<int:pk>/", ChannelAccountCheckView.as_view(), name="check"),
        ]

