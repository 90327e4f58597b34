"""Skips that CI allows. A test that skips on CI did not run there, and a missing browser, seed
report, Redis or dependency would otherwise turn a red run into a green one with a few more
"s" in it. When the environment variable CI is set (CI=true, as .ci/run and CI services set it),
every skipped test's file and reason must be listed in tests/allowed_skips.txt, or the run
fails (exit status 1) and prints each skip that is not. Without CI nothing changes: a developer
without Chromium still gets a green run that says what it skipped.

tests/conftest.py registers ``SkipGuard`` as a plugin; tests/test_skip_guard.py runs pytest on
a small suite of its own to check it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

OFF = {"", "0", "false", "no"}


def ci_is_set() -> bool:
    return os.environ.get("CI", "").strip().lower() not in OFF


def read_allowed(path: Path) -> set[tuple[str, str]]:
    """(test file, reason) pairs, one ``path: reason`` a line; ``#`` starts a comment line."""
    allowed = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            file, separator, reason = line.partition(": ")
            if not separator:
                raise pytest.UsageError(f"{path}: not 'test file: reason': {line!r}")
            allowed.add((file.strip(), reason.strip()))
    return allowed


def skip_reason(report) -> str:
    longrepr = report.longrepr
    message = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return message.removeprefix("Skipped: ").strip()


class SkipGuard:
    def __init__(self, allowed_file: Path):
        self.allowed_file = allowed_file
        self.skips: list[tuple[str, str]] = []  # (node id, reason)
        self.unexpected: list[tuple[str, str]] = []

    def _record(self, report) -> None:
        if report.skipped and not hasattr(report, "wasxfail"):
            self.skips.append((report.nodeid, skip_reason(report)))

    def pytest_runtest_logreport(self, report) -> None:
        self._record(report)

    def pytest_collectreport(self, report) -> None:
        self._record(report)  # a module skipped as a whole (pytest.skip at module level)

    def pytest_sessionfinish(self, session, exitstatus) -> None:
        if not ci_is_set():
            return
        allowed = read_allowed(self.allowed_file)
        self.unexpected = [
            (nodeid, reason)
            for nodeid, reason in self.skips
            if (nodeid.split("::")[0], reason) not in allowed
        ]
        if self.unexpected and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.unexpected:
            return
        name = self.allowed_file.name
        where = terminalreporter.config.rootpath
        shown = (
            self.allowed_file.relative_to(where)
            if self.allowed_file.is_relative_to(where)
            else name
        )
        terminalreporter.section(f"skipped on CI, not in {name}", sep="=", red=True, bold=True)
        for nodeid, reason in self.unexpected:
            terminalreporter.line(f"{nodeid}: {reason}")
        terminalreporter.line(
            f"CI is set: {len(self.unexpected)} test(s) skipped for a reason not allowed in "
            f"{shown}; the run fails."
        )
