"""Which Wagtail group works for which ward, and in which role."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models.places import Locality


class Role(models.TextChoices):
    EDITOR = "editor", _("Biên tập viên")
    BROADCAST = "broadcast", _("Cán bộ truyền thanh")
    SUPERVISOR = "supervisor", _("Lãnh đạo")
    CITY_OFFICER = "city_officer", _("Cán bộ thành phố")


class WardGroup(models.Model):
    """Ties a Wagtail group to a locality: its members see that locality's rows
    (and those of the localities below it) and nothing else."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="ward_link")
    locality = models.ForeignKey(Locality, on_delete=models.CASCADE, related_name="ward_groups")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("nhóm theo địa bàn")
        verbose_name_plural = _("nhóm theo địa bàn")
        constraints = [
            models.UniqueConstraint(fields=["locality", "role"], name="one_group_per_locality_role"),
        ]

    def __str__(self):
        return self.group.name
