"""Settings: validation in the user's words, QSettings round trip, secrets only in the keyring."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.errors import ContingencyError, SettingsError
from app.settings.model import Settings, flat_keys, parse_value, validate
from app.settings.store import SettingsInvalid, SettingsStore

from .pair import cli


def valid_official() -> Settings:
    s = Settings(enabled=True, mode="official")
    s.database.path = "/data/store.db"
    s.official.destination1.path = "/mnt/contingencia"
    return s


def test_every_key_round_trips_through_qsettings(store):
    s = valid_official()
    s.official.destination2.kind = "ftp"
    s.official.destination2.host = "10.0.0.9"
    s.official.destination2.path = "Lojas/Padaria Açúcar"
    s.official.schedule = "times"
    s.official.times = ["08:00", "12:30", "23:59"]
    s.official.compression = 9
    s.contingency.poll_interval_s = 17
    s.notify.events = ["backup_ok", "official_silent"]
    s.machine_name = "LOJA-01"
    store.save(s)
    loaded = store.load(with_secrets=False)
    for info in flat_keys():
        if info.meta.get("secret"):
            continue
        parts = info.key.split(".")
        a, b = s, loaded
        for part in parts:
            a, b = getattr(a, part), getattr(b, part)
        assert a == b, info.key


def test_passwords_go_to_the_keyring_never_the_settings_file(store, home):
    s = valid_official()
    s.official.destination1.kind = "ftp"
    s.official.destination1.host = "ftp.local"
    s.official.destination1.password = "s3gr3d0-ftp"
    store.save(s)
    assert "s3gr3d0-ftp" not in home.settings_file.read_text()
    assert store.load().official.destination1.password == "s3gr3d0-ftp"
    assert store.load(with_secrets=False).official.destination1.password is None
    assert oct(home.secrets_file.stat().st_mode & 0o777) == "0o600"
    # None leaves the saved password as it is (the GUI never shows it)
    again = store.load(with_secrets=False)
    store.save(again)
    assert store.load().official.destination1.password == "s3gr3d0-ftp"


@pytest.mark.parametrize("key,value,words", [
    ("official.compression", "12", "from 0 to 9"),
    ("official.interval_min", "zero", "whole number"),
    ("mode", "backup", "official, contingency"),
    ("enabled", "maybe", "true or false"),
    ("official.times", "08:00,09:00,10:00,11:00", "at most 3"),
    ("notify.events", "backup_ok,coffee", "any of"),
])
def test_invalid_values_name_the_key_the_value_and_what_is_allowed(key, value, words):
    with pytest.raises(SettingsError) as caught:
        parse_value(key, value)
    text = str(caught.value)
    assert key in text and value.split(",")[-1] in text and words in text


def test_cross_field_problems_are_all_reported():
    s = Settings(enabled=True, mode="official")
    s.official.times = ["25:00"]
    s.official.destination2.kind = "sftp"
    keys = {p.key for p in validate(s)}
    assert {"database.path", "official.destination1.path", "official.destination2.host", "official.times"} <= keys


def test_save_refuses_invalid_settings_and_writes_nothing(store, home):
    store.save(valid_official())
    before = home.settings_file.read_text()
    bad = valid_official()
    bad.official.destination1.path = ""
    with pytest.raises(SettingsInvalid) as caught:
        store.save(bad)
    assert "official.destination1.path" in str(caught.value)
    assert home.settings_file.read_text() == before


def test_cli_config_set_show_export_import(home, tmp_path):
    result = cli(home, "config", "set", "official.compression", "11")
    assert result.returncode == 2
    assert "official.compression" in result.stderr and "from 0 to 9" in result.stderr
    assert cli(home, "config", "set", "official.interval_min", "30").returncode == 0
    shown = cli(home, "config", "show")
    assert "official.interval_min = 30" in shown.stdout
    exported = tmp_path / "settings.toml"
    assert cli(home, "config", "export", str(exported)).returncode == 0
    text = exported.read_text()
    assert "interval_min = 30" in text
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace("interval_min = 30", "interval_min = 0").replace('mode = "official"', 'mode = "x"'))
    result = cli(home, "config", "import", str(broken))
    assert result.returncode == 2
    assert "official.interval_min" in result.stderr and "mode" in result.stderr and "Nothing was saved" in result.stderr
    assert "official.interval_min = 30" in cli(home, "config", "show").stdout
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("[official]\nintervalo = 5\n")
    result = cli(home, "config", "import", str(unknown))
    assert result.returncode == 2 and "official.intervalo" in result.stderr


def test_cli_passwords_are_never_taken_from_the_command_line(home):
    result = cli(home, "config", "set", "official.destination1.password", "abc")
    assert result.returncode == 2 and "config password" in result.stderr
    secrets_file = Path(os.environ["CONTINGENCIA_SECRETS_FILE"]).resolve()

    def files_with_the_password() -> list[Path]:
        written = [f for f in home.root.rglob("*") if f.is_file() and f.resolve() != secrets_file]
        return [f for f in written if b"p@ss" in f.read_bytes()]

    result = cli(home, "config", "password", "official.destination1.password", stdin="p@ss\n")
    assert result.returncode == 0
    assert not files_with_the_password()
    assert cli(home, "config", "set", "official.destination1.host", "oficial").returncode == 0
    assert home.settings_file.is_file() and not files_with_the_password()
    from app.settings.store import SettingsStore
    assert SettingsStore(home).load(with_secrets=True).official.destination1.password == "p@ss"  # in the keyring
    assert "(saved in keyring)" in cli(home, "config", "show").stdout


def test_config_keys_lists_every_key():
    from app.cli import main
    import io
    import contextlib
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["config", "keys"]) == 0
    for info in flat_keys():
        assert f"`{info.key}`" in out.getvalue()
    row = next(line for line in out.getvalue().splitlines() if "`contingency.increment_check`" in line)
    assert row.endswith("(sqlite only) |"), "the engines a key works with are named"
    row = next(line for line in out.getvalue().splitlines() if "`official.incremental_interval_min`" in line)
    assert row.endswith("(sqlite, sqlserver, postgres only) |")


def test_readme_documents_every_key():
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    missing = [info.key for info in flat_keys() if f"`{info.key}`" not in readme]
    assert not missing, f"README's settings table lacks {missing}: paste 'contingencia config keys' into it"


def test_unwritable_settings_file_is_reported(store, home):
    home.settings_file.mkdir()  # something that is not a file stands where the settings go
    with pytest.raises(ContingencyError) as caught:
        store.save(valid_official())
    assert str(home.settings_file) in str(caught.value) and "writable" in str(caught.value)


def test_each_transport_declares_its_kinds_and_validation_reads_it():
    """The kinds, and the fields each needs, come from the transport classes: ``configured``
    and the settings' validation follow what each class declares."""
    import dataclasses

    from app.settings.model import Endpoint, key_info
    from app.transports import KINDS

    assert list(key_info("contingency.source.kind").meta["choices"]) == [*KINDS, "none"]
    for name in [*KINDS, "none"]:
        assert parse_value("official.destination2.kind", name) == name
    with pytest.raises(SettingsError, match="use one of folder, ftp, ftps, sftp, smb, none"):
        parse_value("official.destination2.kind", "webdav")
    endpoint_fields = {f.name for f in dataclasses.fields(Endpoint)}
    for name, (_cls, kind) in KINDS.items():
        assert set(kind.fields) | set(kind.required) <= endpoint_fields, name
        empty = Settings(enabled=True, mode="contingency")
        empty.database.path = "/data/store.db"
        empty.contingency.source = Endpoint(kind=name)
        assert not empty.contingency.source.configured
        missing = {p.key for p in validate(empty) if p.key.startswith("contingency.source.")}
        assert missing == {f"contingency.source.{field}" for field in kind.required}, name
        empty.contingency.source = Endpoint(kind=name, path="\\\\OFICIAL\\share\\backup", host="oficial")
        assert empty.contingency.source.configured
        assert not [p for p in validate(empty) if p.key.startswith("contingency.source.")], name


def test_a_kind_the_registry_names_must_be_declared_by_its_class(monkeypatch):
    from app import transports
    from app.errors import NotSupportedError
    assert transports.kind_of("webdav") is None and transports.kind_of("none") is None
    monkeypatch.setitem(transports.REGISTRY, "webdav", transports.REGISTRY["ftp"])
    with pytest.raises(NotSupportedError, match="FtpTransport does not declare the kind 'webdav'"):
        transports.kind_of("webdav")


def test_checking_a_folder_kind_loads_no_network_library():
    """The kinds are the transports registry's names: loading settings with a folder source and no
    second destination does not import SSH or SMB (a second of start-up)."""
    import subprocess
    import sys
    code = ("import sys; from app.settings.model import parse_value; "
            "parse_value('contingency.source.kind', 'folder'); parse_value('official.destination2.kind', 'none'); "
            "print(sorted(m for m in sys.modules if m in ('paramiko', 'smbclient', 'app.transports.sftp')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.stdout.strip() == "[]", done.stderr


def test_bandwidth_is_a_setting_of_each_destination_and_of_the_source(home):
    for key in ("official.destination1.bandwidth_kbps", "official.destination2.bandwidth_kbps",
                "contingency.source.bandwidth_kbps"):
        assert cli(home, "config", "set", key, "512").returncode == 0
        assert f"{key} = 512" in cli(home, "config", "show").stdout
    refused = cli(home, "config", "set", "contingency.source.bandwidth_kbps", "-1")
    assert refused.returncode == 2 and "bandwidth_kbps" in refused.stderr


def ftp_settings(password: str):
    s = valid_official()
    s.official.destination1.kind = "ftp"
    s.official.destination1.host = "ftp.local"
    s.official.destination1.password = password
    return s


def test_refused_settings_touch_no_secret(store, home):
    """The settings go first: when they cannot be written (HKLM from a window that is not
    elevated, here a settings file that cannot be), no secret has been written either."""
    store.save(ftp_settings("primeira"))
    before = home.secrets_file.read_bytes()
    home.settings_file.unlink()
    home.settings_file.mkdir()
    with pytest.raises(ContingencyError, match="Nothing was saved"):
        store.save(ftp_settings("segunda"))
    assert home.secrets_file.read_bytes() == before


def test_refused_secrets_put_the_settings_back(store, home, monkeypatch):
    """Secrets that cannot be written leave the settings as they were: never a partial save."""
    store.save(ftp_settings("primeira"))
    blocked = home.root / "blocked"
    blocked.write_text("a file where the secrets folder should be")
    monkeypatch.setenv("CONTINGENCIA_SECRETS_FILE", str(blocked / "secrets.json"))
    changed = ftp_settings("segunda")
    changed.official.destination1.host = "outro.local"
    with pytest.raises(ContingencyError, match="secrets"):
        SettingsStore(home).save(changed)
    monkeypatch.setenv("CONTINGENCIA_SECRETS_FILE", str(home.secrets_file))
    loaded = SettingsStore(home).load()
    assert loaded.official.destination1.host == "ftp.local"
    assert loaded.official.destination1.password == "primeira"
