"""Campaign.issuer and issued_on (the plan's own issuing body and date, no longer folded into
period_start); one import of a document per ward enforced by the database (double submit), with
``source_copy`` numbering the deliberate re-imports. Existing duplicates are numbered first."""

from django.db import migrations, models


def number_existing_copies(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    seen: dict[tuple, int] = {}
    for campaign in Campaign.objects.exclude(source_sha256="").order_by("created_at", "pk"):
        key = (campaign.ward_id, campaign.source_sha256)
        if key in seen:
            seen[key] += 1
            campaign.source_copy = seen[key]
            campaign.save(update_fields=["source_copy"])
        else:
            seen[key] = 0


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0007_delivery_confirmation'),
    ]

    operations = [
        migrations.AddField(
            model_name='campaign',
            name='issued_on',
            field=models.DateField(blank=True, null=True, verbose_name='ngày ban hành'),
        ),
        migrations.AddField(
            model_name='campaign',
            name='issuer',
            field=models.CharField(blank=True, max_length=200, verbose_name='cơ quan ban hành'),
        ),
        migrations.AddField(
            model_name='campaign',
            name='source_copy',
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='lần nhập văn bản nguồn'),
        ),
        migrations.RunPython(number_existing_copies, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.UniqueConstraint(condition=models.Q(('source_sha256', ''), _negated=True), fields=('ward', 'source_sha256', 'source_copy'), name='campaign_source_unique_per_ward', violation_error_message='Văn bản này đã được nhập vào đơn vị này.'),
        ),
    ]
