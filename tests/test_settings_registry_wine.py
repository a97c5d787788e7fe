"""On Windows the settings live in the machine's registry: what QSettings writes there, the Qt-free
reader (``qsettings_reader.read_registry``) reads back as QSettings does, under Wine with the build's
Windows CPython and PySide6 (types, lists, Unicode, groups, Qt's ``@`` escapes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.settings.store import to_document

from .test_settings_reader import AWKWARD, full_settings
from .test_windows_wine import BUILD_TIMEOUT_S, build_windows, wine, windows_python

pytestmark = [pytest.mark.slow, pytest.mark.wine, pytest.mark.timeout(BUILD_TIMEOUT_S + 300)]

TEST_KEY = r"Software\ContingenciaReaderTest\Reader"

#: written with QSettings.setValue, each as its Python type
VALUES = {f"text{n}": text for n, text in enumerate(AWKWARD) if "\x00" not in text}
VALUES |= {f"group/list{n}": [text, "second"] for n, text in enumerate(AWKWARD) if text and "\x00" not in text}
VALUES |= {"number": 17, "negative": -3, "big": 2 ** 40, "yes": True, "no": False, "empty_list": [],
           "one_item": ["only"], "a/b/c/d": "deep", "spaced key/with space": "x", "ünïcødé kéy/ñ": "key outside ASCII",
           "back\\slash": "a key with a backslash", "General/key": "a group named General"}

WRITE_AND_READ = f"""
import json
from PySide6.QtCore import QSettings
from app.settings.qsettings_reader import SavedValues, read_registry
values = json.loads({json.dumps(json.dumps(VALUES))})
qs = QSettings(QSettings.NativeFormat, QSettings.SystemScope, "ContingenciaReaderTest", "Reader")
qs.clear()
for key, value in values.items():
    qs.setValue(key, value)
qs.sync()
"""

READ_BOTH = f"""
import json
from PySide6.QtCore import QSettings
from app.settings.qsettings_reader import SavedValues, read_registry
qs = QSettings(QSettings.NativeFormat, QSettings.SystemScope, "ContingenciaReaderTest", "Reader")
saved = SavedValues(read_registry({TEST_KEY!r}, None), case_sensitive=False)
print("RESULT", json.dumps({{key: [qs.value(key), saved.value(key)] for key in qs.allKeys()}}))
qs.clear()
qs.sync()
"""

STORE_ROUND_TRIP = f"""
import json
from app.paths import Home
from app.settings.store import SettingsStore, from_document
store = SettingsStore(Home.resolve())
assert store.in_registry
store.save(from_document(json.loads({json.dumps(json.dumps(to_document(full_settings())))})))
"""

STORE_LOAD = """
import json
from app.paths import Home
from app.settings.store import SettingsStore, to_document
store = SettingsStore(Home.resolve())
print("RESULT", json.dumps([to_document(store.load(with_secrets=False)), store.location]))
"""


@pytest.fixture(scope="module")
def windows_cpython() -> None:
    """The build's Windows CPython with its wheels, made or checked by the build script itself (an
    interpreter left by an interrupted build has no wheels yet)."""
    build_windows("--python-only")


@pytest.fixture
def windows(windows_cpython, tmp_path):
    """Where the Windows CPython of the build runs a probe."""
    return tmp_path / "probe-here"


def result_of(folder: Path, code: str):
    done = windows_python(folder, code)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, done.stdout + done.stderr
    return json.loads(lines[-1][len("RESULT "):])


def test_values_qsettings_writes_to_the_registry_are_read_as_qsettings_reads_them(windows):
    written = windows_python(windows, WRITE_AND_READ)
    assert written.returncode == 0, written.stdout + written.stderr
    both = result_of(windows, READ_BOTH)  # a process of its own: nothing cached from the writes
    assert len(both) == len(VALUES)
    for key, (qt, ours) in both.items():
        assert ours == qt, key


def test_settings_saved_in_the_machine_registry_load_without_qt(windows):
    try:
        saved = windows_python(windows, STORE_ROUND_TRIP)
        assert saved.returncode == 0, saved.stdout + saved.stderr
        loaded, location = result_of(windows, STORE_LOAD)
    finally:
        wine("reg", "delete", "HKLM\\Software\\Contingencia\\Contingencia", "/f")
    assert loaded == json.loads(json.dumps(to_document(full_settings())))
    assert location == "\\HKEY_LOCAL_MACHINE\\Software\\Contingencia\\Contingencia"
