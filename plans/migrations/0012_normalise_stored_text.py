"""Text stored before the models cleaned it themselves (plans.rules.text.CleanTextModel): rows
saved from a shell or an older admin may hold CRLF line breaks, trailing blanks or decomposed
Hangul, which the workbook import cleans, so the first round trip reported changes that were
none. Each text column is cleaned once here, the same way the models now clean on save."""

from django.db import migrations

from plans.rules.text import clean_stored_text

MODELS = (
    "CouncilSession",
    "WorkPlan",
    "AchievementGroup",
    "AchievementItem",
    "TaskCard",
    "CardFact",
    "ProgressItem",
    "PlanItem",
)


def normalise(apps, schema_editor):
    for name in MODELS:
        clean_stored_text(apps.get_model("plans", name))


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0011_published_achievements"),
    ]

    operations = [
        migrations.RunPython(normalise, migrations.RunPython.noop),
    ]
