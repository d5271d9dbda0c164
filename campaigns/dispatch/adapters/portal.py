"""The ward portal: the approved revision of the article goes live at the planned time."""

from django.utils import timezone
from wagtail.models import Revision

from campaigns.content.channels import Channel
from campaigns.dispatch.adapters.base import Outcome, SendResult
from campaigns.models import Delivery


class PortalAdapter:
    channel = Channel.PORTAL
    idempotent = True  # publishing the same revision twice changes nothing

    def send(self, delivery: Delivery) -> SendResult:
        page = delivery.publication.page.specific
        scheduled = (Revision.page_revisions.filter(object_id=str(page.pk), approved_go_live_at__isnull=False)
                     .order_by("-created_at").first())
        if scheduled is not None and not page.workflow_in_progress:
            wait = (scheduled.approved_go_live_at - timezone.now()).total_seconds()
            if wait > 0:  # sent early (by hand, or a retry): the approved time is honoured
                when = timezone.localtime(scheduled.approved_go_live_at)
                return SendResult(Outcome.TRANSIENT, retry_after=int(wait) + 1,
                                  message=f"Bài được duyệt để đăng lúc {when:%H:%M %d/%m/%Y}; chưa đến giờ đăng.")
            scheduled.approved_go_live_at = None
            scheduled.save(update_fields=["approved_go_live_at"])
            scheduled.publish(skip_permission_checks=True)
            page.refresh_from_db()
        if not page.live:
            return SendResult(Outcome.PERMANENT, message="Bài chưa được duyệt và xuất bản nên không thể đăng lên cổng.")
        if page.expire_at is not None and page.expire_at <= timezone.now():
            return SendResult(Outcome.PERMANENT, message="Bài đã hết hạn hiển thị trên cổng.")
        return SendResult(Outcome.DELIVERED, external_id=page.full_url or page.url or str(page.pk))
