"""The publication editor's form: channel, audience and the time rule as simple choices.

The choices become an RRULE through ``campaigns.scheduling.recurrence.build_rrule``; an
existing publication's rule is read back with ``campaigns.scheduling.rule_text``.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.admin.dates import DateTextField
from campaigns.content.channels import PER_GROUP_CHANNELS, Channel
from campaigns.models import AudienceKind, LoudspeakerCluster, Publication, ResidentialGroup, SlotMode
from campaigns.models.fields import WEEKDAY_CHOICES
from campaigns.places import access
from campaigns.scheduling.editor import piece_channels
from campaigns.scheduling.recurrence import LOCAL_TZ, RecurrenceError, RuleSpec, build_rrule, occurrences
from campaigns.scheduling.rule_text import rule_spec

DATE = "%d/%m/%Y"
DATETIME = "%d/%m/%Y %H:%M"
MAX_TIMES = 12


class Freq:
    ONCE, DAILY, WEEKLY, MONTHLY = "once", "daily", "weekly", "monthly"
    CHOICES = [
        (ONCE, _("Một lần")),
        (DAILY, _("Hằng ngày")),
        (WEEKLY, _("Các ngày trong tuần (có thể cách N tuần)")),
        (MONTHLY, _("Hằng tháng vào ngày …")),
    ]


def parse_times(text: str) -> list[dt.time]:
    found = []
    for token in filter(None, re.split(r"[\s,;]+", text or "")):
        match = re.fullmatch(r"(\d{1,2})[:hg](\d{2})?", token)
        if not match or int(match[1]) > 23 or int(match[2] or 0) > 59:
            raise ValidationError(_("Giờ “%(t)s” không hợp lệ; hãy viết như 06:00 hoặc 17:30.") % {"t": token})
        found.append(dt.time(int(match[1]), int(match[2] or 0)))
    return sorted(set(found))


def parse_exceptions(text: str) -> list[str]:
    """One date (dd/mm/yyyy) or date and time (dd/mm/yyyy HH:MM) a line → ISO strings the expansion reads."""
    found = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        for fmt, iso in ((DATETIME, "%Y-%m-%dT%H:%M"), (DATE, "%Y-%m-%d")):
            try:
                found.append(dt.datetime.strptime(line, fmt).strftime(iso))
                break
            except ValueError:
                continue
        else:
            raise ValidationError(_("Dòng %(n)s: “%(v)s” không phải ngày dd/mm/yyyy.") % {"n": number, "v": line})
    return sorted(set(found))


def format_exceptions(exdates) -> str:
    lines = []
    for value in exdates or []:
        try:
            moment = dt.datetime.fromisoformat(value)
            lines.append(moment.strftime(DATETIME if "T" in value else DATE))
        except ValueError:
            lines.append(value)
    return "\n".join(lines)


class PublicationForm(forms.Form):
    channel = forms.ChoiceField(label=_("Kênh"), choices=())
    audience = forms.ChoiceField(label=_("Gửi tới"), choices=AudienceKind.choices, initial=AudienceKind.WARD,
                                 widget=forms.RadioSelect)
    groups = forms.ModelMultipleChoiceField(label=_("Tổ/thôn"), queryset=ResidentialGroup.objects.none(),
                                            required=False, widget=forms.CheckboxSelectMultiple)
    clusters = forms.ModelMultipleChoiceField(label=_("Cụm loa"), queryset=LoudspeakerCluster.objects.none(),
                                              required=False, widget=forms.CheckboxSelectMultiple)
    freq = forms.ChoiceField(label=_("Lặp lại"), choices=Freq.CHOICES, initial=Freq.DAILY, widget=forms.RadioSelect)
    once_at = forms.DateTimeField(label=_("Thời điểm (một lần)"), required=False, input_formats=[DATETIME],
                                  widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy HH:MM"}),
                                  help_text=_("Ví dụ: 24/11/2026 06:00"))
    weekdays = forms.TypedMultipleChoiceField(label=_("Vào các ngày"), choices=WEEKDAY_CHOICES, coerce=int,
                                              required=False, widget=forms.CheckboxSelectMultiple)
    interval = forms.IntegerField(label=_("Cứ mấy tuần một lần"), min_value=1, max_value=52, initial=1,
                                  required=False)
    month_day = forms.IntegerField(label=_("Ngày trong tháng"), min_value=1, max_value=31, required=False,
                                   help_text=_("29, 30, 31: tháng ngắn hơn thì vào ngày cuối tháng."))
    times = forms.CharField(label=_("Giờ trong ngày"), required=False, initial="06:00",
                            help_text=_("Một hoặc nhiều giờ, cách nhau bằng dấu phẩy: 06:00, 17:00"))
    start_date = DateTextField(label=_("Từ ngày"), required=False)
    end_date = DateTextField(label=_("Đến ngày"), required=False,
                               help_text=_("Để trống và không ghi số lần: lặp đến hết thời gian của kế hoạch."))
    count = forms.IntegerField(label=_("Hoặc số lần"), min_value=1, max_value=10000, required=False)
    exceptions = forms.CharField(label=_("Bỏ qua các ngày"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3, "placeholder": "25/12/2026"}),
                                 help_text=_("Mỗi dòng một ngày dd/mm/yyyy (hoặc dd/mm/yyyy HH:MM cho một lần phát)."))
    slot_mode = forms.ChoiceField(label=_("Giờ phát trên loa"), choices=SlotMode.choices, initial=SlotMode.FIXED,
                                  widget=forms.RadioSelect, required=False,
                                  help_text=_("“Khung giờ còn trống”: mỗi ngày xếp vào khung giờ phát đầu tiên "
                                              "của cụm loa còn đủ thời lượng cho bài."))
    acknowledge = forms.BooleanField(label=_("Tôi đã xem các cảnh báo và vẫn lưu"), required=False)

    def __init__(self, *args, page, user, instance: Publication | None = None, **kwargs):
        self.page = page.specific
        self.campaign = self.page.campaign
        self.ward = self.campaign.ward
        self.instance = instance
        if instance is not None and not kwargs.get("initial"):
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, **kwargs)
        channels = piece_channels(self.page)
        if instance is not None and instance.channel not in channels:
            channels.append(instance.channel)
        self.fields["channel"].choices = [(code, Channel(code).label) for code in channels]
        if channels and "channel" not in self.initial:
            self.initial["channel"] = channels[0]
        groups = access.scope_queryset(ResidentialGroup.objects.filter(ward=self.ward), user, for_change=True)
        clusters = access.scope_queryset(LoudspeakerCluster.objects.filter(ward=self.ward), user, for_change=True)
        self.fields["groups"].queryset = groups.order_by("name")
        self.fields["clusters"].queryset = clusters.order_by("name")
        if "start_date" not in self.initial:
            self.initial["start_date"] = timezone.localdate().strftime(DATE)

    @staticmethod
    def initial_from(publication: Publication) -> dict:
        spec = rule_spec(publication.rrule, publication.starts_at)
        local = publication.starts_at.astimezone(LOCAL_TZ)
        return {
            "channel": publication.channel,
            "audience": publication.audience,
            "groups": list(publication.groups.all()),
            "clusters": list(publication.clusters.all()),
            "freq": spec.freq if spec.freq in dict(Freq.CHOICES) else Freq.DAILY,
            "once_at": local.strftime(DATETIME),
            "weekdays": list(spec.weekdays),
            "interval": spec.interval,
            "month_day": spec.month_day,
            "times": ", ".join(f"{t:%H:%M}" for t in spec.times),
            "start_date": local.strftime(DATE),
            "end_date": spec.until.strftime(DATE) if spec.until else "",
            "count": spec.count,
            "exceptions": format_exceptions(publication.exdates),
            "slot_mode": publication.slot_mode,
        }

    # --- cleaning ------------------------------------------------------------------------------

    def clean_times(self):
        times = parse_times(self.cleaned_data.get("times", ""))
        if len(times) > MAX_TIMES:
            raise ValidationError(_("Nhiều nhất %(n)s giờ trong một ngày.") % {"n": MAX_TIMES})
        return times

    def clean_exceptions(self):
        return parse_exceptions(self.cleaned_data.get("exceptions", ""))

    def clean(self):
        cleaned = super().clean()
        freq = cleaned.get("freq")
        channel = cleaned.get("channel")
        next_free = channel == Channel.LOUDSPEAKER and cleaned.get("slot_mode") == SlotMode.NEXT_FREE
        if freq == Freq.ONCE:
            if not cleaned.get("once_at"):
                self.add_error("once_at", _("Hãy ghi ngày giờ đăng/phát (dd/mm/yyyy HH:MM)."))
        else:
            if not cleaned.get("start_date"):
                self.add_error("start_date", _("Hãy ghi ngày bắt đầu (dd/mm/yyyy)."))
            if not cleaned.get("times") and not next_free and "times" not in self.errors:
                self.add_error("times", _("Hãy ghi ít nhất một giờ trong ngày, ví dụ 06:00."))
            if cleaned.get("end_date") and cleaned.get("count"):
                self.add_error("count", _("Chọn ngày kết thúc hoặc số lần, không chọn cả hai."))
            if cleaned.get("end_date") and cleaned.get("start_date") and cleaned["end_date"] < cleaned["start_date"]:
                self.add_error("end_date", _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."))
            if freq == Freq.WEEKLY and not cleaned.get("weekdays"):
                self.add_error("weekdays", _("Chọn ít nhất một ngày trong tuần."))
            if freq == Freq.MONTHLY and not cleaned.get("month_day"):
                self.add_error("month_day", _("Hãy ghi ngày trong tháng (1–31)."))
        audience = cleaned.get("audience")
        if channel and channel not in PER_GROUP_CHANNELS:
            cleaned["audience"] = AudienceKind.WARD
        elif audience == AudienceKind.GROUPS and not cleaned.get("groups"):
            self.add_error("groups", _("Chọn ít nhất một tổ/thôn."))
        elif audience == AudienceKind.CLUSTERS:
            if channel != Channel.LOUDSPEAKER:
                self.add_error("audience", _("Chỉ lịch phát trên loa mới gửi theo cụm loa."))
            elif not cleaned.get("clusters"):
                self.add_error("clusters", _("Chọn ít nhất một cụm loa."))
        if not self.errors:
            self._check_rule(cleaned)
        return cleaned

    def rule(self) -> tuple[dt.datetime, str]:
        """(starts_at, RRULE text) from the cleaned choices."""
        data = self.cleaned_data
        if data["freq"] == Freq.ONCE:
            return data["once_at"].astimezone(LOCAL_TZ), ""
        times = tuple(data.get("times") or ())
        spec = RuleSpec(
            freq=data["freq"],
            interval=(data.get("interval") or 1) if data["freq"] == Freq.WEEKLY else 1,
            weekdays=tuple(data.get("weekdays") or ()) if data["freq"] == Freq.WEEKLY else (),
            month_day=data.get("month_day") if data["freq"] == Freq.MONTHLY else None,
            times=times,
            count=data.get("count"),
            until=data.get("end_date"),
        )
        first = times[0] if times else dt.time(0, 0)
        return dt.datetime.combine(data["start_date"], first, tzinfo=LOCAL_TZ), build_rrule(spec)

    def _check_rule(self, cleaned):
        try:
            starts_at, rule = self.rule()
            occurrences(starts_at=starts_at, rule=rule, window_end=starts_at + dt.timedelta(days=1))
        except RecurrenceError as error:
            raise ValidationError(str(error)) from error

    def apply(self, publication: Publication) -> tuple[list, list]:
        """Write the choices onto ``publication`` (unsaved); returns (groups, clusters) for its M2M."""
        data = self.cleaned_data
        publication.page = self.page.page_ptr if hasattr(self.page, "page_ptr") else self.page
        publication.campaign = self.campaign
        publication.ward = self.ward
        publication.channel = data["channel"]
        publication.audience = data["audience"]
        publication.starts_at, publication.rrule = self.rule()
        publication.exdates = data.get("exceptions") or []
        loudspeaker = data["channel"] == Channel.LOUDSPEAKER
        publication.slot_mode = (data.get("slot_mode") or SlotMode.FIXED) if loudspeaker else SlotMode.FIXED
        groups = list(data.get("groups") or []) if data["audience"] == AudienceKind.GROUPS else []
        clusters = list(data.get("clusters") or []) if data["audience"] == AudienceKind.CLUSTERS else []
        return groups, clusters
