"""One run of the configured cycle, composed in one place for the worker, the window and the
command line: the enabled/mode gate, the e-mail notifier that receives the run's events, and
the mode's cycle.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator

from .cycles import CycleResult, run_contingency, run_official
from .events import Sink
from .journal import Journal
from .notify.notifier import Notifier
from .paths import Home
from .settings.model import Settings

#: how long a one-off run (the window, the command line) waits for its e-mails to leave
NOTIFY_FLUSH_S = 30.0


@contextmanager
def notifier_sinks(settings: Settings, home: Home, journal: Journal | None = None) -> Iterator[list[Sink]]:
    """The event sinks of one run (the e-mail notifier); its e-mails leave before the block ends."""
    notifier = Notifier(settings, home, journal or Journal(home.journal_file))
    try:
        yield [notifier]
    finally:
        notifier.close(NOTIFY_FLUSH_S)


def run_cycle(settings: Settings, home: Home, *, sinks: list[Sink], mode: str | None = None,
              current_settings: Callable[[], Settings] | None = None, **options: Any) -> CycleResult:
    """The cycle of ``mode`` (the configured one by default), gated by ``enabled`` and the mode.

    ``current_settings`` returns the settings as saved when the cycle lock is taken: a run that
    waited behind a promotion then sees the new mode and does not run the old one.
    """
    runner = run_official if (mode or settings.mode) == "official" else run_contingency
    return runner(settings, home, events=sinks, current_settings=current_settings, **options)


def run_once(settings: Settings, home: Home, **options: Any) -> CycleResult:
    """One run with its own notifier (the window's "Executar agora", the command line)."""
    with notifier_sinks(settings, home, options.get("journal")) as sinks:
        return run_cycle(settings, home, sinks=sinks, **options)
