from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_broadcast_slot_overlap_trigger"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="source_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="tệp nguồn"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="source_sha256",
            field=models.CharField(blank=True, db_index=True, max_length=64, verbose_name="mã băm văn bản nguồn"),
        ),
    ]
