"""The second step of 0004: every version's report is JSON now, so the pickle column goes and
the JSON column takes its name. Apart from 0004 so that, on PostgreSQL, the columns are
altered in a transaction of their own, after the rows were rewritten."""

from django.db import migrations, models


def refuse_to_go_back(apps, schema_editor):
    """Run first when going back: the pickle column cannot be filled again (format 1 was a
    pickle only the old code could write), so a database with versions stays here."""
    if apps.get_model("plans", "PublishedVersion").objects.exists():
        raise RuntimeError(
            "게시본의 보고서 내용을 형식 1(pickle)로 되돌릴 수 없습니다. 게시본이 있는 "
            "데이터베이스는 plans 0004 앞으로 되돌릴 수 없습니다."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_report_as_json"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="publishedversion",
            name="report",
        ),
        migrations.RenameField(
            model_name="publishedversion",
            old_name="report_json",
            new_name="report",
        ),
        migrations.AlterField(
            model_name="publishedversion",
            name="report",
            field=models.JSONField(verbose_name="보고서 내용"),
        ),
        # Last, so that going back runs it before the pickle column is added again.
        migrations.RunPython(migrations.RunPython.noop, refuse_to_go_back),
    ]
