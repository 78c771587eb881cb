"""Public suggestion pages move from the sequential id to a random code: existing rows get one."""

from django.db import migrations, models

import gongjian.suggestions.models


def fill_codes(apps, schema_editor):
    Suggestion = apps.get_model("suggestions", "Suggestion")
    used = set()
    batch = []
    for s in Suggestion.objects.only("pk").iterator():
        code = gongjian.suggestions.models.new_public_code()
        while code in used:
            code = gongjian.suggestions.models.new_public_code()
        used.add(code)
        s.public_code = code
        batch.append(s)
        if len(batch) >= 500:
            Suggestion.objects.bulk_update(batch, ["public_code"])
            batch = []
    Suggestion.objects.bulk_update(batch, ["public_code"])


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0003_notices_move_to_core")]

    operations = [
        migrations.AddField(
            model_name="suggestion",
            name="public_code",
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name="public code"),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="suggestion",
            name="public_code",
            field=models.CharField(
                default=gongjian.suggestions.models.new_public_code, editable=False, max_length=16, unique=True, verbose_name="public code"
            ),
        ),
    ]
