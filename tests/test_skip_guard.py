"""The CI skip guard (tests/skips.py), run as CI runs it: pytest on a small suite of its own
with CI set and unset. A skip whose file and reason are allowed passes; any other skip fails
the run with CI set and is printed; without CI nothing changes; an expected failure (xfail) is
not a skip; and the suite's own allowed list reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.skips import read_allowed

ROOT = Path(__file__).resolve().parents[1]

CONFTEST = """
from pathlib import Path

from tests.skips import SkipGuard


def pytest_configure(config):
    config.pluginmanager.register(SkipGuard(Path(__file__).with_name("allowed.txt")))
"""

SUITE = """
import pytest


def test_runs():
    pass


@pytest.mark.skip(reason="the printer is out of paper")
def test_allowed():
    pass


def test_unexpected():
    pytest.skip("no Chromium at /usr/bin/chromium")


@pytest.mark.xfail(reason="a known fault", strict=True)
def test_expected_failure():
    assert False
"""

ALLOWED = """# a comment, then a blank line

test_suite.py: the printer is out of paper
"""


def run_pytest(directory: Path, *, ci: str | None, select: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "DJANGO_SETTINGS_MODULE")}
    env["PYTHONPATH"] = str(ROOT)
    if ci is not None:
        env["CI"] = ci
    command = [sys.executable, "-m", "pytest", "-p", "no:django", "-p", "no:cacheprovider"]
    command += ["-q", "-rs", "test_suite.py", *(["-k", select] if select else [])]
    return subprocess.run(
        command, cwd=directory, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def suite(tmp_path) -> Path:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # its own rootdir
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_suite.py").write_text(SUITE, encoding="utf-8")
    (tmp_path / "allowed.txt").write_text(ALLOWED, encoding="utf-8")
    return tmp_path


def test_without_ci_a_skip_does_not_fail_the_run(suite):
    result = run_pytest(suite, ci=None)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 2 skipped, 1 xfailed" in result.stdout
    assert "not in allowed.txt" not in result.stdout
    assert run_pytest(suite, ci="false").returncode == 0


def test_with_ci_an_unlisted_skip_fails_the_run_and_is_printed(suite):
    result = run_pytest(suite, ci="true")
    assert result.returncode == 1, result.stdout
    assert "skipped on CI, not in allowed.txt" in result.stdout
    assert "test_suite.py::test_unexpected: no Chromium at /usr/bin/chromium" in result.stdout
    assert "test_suite.py::test_allowed:" not in result.stdout  # allowed: not listed
    assert "1 test(s) skipped for a reason not allowed" in result.stdout


def test_with_ci_allowed_skips_and_expected_failures_pass(suite):
    result = run_pytest(suite, ci="true", select="not unexpected")
    assert result.returncode == 0, result.stdout
    assert "1 passed, 1 skipped, 1 deselected, 1 xfailed" in result.stdout


def test_a_reason_is_allowed_for_its_own_file_only(suite):
    (suite / "allowed.txt").write_text(
        "other_suite.py: no Chromium at /usr/bin/chromium\n"
        "test_suite.py: the printer is out of paper\n",
        encoding="utf-8",
    )
    assert run_pytest(suite, ci="true").returncode == 1


def test_the_suites_allowed_list_names_existing_test_files():
    allowed = read_allowed(ROOT / "tests" / "allowed_skips.txt")
    assert allowed
    for file, reason in allowed:
        assert (ROOT / file).is_file(), file
        assert reason in (ROOT / file).read_text(encoding="utf-8"), (file, reason)
