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
pytest_plugins = ["tests.servers", "tests.smtp_server"]
