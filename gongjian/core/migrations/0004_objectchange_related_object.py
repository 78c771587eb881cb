"""The change log links a child's change to its parent (NetBox's related object), and the rows
already written get their parent where the snapshot names it."""

import django.db.models.deletion
from django.db import migrations, models

# (child app, child model, attribute in the snapshot, parent app, parent model)
DIRECT = [
    ("targets", "progressreport", "task_id", "targets", "task"),
    ("targets", "milestone", "task_id", "targets", "task"),
    ("targets", "contribution", "item_id", "targets", "buildingitem"),
    ("registry", "affiliation", "person_id", "registry", "person"),
]


def backfill(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ObjectChange = apps.get_model("core", "ObjectChange")

    def ct(app, model):
        return ContentType.objects.filter(app_label=app, model=model).first()

    def link(child_ct, parent_ct, parent_of_row):
        batch = []
        for row in ObjectChange.objects.filter(content_type=child_ct, related_object_id__isnull=True).iterator():
            parent_id = parent_of_row(row.after or row.before or {})
            if parent_id is None:
                continue
            row.related_content_type_id, row.related_object_id = parent_ct.pk, parent_id
            batch.append(row)
            if len(batch) >= 1000:
                ObjectChange.objects.bulk_update(batch, ["related_content_type", "related_object_id"])
                batch = []
        ObjectChange.objects.bulk_update(batch, ["related_content_type", "related_object_id"])

    for app, model, attr, parent_app, parent_model in DIRECT:
        child_ct, parent_ct = ct(app, model), ct(parent_app, parent_model)
        if child_ct and parent_ct:
            link(child_ct, parent_ct, lambda data, attr=attr: data.get(attr))
    decision_ct, meeting_ct = ct("meetings", "decision"), ct("meetings", "meeting")
    if decision_ct and meeting_ct:
        AgendaItem = apps.get_model("meetings", "AgendaItem")
        meeting_of = dict(AgendaItem.objects.values_list("pk", "meeting_id"))
        link(decision_ct, meeting_ct, lambda data: meeting_of.get(data.get("item_id")))
    role_ct, person_ct = ct("accounts", "roleassignment"), ct("registry", "person")
    if role_ct and person_ct:
        Person = apps.get_model("registry", "Person")
        person_of_user = dict(Person.objects.filter(user__isnull=False).values_list("user_id", "pk"))
        link(role_ct, person_ct, lambda data: data.get("person_id") or person_of_user.get(data.get("user_id")))


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_jobs_notices_tokens"),
        ("targets", "0001_initial"),
        ("meetings", "0002_initial"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="objectchange",
            name="related_content_type",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype"
            ),
        ),
        migrations.AddField(
            model_name="objectchange",
            name="related_object_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="objectchange",
            index=models.Index(fields=["related_content_type", "related_object_id", "-time"], name="objectchange_related"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
