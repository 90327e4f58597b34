"""The admin's per-table import and export (django-import-export): one resource per table,
rows named by natural keys, cells read and written through :mod:`plans.exchange.cells`.

- ``widgets``: how one cell reads and writes (numbers as staff type them, Korean choices,
  foreign keys looked up by their names with a per-import cache);
- ``base``: the resource every table uses (natural-key matching, all-or-nothing imports,
  messages naming row and column, formula-safe exports);
- ``formats``: .xlsx and .csv (UTF-8 with or without BOM, or CP949) as Korean Excel saves them;
- ``admin``: the admin mixin with the two-step (preview, confirm) import in Korean;
- ``cards``: the work plan's tables (task cards and their parts).

The other apps' tables are in ``personnel/resources.py``, ``budget/resources.py`` and
``civic/resources.py``. This module imports nothing, so any of them can be imported first."""
