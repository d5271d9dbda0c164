"""Forms of the confirmation screens: evidence checks live in campaigns.tracking.evidence."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.admin.dates import DateTextField
from campaigns.tracking.evidence import photo_check


class EvidenceFields(forms.Form):
    photo = forms.FileField(label=_("Ảnh chụp (không bắt buộc)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))
    attendance = forms.IntegerField(label=_("Số người dự (hội nghị, sinh hoạt)"), required=False, min_value=0,
                                    max_value=100_000)
    comment = forms.CharField(label=_("Ghi chú"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return photo_check(upload) if upload else None


class LinkConfirmForm(EvidenceFields):
    """The group head ticks what the group received (all ticked at first)."""

    deliveries = forms.TypedMultipleChoiceField(
        label=_("Nội dung đã nhận"), coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một nội dung đã nhận.")})

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliveries"].choices = choices
        self.fields["deliveries"].initial = [pk for pk, _label in choices]


class ConfirmFilterForm(forms.Form):
    """The list's filters, read from the URL so a filtered list can be bookmarked and shared."""

    campaign = forms.ModelChoiceField(label=_("Kế hoạch"), queryset=None, required=False)
    channel = forms.ChoiceField(label=_("Kênh"), required=False)
    date_from = DateTextField(label=_("Từ ngày"), required=False)
    date_to = DateTextField(label=_("Đến ngày"), required=False)
    group = forms.ModelChoiceField(label=_("Tổ/thôn"), queryset=None, required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)

    def __init__(self, *args, user, **kwargs):
        from campaigns.content.channels import Channel
        from campaigns.models import Campaign, DeliveryStatus, ResidentialGroup
        from campaigns.places.access import scope_queryset
        from campaigns.tracking.bulk import CONFIRMED_BY_PEOPLE, PENDING
        from campaigns.tracking.links import CONFIRMABLE

        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = scope_queryset(Campaign.objects.all(), user, for_change=True)
        self.fields["group"].queryset = scope_queryset(ResidentialGroup.objects.all(), user, for_change=True)
        self.fields["channel"].choices = [("", _("Mọi kênh"))] + [(c, Channel(c).label) for c in CONFIRMED_BY_PEOPLE]
        statuses = [*CONFIRMABLE, DeliveryStatus.CONFIRMED]
        self.fields["status"].choices = [(PENDING, _("Chờ xác nhận"))] + [
            (s, DeliveryStatus(s).label) for s in DeliveryStatus.values if s in statuses]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise forms.ValidationError(_("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
        return data

    def filters(self):
        from campaigns.tracking.bulk import PENDING, ConfirmFilters

        data = self.cleaned_data if self.is_valid() else {}
        return ConfirmFilters(
            campaign_id=data["campaign"].pk if data.get("campaign") else None, channel=data.get("channel", ""),
            date_from=data.get("date_from"), date_to=data.get("date_to"),
            group_id=data["group"].pk if data.get("group") else None, status=data.get("status") or PENDING)


class BulkConfirmForm(EvidenceFields):
    """The rows ticked (or every row matching the filters) and the evidence for them."""

    ids = forms.TypedMultipleChoiceField(coerce=int, required=False)
    all_matching = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()

    def clean(self):
        data = super().clean()
        if not data.get("ids") and not data.get("all_matching"):
            raise forms.ValidationError(_("Hãy chọn ít nhất một lượt để xác nhận."))
        return data
