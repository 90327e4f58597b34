"""Text stored before the models cleaned it themselves (plans.rules.text.CleanTextModel): each
text column of the budget lines and funding rows is cleaned once, as the models now do on
save (see plans/migrations/0012_normalise_stored_text.py)."""

from django.db import migrations

from plans.rules.text import clean_stored_text


def normalise(apps, schema_editor):
    for name in ("BudgetLine", "FundingRow"):
        clean_stored_text(apps.get_model("budget", name))


class Migration(migrations.Migration):

    dependencies = [
        ("budget", "0003_carried_rows"),
    ]

    operations = [
        migrations.RunPython(normalise, migrations.RunPython.noop),
    ]
