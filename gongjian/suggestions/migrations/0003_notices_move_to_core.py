"""Notices to submitters move onto the shared ``core.Notice``: every row is copied (channel,
contact as the address, message, link, status and times; the suggestion as its object), then
the old table goes."""

from django.db import migrations


def copy_notices(apps, schema_editor):
    Old = apps.get_model("suggestions", "Notice")
    New = apps.get_model("core", "Notice")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Old.objects.exists():
        return
    ct, _ = ContentType.objects.get_or_create(app_label="suggestions", model="suggestion")
    rows = []
    for old in Old.objects.order_by("pk").iterator():
        rows.append(New(
            content_type_id=ct.pk, object_id=old.suggestion_id, channel=old.channel, address=old.recipient[:120],
            body=old.body, link=old.link, status=old.status, created_at=old.created_at, updated_at=old.updated_at,
            version=old.version, sent_at=old.updated_at if old.status == "sent" else None,
        ))
    New.objects.bulk_create(rows, batch_size=500)
    # auto_now_add stamped them now: keep when they were queued.
    for new, old in zip(New.objects.filter(content_type_id=ct.pk).order_by("pk"), Old.objects.order_by("pk"), strict=False):
        if new.created_at != old.created_at:
            New.objects.filter(pk=new.pk).update(created_at=old.created_at, updated_at=old.updated_at)


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_jobs_notices_tokens"),
        ("suggestions", "0002_trigram"),
    ]

    operations = [
        migrations.RunPython(copy_notices, migrations.RunPython.noop),
        migrations.DeleteModel(name="Notice"),
    ]
