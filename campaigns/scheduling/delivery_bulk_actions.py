"""Bulk actions of the delivery list ("Lượt đăng/phát"): retry, mark done and cancel the selected rows.

Wagtail's bulk action framework draws the footer, the confirmation page and the redirect; the ward
rule and the permission are ``campaigns.dispatch.actions.deliveries_act``'s, which moves the rows
through ``campaigns.tracking.transitions`` (so each row's history says who did it)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.functional import classproperty
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction

from campaigns.admin.ids import parse_id
from campaigns.dispatch.actions import ACTION_MOVES, CHANGE_PERMISSION, REFUSED, deliveries_act
from campaigns.models import Delivery
from campaigns.places import access
from campaigns.tracking.transitions import ALLOWED_FROM
from cms.throttle import client_ip


class DeliveryBulkAction(BulkAction):
    template_name = "campaigns/deliveries/bulk_confirm.html"
    question = ""
    button = ""

    @classproperty
    def models(cls):
        return [Delivery]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(CHANGE_PERMISSION):
            from campaigns.scheduling.editor_views import forbidden

            return forbidden(request, REFUSED)
        return super().dispatch(request, *args, **kwargs)

    def get_actionable_objects(self):
        """The selected rows of the user's wards that this action can move; other wards' ids are
        dropped unseen, rows in a status the action does not apply to are listed as left alone."""
        ids = [pk for pk in map(parse_id, self.request.GET.getlist("id")) if pk]
        rows = access.scope_queryset(Delivery.objects.filter(pk__in=ids), self.request.user, for_change=True)
        rows = list(rows.select_related("publication__page", "group").order_by("due_at", "pk"))
        allowed = ALLOWED_FROM[ACTION_MOVES[self.action_type]]
        return ([row for row in rows if row.status in allowed],
                {"items_with_no_access": [row for row in rows if row.status not in allowed]})

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "question": self.question, "button": self.button,
                "action_label": self.display_name}

    def get_execution_context(self):
        return {"user": self.request.user, "origin": client_ip(self.request) or ""}

    @classmethod
    def execute_action(cls, objects, user=None, origin="", **kwargs):
        try:
            outcome = deliveries_act(user=user, action=cls.action_type, delivery_ids=[row.pk for row in objects],
                                     origin=origin)
        except PermissionDenied:
            return 0, 0
        return len(outcome.moved), len(outcome.already) + len(outcome.refused)

    def get_success_message(self, num_parent_objects, num_child_objects):
        text = _t("%(action)s: %(n)s lượt.") % {"action": self.display_name, "n": num_parent_objects}
        if num_child_objects:
            text += " " + _t("%(n)s lượt không đổi vì trạng thái đã khác.") % {"n": num_child_objects}
        return text

    def form_valid(self, form):
        objects, _rest = self.get_actionable_objects()
        if not objects:
            messages.warning(self.request, _t("Không có lượt nào được chọn có thể %(action)s.")
                             % {"action": str(self.display_name).lower()})
            return redirect(self.next_url)
        return super().form_valid(form)


class DeliveryMarkDoneBulkAction(DeliveryBulkAction):
    display_name = _("Xác nhận đã thực hiện")
    action_type = "done"
    aria_label = _("Xác nhận các lượt đã chọn đã được thực hiện")
    action_priority = 10
    question = _("Ghi nhận các lượt sau đã được thực hiện (đã phát, đã treo, đã tổ chức)?")
    button = _("Có, xác nhận đã thực hiện")


class DeliveryRetryBulkAction(DeliveryBulkAction):
    display_name = _("Thử lại")
    action_type = "retry"
    aria_label = _("Đưa các lượt đã chọn vào hàng đợi để gửi lại")
    action_priority = 20
    question = _("Đưa các lượt lỗi hoặc cần kiểm tra sau vào hàng đợi để gửi lại ngay?")
    button = _("Có, gửi lại")


class DeliveryCancelBulkAction(DeliveryBulkAction):
    display_name = _("Hủy")
    action_type = "cancel"
    aria_label = _("Hủy các lượt đã chọn")
    action_priority = 30
    classes = {"serious"}
    question = _("Hủy các lượt chưa đăng/phát sau? Lịch sử của từng lượt vẫn được giữ.")
    button = _("Có, hủy các lượt này")


DELIVERY_BULK_ACTIONS = (DeliveryMarkDoneBulkAction, DeliveryRetryBulkAction, DeliveryCancelBulkAction)
