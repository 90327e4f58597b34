"""Uploaded files waiting between an import's preview and its confirmation: kept on disk under a
random token that only the session which uploaded them may confirm, with the file's name for
the change history, and deleted once confirmed or after a day."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied

MAX_AGE = 24 * 60 * 60  # seconds a previewed file may wait for its confirmation


@dataclass(frozen=True)
class PendingUploads:
    """One kind of waiting upload: its session key (token → file name) and file suffix, in the
    directory ``directory()`` names (read when used, so settings and tests may move it)."""

    session_key: str
    suffix: str
    directory: Callable[[], Path]

    def path(self, token: str) -> Path:
        # The token is ours (token_hex), never a path a visitor chose.
        if len(token) != 32 or not all(ch in "0123456789abcdef" for ch in token):
            raise PermissionDenied
        return self.directory() / f"{token}{self.suffix}"

    def _waiting(self, request) -> dict[str, str]:
        return dict(request.session.get(self.session_key, {}))

    def keep(self, request, data: bytes, name: str) -> str:
        """Store ``data`` for this session; returns its token."""
        self.remove_old()
        token = secrets.token_hex(16)
        path = self.path(token)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        request.session[self.session_key] = {**self._waiting(request), token: name}
        return token

    def take(self, request, token: str) -> tuple[bytes, str] | None:
        """The file and its name, forgotten at once (a confirmation is used once); None when it
        is gone. Another session's token is refused."""
        waiting = self._waiting(request)
        if token not in waiting:
            raise PermissionDenied
        path = self.path(token)
        name = waiting.pop(token)
        request.session[self.session_key] = waiting
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        path.unlink(missing_ok=True)
        return data, name

    def remove_old(self, max_age: float = MAX_AGE) -> None:
        remove_old_files(self.directory(), self.suffix, max_age)


def remove_old_files(directory: Path, suffix: str, max_age: float = MAX_AGE) -> None:
    """Delete the files ending in ``suffix`` in ``directory`` older than ``max_age`` seconds."""
    if not directory.is_dir():
        return
    limit = time.time() - max_age
    for path in directory.glob(f"*{suffix}"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
