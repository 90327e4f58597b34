"""The job queue in the tests: Huey runs jobs inline (immediate mode, the test settings) and a
retry waits in its in-memory schedule until :func:`run_scheduled` runs it, as the worker's
scheduler would when its time came. :class:`StandInRenderers` stands in for a table of file
renderers, so that the tests of a job test the queue and the states, not the PDF."""

from __future__ import annotations

from huey.contrib.djhuey import HUEY


class StandInRenderers:
    """Stand-ins for the renderers in ``table`` (kind → renderer, replaced for the test):
    each kind fails ``failures[kind]`` times (raising RuntimeError with ``message``), then gives
    ``files[kind]``; ``calls`` counts every call."""

    def __init__(
        self,
        monkeypatch,
        failures: dict[str, int],
        *,
        table: dict,
        files: dict[str, bytes],
        message: str = "글꼴을 찾을 수 없음",
    ):
        self.failures = dict(failures)
        self.message = message
        self.files = files
        self.calls = dict.fromkeys(files, 0)
        for kind in files:
            monkeypatch.setitem(table, kind, self._renderer(kind))

    def _renderer(self, kind: str):
        def render(report, version):
            self.calls[kind] += 1
            if self.failures.get(kind, 0) > 0:
                self.failures[kind] -= 1
                raise RuntimeError(self.message)
            return self.files[kind]

        return render


def flush_queue():
    """Nothing scheduled in the in-memory queue (a test's start and end)."""
    HUEY.storage.flush_all()


def run_scheduled() -> list[tuple[int, int]]:
    """Run every retry waiting in Huey's schedule, once its time has come; for each, as it
    waited, the retries it had left and the wait it would give the next one."""
    waiting = HUEY.scheduled()
    if not waiting:
        return []
    due = max(task.eta for task in waiting)
    ran = []
    for task in HUEY.read_schedule(due):
        ran.append((task.retries, task.retry_delay))
        HUEY.execute(task, timestamp=due)
    return ran
