"""pg_trgm and a GiST trigram index (nearest-first search with <->) on the normalised text, on PostgreSQL only: SQLite uses the
bigram table instead (``similarity.py``). TrigramExtension is itself a no-op elsewhere; the
index operation below checks the vendor the same way."""

from django.contrib.postgres.indexes import GistIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class PostgresOnlyAddIndex(migrations.AddIndex):
    """AddIndex that touches the database only on PostgreSQL (the model state is the same on
    every backend, so migrations stay in step)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0001_initial")]

    operations = [
        TrigramExtension(),
        PostgresOnlyAddIndex(
            model_name="suggestion",
            index=GistIndex(fields=["search_text"], opclasses=["gist_trgm_ops"], name="suggestion_search_trgm"),
        ),
    ]
