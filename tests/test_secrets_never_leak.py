"""No password in the settings file, the logs, the journal or an error message, over real cycles."""

from __future__ import annotations

import pytest

from app.settings.store import SettingsStore

from .pair import cli, make_pair
from .test_transports_network import Target

pytestmark = pytest.mark.server
SECRET = "Senh4-Muito-Secreta"


def every_text_of(home) -> str:
    """Everything the instance wrote, except the secrets file itself."""
    found = []
    for path in home.root.rglob("*"):
        if path.is_file() and path.name != "secrets.json":
            found.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(found)


@pytest.mark.parametrize("kind", ["ftp", "sftp"])
def test_a_password_goes_nowhere_but_the_keyring(kind, request, tmp_path):
    server = request.getfixturevalue(f"{kind}_server")
    server.ensure_running()
    pair = make_pair(tmp_path, products=50, sales=50)
    right = Target(kind, server).endpoint()
    wrong = Target(kind, server).endpoint()
    wrong.password = SECRET
    pair.official.official.destination1 = wrong
    SettingsStore(pair.official_home).save(pair.official)
    failed = cli(pair.official_home, "--verbose", "backup-now")
    assert failed.returncode == 1 and "destination 1" in failed.stderr
    assert SECRET not in failed.stdout + failed.stderr
    shown = cli(pair.official_home, "config", "show")
    assert SECRET not in shown.stdout and "(saved in keyring)" in shown.stdout
    status = cli(pair.official_home, "status", "--json")
    assert SECRET not in status.stdout
    assert SECRET not in every_text_of(pair.official_home)
    assert SECRET in (pair.official_home.root / "secrets.json").read_text()  # where it does belong
    # and with the right password, a full successful cycle logs none of it either
    pair.official.official.destination1 = right
    SettingsStore(pair.official_home).save(pair.official)
    assert cli(pair.official_home, "--verbose", "backup-now").returncode == 0
    assert right.password not in every_text_of(pair.official_home)
