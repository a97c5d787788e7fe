"""A PostgreSQL cluster of the tests' own, reached the way a deployment reaches one.

The session's first test that asks for ``postgres_server`` starts a cluster in a temporary
folder on a free port of 127.0.0.1, with password authentication (scram-sha-256, no
``trust``): the superuser has a password, and the tests' own connections read it from a
passfile (``PGPASSFILE``, written with the project's ``passfile_line``), while the engine gets
it in its settings and hands it to pg_dump/pg_restore through its own private passfile.
initdb refuses to run as root: under root the cluster runs as the ``postgres`` account that
Debian's server package creates. No server program, no cluster: the fixture fails and says why.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from .servers import free_port

HOST = "127.0.0.1"
SUPERUSER = "postgres"
ACCOUNT = "postgres"  # the unix account that runs the cluster when the tests run as root


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    password: str
    passfile: Path

    def connect(self, dbname: str = "postgres", **options):
        """A superuser connection; the password comes from the passfile."""
        import psycopg

        options.setdefault("connect_timeout", 5)
        return psycopg.connect(host=self.host, port=self.port, user=self.user, dbname=dbname, **options)

    def admin(self):
        return self.connect(autocommit=True)


def server_programs() -> Path:
    """The folder of the newest installed initdb/pg_ctl (Debian keeps them out of PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    pytest.fail("PostgreSQL's server is not installed (no initdb in /usr/lib/postgresql/*/bin or on PATH): "
                "bash scripts/install.sh installs it (Debian package postgresql)")


def _require_account() -> None:
    try:
        pwd.getpwnam(ACCOUNT)
    except KeyError:
        pytest.fail(f"initdb refuses root, and there is no '{ACCOUNT}' account to run the test cluster "
                    "(Debian's postgresql package creates it)")


def _as_cluster_owner(command: list[str]) -> list[str]:
    return command if os.geteuid() != 0 else ["runuser", "-u", ACCOUNT, "--", *command]


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(_as_cluster_owner(command), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        pytest.fail(f"the test PostgreSQL cluster could not {what}: {(done.stderr or done.stdout).strip()}")


@pytest.fixture(scope="session")
def postgres_server():
    from app.engines.pgtools import passfile_line

    bin_dir = server_programs()
    folder = Path(tempfile.mkdtemp(prefix="contingencia-pg-"))
    data, password = folder / "data", "pg-" + secrets.token_urlsafe(12)
    pwfile = folder / "superuser-password"
    pwfile.write_text(password + "\n")
    if os.geteuid() == 0:
        _require_account()
        shutil.chown(folder, ACCOUNT)
        shutil.chown(pwfile, ACCOUNT)
    port = free_port()
    _run([str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, f"--pwfile={pwfile}",
          "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"], "be made (initdb)")
    pwfile.unlink()
    options = f"-c listen_addresses={HOST} -p {port} -c unix_socket_directories={folder} -c fsync=off"
    _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-o", options,
          "-w", "-t", "60", "start"], f"start (see {folder / 'server.log'})")
    passfile = folder / "client.pgpass"
    passfile.write_text(passfile_line(password))
    passfile.chmod(0o600)
    previous = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(passfile)
    try:
        yield PostgresServer(HOST, port, SUPERUSER, password, passfile)
    finally:
        if previous is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = previous
        subprocess.run(_as_cluster_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                          "-w", "stop"]), capture_output=True, timeout=60)
        for _ in range(50):  # the server's last files, owned by its account
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                break
            time.sleep(0.1)

