"""First contact with an SFTP or FTPS server: the fingerprint is shown and pinned only once accepted."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app.settings.store import SettingsStore
from tests.gui_helpers import set_field, window_factory

from .pair import cli

pytestmark = pytest.mark.server


@pytest.fixture
def open_window(qtbot):
    yield from window_factory(qtbot)


def contingency_source(store, kind: str, port: int) -> None:
    settings = store.load(with_secrets=False)
    settings.mode = "contingency"
    settings.contingency.source.kind = kind
    settings.contingency.source.host = "127.0.0.1"
    settings.contingency.source.port = port
    store.save(settings)


def test_cli_shows_and_pins_the_sftp_host_key(home, store, ssh_server):
    contingency_source(store, "sftp", ssh_server.port)
    refused = cli(home, "trust", "source")  # no terminal to answer: nothing is trusted silently
    assert refused.returncode == 2 and ssh_server.fingerprint in refused.stdout
    assert store.load().contingency.source.host_key == ""
    accepted = cli(home, "trust", "source", "--yes")
    assert accepted.returncode == 0, accepted.stderr
    assert store.load().contingency.source.host_key == ssh_server.fingerprint
    again = cli(home, "trust", "source")
    assert again.returncode == 0 and "already the trusted one" in again.stdout


def test_cli_warns_when_the_host_key_changed(home, store, ssh_server):
    contingency_source(store, "sftp", ssh_server.port)
    settings = store.load(with_secrets=False)
    settings.contingency.source.host_key = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    store.save(settings)
    result = cli(home, "trust", "source")
    assert result.returncode == 2 and "WARNING" in result.stdout and "middle" in result.stdout
    assert store.load().contingency.source.host_key.startswith("SHA256:AAAA")


def test_cli_pins_an_ftps_certificate(home, store, ftps_server, ftps_certificates):
    contingency_source(store, "ftps", ftps_server.port)
    result = cli(home, "trust", "source", "--yes")
    assert result.returncode == 0, result.stderr
    pinned = store.load().contingency.source.tls_fingerprint.replace(":", "").lower()
    assert pinned == ftps_certificates["fingerprint"]


def test_cli_folder_has_nothing_to_trust(home):
    result = cli(home, "trust", "destination1")
    assert result.returncode == 1 and "no host key or certificate" in result.stderr


@pytest.mark.gui
@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_window_fetches_off_the_gui_thread_and_pins_only_when_accepted(home, store, open_window, qtbot,
                                                                       monkeypatch, ssh_server, answer):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or answer)
    window = open_window(home, store)
    set_field(window, "mode", "contingency")
    set_field(window, "contingency.source.kind", "sftp")
    set_field(window, "contingency.source.host", "127.0.0.1")
    set_field(window, "contingency.source.port", ssh_server.port)
    box = window.settings_view.contingency.source.host_key.parentWidget()
    box.fetch.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=15000)
    assert ssh_server.fingerprint in asked[0]
    expected = ssh_server.fingerprint if answer == QMessageBox.StandardButton.Yes else ""
    assert window.settings_view.contingency.source.host_key.text() == expected
