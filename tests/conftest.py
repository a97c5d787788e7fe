"""Shared fixtures: every test gets its own home, secrets file and offscreen Qt."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "app.settings.secrets.FileKeyring"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An isolated instance home (settings, journal, secrets, work folder)."""
    from app.paths import Home

    root = tmp_path / "home"
    monkeypatch.setenv("CONTINGENCIA_HOME", str(root))
    monkeypatch.setenv("CONTINGENCIA_SECRETS_FILE", str(root / "secrets.json"))
    return Home.resolve(root).ensure()


@pytest.fixture
def store(home):
    from app.settings.store import SettingsStore

    return SettingsStore(home)
pytest_plugins = ["tests.servers", "tests.smtp_server", "tests.postgres_server"]


@pytest.fixture(scope="session")
def qapp(pytestconfig):
    """pytest-qt's application, made as the window's entry point makes it (ui/collector.py: the
    cyclic garbage collection only on this thread), so the window tests run as the product does."""
    from ui.collector import application

    app = application(["pytest-qt-qapp"])
    app.setApplicationName(pytestconfig.getini("qt_qapp_name"))
    return app


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item):
    """Between two tests the collector's due collection (a test need not spin the event loop)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() if "PySide6.QtWidgets" in sys.modules else None
    if app is not None:
        from ui.collector import install
        install(app).collect_due()


# --- skips: failures under CI, counted with their reasons elsewhere -------------------------

def _under_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _fail_skip_under_ci(report) -> None:
    """Under CI a test that cannot have its server, root or mount fails: a green run proves it ran."""
    if _under_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = _skip_reason(report)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which counts as a failure: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _fail_skip_under_ci(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _fail_skip_under_ci(outcome.get_result())


def pytest_terminal_summary(terminalreporter):
    """Append the skips and their reasons to $CONTINGENCIA_SKIP_REPORT (scripts/test.sh prints them)."""
    target = os.environ.get("CONTINGENCIA_SKIP_REPORT")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as out:
        for report in terminalreporter.stats.get("skipped", []):
            if not hasattr(report, "wasxfail"):
                out.write(_skip_reason(report).replace("\n", " ") + "\n")


def pytest_configure(config):
    """A checkout's translations compiled as the build does (``python -m ui.i18n``): only when stale."""
    from ui import qm

    source = ROOT / "ui" / "translations"
    qm.compile_folder(source, source, qm.find_lrelease())
