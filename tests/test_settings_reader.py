"""The settings read without Qt: every value as QSettings itself reads it, and ``status`` without Qt.

The window and every save write through QSettings; the service, ``status`` and ``config show``
read the same file without it (qsettings_reader.py). Each test compares with QSettings' own
reading of the same bytes, so a difference in the grammar shows as the value Qt would give.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

from pathlib import Path

import pytest

from app.settings.model import EmailAccount, Settings, flat_keys, get_value
from app.settings.qsettings_reader import FOREIGN, SavedValues, read_ini

from .conftest import ROOT

QtCore = pytest.importorskip("PySide6.QtCore")

#: texts that the INI grammar treats specially: separators, quotes, escapes, comments, Qt's @ forms
AWKWARD = ["", " ", "  lead and trail  ", "a,b", "a, b ,c", '"quoted"', 'say "hi", then go', "back\\slash",
           "semi;colon", "equals=sign", "@at", "@@double", "@Invalid()", "tab\there", "line\nbreak", "cr\rlf\r\n",
           "São João – Caixa №1 ✓", "日本語のテキスト", "emoji 🧾", "\x01control\x7f", "%41%U0042", "#hash",
           "[section]", "trailing\\", "x\\x41", "0\\0", "ends with space ", ",", ",,", "a,", ",a"]


#: QSettings reads in a process of its own: in this one it would answer from the values it cached while writing
READ_WITH_QT = """
import json, sys
from PySide6.QtCore import QByteArray, QSettings
def plain(value):
    return {"bytes": bytes(value).hex()} if isinstance(value, QByteArray) else value
found = {}
for path in sys.argv[1:]:
    qs = QSettings(path, QSettings.IniFormat)
    found[path] = {key: plain(qs.value(key)) for key in qs.allKeys()}
print(json.dumps(found))
"""


def qt_values(*paths) -> dict:
    """Every key of each file and its value, as QSettings reads them in a fresh process."""
    done = subprocess.run([sys.executable, "-c", READ_WITH_QT, *map(str, paths)], capture_output=True, check=True)
    return {path: {key: bytes.fromhex(value["bytes"]) if isinstance(value, dict) else value
                   for key, value in values.items()} for path, values in json.loads(done.stdout).items()}


def written_by_qt(path, values: dict) -> None:
    qs = QtCore.QSettings(str(path), QtCore.QSettings.IniFormat)
    for key, value in values.items():
        qs.setValue(key, value)
    qs.sync()
    assert qs.status() == QtCore.QSettings.NoError


def assert_same_as_qt(*paths) -> None:
    for path, qt in qt_values(*paths).items():
        ours = read_ini(Path(path))
        qt.pop("", None)  # listed by QSettings, and never readable through it
        assert set(ours) == set(qt), Path(path).read_bytes()
        for key, value in qt.items():
            assert ours[key] == value, (key, Path(path).read_bytes())


def test_values_written_by_qsettings_are_read_as_qsettings_reads_them(tmp_path):
    path = tmp_path / "written.ini"
    values = {f"text{n}": text for n, text in enumerate(AWKWARD)}
    values |= {f"group/list{n}": [text, "second", text] for n, text in enumerate(AWKWARD)}
    values |= {"number": 17, "negative": -3, "yes": True, "no": False, "empty_list": [], "one_item": ["only"],
               "General/key": "a group named General", "general": "a key named general", "a/b/c/d": "deep",
               "spaced key/with space": "x", "ünïcødé kéy/ñ": "key outside ASCII", "UPPER/Case": "kept"}
    written_by_qt(path, values)
    assert_same_as_qt(path)


def test_random_texts_round_trip_as_in_qsettings(tmp_path):
    rng = random.Random(16)
    alphabet = " \t\n\r,;=\"'\\@#[]%xUaz09çã–€😀\x00\x01\x7f"
    paths = [tmp_path / f"random{n}.ini" for n in range(20)]
    for path in paths:
        values = {f"g{n % 3}/k{n}": "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for n in range(40)}
        values |= {f"list{n}": ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(3)]
                   for n in range(10)}
        written_by_qt(path, values)
    assert_same_as_qt(*paths)


HAND_WRITTEN = (
    b"\xef\xbb\xbf; a comment before the first section\r\n"
    b"top=level\r\n"
    b"[General]\n"
    b"mode = contingency ; a comment after the value\n"
    b"  machine_name=\"  Caixa, 1  \"  \n"
    b"list = one, two,three , \"four, five\"\n"
    b"escaped=tab\\there\\x41\\101 \\\"q\\\"\n"
    b"continued=first\\\n  second\n"
    b"quoted_lines=\"a\nb\"\n"
    b"mixed=\"quoted \"then plain  \t\n"
    b"plain_then_escape=ends  \\x\n"
    b"duplicate=first\n"
    b"duplicate=second\n"
    b"no equals sign here\n"
    b"=no key\n"
    b"# not a comment=in Qt\n"
    b"[%General]\n"
    b"inside=a group named General\n"
    b"[official]\n"
    b"destination1\\path=/mnt/S\xc3\xa3o Jo\xc3\xa3o\n"
    b"key%20with%U00e7=encoded\n"
    b"at=@@literal\n"
    b"bytes=@ByteArray(raw)\n"
    b"invalid=@Invalid()\n"
    b"variant=@Variant(\\0\\0\\0\\x7f)\n"
    b"[email_accounts]\n"
    b"1\\name=Loja\n"
    b"size=1\n"
    b"[broken section\n"
    b"after=broken\n"
    b"[trailing] text\n"
    b"last=\"unterminated\n"
)


def test_a_hand_written_file_is_read_as_qsettings_reads_it(tmp_path):
    path = tmp_path / "hand.ini"
    path.write_bytes(HAND_WRITTEN)
    assert read_ini(path)["official/variant"] is FOREIGN  # a serialised QVariant: not a setting's value, the default stays
    path.write_bytes(HAND_WRITTEN.replace(b"variant=@Variant(\\0\\0\\0\\x7f)\n", b""))
    assert_same_as_qt(path)
    ours = read_ini(path)
    assert ours["list"] == ["one", "two", "three", "four, five"] and ours["official/destination1/path"] == "/mnt/São João"


def full_settings() -> Settings:
    s = Settings(enabled=True, mode="official", machine_name="Caixa 1 – São João, \"Centro\"")
    s.database.path = "/dados/loja; filial=2/store.db"
    s.official.destination1.path = "/mnt/contingência"
    s.official.destination2.kind = "sftp"
    s.official.destination2.host = "10.0.0.9"
    s.official.destination2.path = "@Lojas/Padaria Açúcar, \\norte\\ "
    s.official.schedule = "times"
    s.official.times = ["08:00", "12:30", "23:59"]
    s.official.compression = 9
    s.notify.events = ["backup_ok", "official_silent"]
    s.email_accounts = [EmailAccount(name="Gerência", host="smtp.example.com", port=2525, sender="loja@example.com",
                                     recipients=["a@example.com", "ção@example.com"]),
                        EmailAccount(name="TI, plantão", host="mail.example.com", sender="ti@example.com",
                                     recipients=["ti@example.com"])]
    return s


def test_settings_saved_through_qsettings_load_without_qt_unchanged(store, home):
    saved = full_settings()
    store.save(saved)
    loaded = store.load(with_secrets=False)
    for info in flat_keys():
        if not info.meta.get("secret"):
            assert get_value(loaded, info.key) == get_value(saved, info.key), info.key
    assert [(a.name, a.host, a.port, a.recipients) for a in loaded.email_accounts] == \
        [(a.name, a.host, a.port, a.recipients) for a in saved.email_accounts]
    assert_same_as_qt(home.settings_file)


def test_values_set_through_qsettings_by_type_load_as_the_window_saved_them(store, home):
    """Typed values (a number, a flag, a list) set directly through QSettings, as an older save did."""
    written_by_qt(home.settings_file, {"enabled": True, "official/compression": 3, "official/times": ["07:15", "19:45"],
                                       "notify/events": ["backup_failed"], "machine_name": "Ünïcode, with comma",
                                       "email_accounts/size": 1, "email_accounts/1/name": "Loja",
                                       "email_accounts/1/port": 465, "email_accounts/1/recipients": ["x@y.z", "w@y.z"]})
    loaded = store.load(with_secrets=False)
    assert (loaded.enabled, loaded.official.compression, loaded.official.times, loaded.notify.events,
            loaded.machine_name) == (True, 3, ["07:15", "19:45"], ["backup_failed"], "Ünïcode, with comma")
    assert [(a.name, a.port, a.recipients) for a in loaded.email_accounts] == [("Loja", 465, ["x@y.z", "w@y.z"])]


@pytest.mark.parametrize("size", ["2", " 2 ", "+2", "-1", "two", "", "2.0", "٢"])
def test_the_accounts_array_size_reads_as_qt_reads_it(tmp_path, size):
    path = tmp_path / "size.ini"
    path.write_text(f"[email_accounts]\nsize={size}\n", "utf-8")
    qs = QtCore.QSettings(str(path), QtCore.QSettings.IniFormat)  # never written in this process: read from disk
    assert SavedValues(read_ini(path), case_sensitive=True).array_size("email_accounts") == qs.beginReadArray(
        "email_accounts")


def test_keys_ignore_case_where_qt_ignores_it(tmp_path):
    path = tmp_path / "case.ini"
    path.write_text("[Official]\nInterval_Min=5\n", "utf-8")
    assert SavedValues(read_ini(path), case_sensitive=False).value("official/interval_min") == "5"
    assert SavedValues(read_ini(path), case_sensitive=True).value("official/interval_min") is None


def imported_by(*args: str, home) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "launcher.console", "--home", str(home.root), *args],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


#: what each quick command must start without: Qt (the window's), the pipelines, the promotion,
#: the scheduler, the network libraries; ``config show`` needs the keyring to say which passwords are set
HEAVY = ("PySide6", "app.cycles", "app.promotion", "app.engines", "apscheduler", "paramiko", "smbprotocol",
         "app.notify", "tomllib", "tomli_w")
WITHOUT = {("status",): HEAVY + ("keyring",), ("config", "show"): HEAVY, ("--help",): HEAVY + ("keyring",)}


@pytest.mark.parametrize("command", list(WITHOUT))
def test_the_quick_commands_start_without_qt_or_the_heavy_modules(store, home, command):
    """On a contingency (an official's ``status`` reads the pair's acknowledgements from its destinations
    when the worker has not read them lately: real work, with the transports)."""
    settings = full_settings()
    settings.mode = "contingency"
    settings.contingency.source = settings.official.destination2
    store.save(settings)
    modules = imported_by(*command, home=home)
    assert "app.settings.store" in modules or command == ("--help",)
    loaded = {m for m in modules if any(m == heavy or m.startswith(heavy + ".") for heavy in WITHOUT[command])}
    assert not loaded, command
