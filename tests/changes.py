"""What an import preview lists (plans.exchange.changes), flattened for assertions: one tuple
per changed field, new row or removed row."""

from __future__ import annotations

from plans.exchange.changes import CREATED, DELETED, ChangeList


def listed(changes: ChangeList) -> list[tuple]:
    """``("updated", row, field, old, new)`` per changed field (multi-line text as its removed
    and added lines), ``("created", row, {field: value})`` per new row, ``("deleted", row)``
    per removed row; a per-table import's row names start with the file's row (``5행 …``)."""
    flat: list[tuple] = []
    for row in changes.rows:
        name = f"{row.place} {row.name}" if row.place else row.name
        if row.kind == CREATED:
            flat.append((row.kind, name, {f.label: f.new for f in row.fields}))
        elif row.kind == DELETED:
            flat.append((row.kind, name))
        else:
            for f in row.fields:
                old, new = (f.removed, f.added) if f.is_lines else (f.old, f.new)
                flat.append((row.kind, name, f.label, old, new))
    return flat
