"""Backup and restore as README (배포: 백업과 복구) tells an operator to do them: `pg_dump
--format=custom`, then `pg_restore` into an empty database. The restored database must hold
exactly the same rows and serve byte-identical plan pages. PostgreSQL only."""

import os
import shutil
import subprocess
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections

from plans.models import WorkPlan
from plans.public.caching import recent_pages
from plans.synthetic import CountySpec, generate_county
from plans.workflow.freezing import forget_frozen_reports

pytestmark = [
    pytest.mark.django_db(transaction=True),  # pg_dump must see the rows: they are committed
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_dump and pg_restore are PostgreSQL's: run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.skipif(
        shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
        reason="pg_dump and pg_restore are not installed (Debian: postgresql-client)",
    ),
]


def libpq_env(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PGHOST=settings_dict["HOST"] or "127.0.0.1",
        PGPORT=str(settings_dict["PORT"] or 5432),
        PGUSER=settings_dict["USER"] or "postgres",
    )
    if settings_dict["PASSWORD"]:
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def admin_sql(sql: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(sql)


@contextmanager
def database_named(name: str):
    """Point the default connection at another database of the same server for a while."""
    connection.close()
    original = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


def table_contents() -> dict[str, list[tuple]]:
    """Every row of every model, in primary key order."""
    contents = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows = model._base_manager.order_by("pk").values_list()
        contents[model._meta.label] = [tuple(map(_plain, row)) for row in rows]
    return contents


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value  # binary columns


def plan_pages(client) -> dict[str, bytes]:
    # Read every page from this database, not from what the process keeps in memory.
    forget_frozen_reports()
    caches["default"].clear()
    recent_pages.clear()
    pages = {"/": client.get("/").content}
    for plan in WorkPlan.objects.order_by("pk"):
        for url in (plan.get_absolute_url(), plan.get_absolute_url() + "IV-1/"):
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = response.content
    return pages


def test_dump_and_restore_into_an_empty_database_gives_the_same_plans(client, tmp_path):
    call_command("load_demo", verbosity=0)
    generate_county(CountySpec(departments=3, cards=2, years=2))
    before_rows = table_contents()
    before_pages = plan_pages(client)

    settings_dict = connections["default"].settings_dict
    env = libpq_env(settings_dict)
    dump = tmp_path / "workplan.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", settings_dict["NAME"]],
        env=env,
        check=True,
    )
    restored = f"{settings_dict['NAME']}_restored"
    admin_sql(f'DROP DATABASE IF EXISTS "{restored}"')
    admin_sql(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump)],
            env=env,
            check=True,
        )
        with database_named(restored):
            after_rows = table_contents()
            after_pages = plan_pages(client)
    finally:
        admin_sql(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')

    assert sum(len(rows) for rows in before_rows.values()) > 1000
    assert after_rows == before_rows
    assert len(before_pages) == 1 + 2 * WorkPlan.objects.count()
    assert after_pages == before_pages
