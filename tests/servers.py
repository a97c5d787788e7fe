"""Real servers on 127.0.0.1 for the transport tests: FTP, FTPS, OpenSSH (SFTP), Samba.

Each server runs as its own process on a free port, with its configuration, keys
and data in a temporary folder, and is stopped at the end. A fixture skips with
the reason when the server's program is missing (scripts/install.sh installs them).

SFTP and SMB log in as a throw-away unix user (``TEST_USER``, one per test process)
created with useradd and removed afterwards: root would ignore the read-only folder of the fault tests,
and Samba needs a unix account anyway. This needs root; without it those fixtures skip.

Run ``python3 -m tests.servers ftp '<json>'`` to start the FTP server by hand: the
tests start it the same way, as a subprocess they can kill in the middle of an upload.
"""

from __future__ import annotations

import base64
import datetime
import errno
import hashlib
import ipaddress
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
#: one user per test process: two test runs at once must not delete each other's user
USER_PREFIX = "ctgtest-"
TEST_USER = f"{USER_PREFIX}{os.getpid()}"
TEST_PASSWORD = "S3nha-de-teste!"
FTP_USER = "loja"
FTP_PASSWORD = "ftp-S3nha"
#: the folder with spaces and accents every round-trip test publishes into
ACCENTED = "Lojas/Padaria Açúcar/São Paulo"
READONLY = "Somente leitura"


# --- processes -------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode} before listening on {port}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {HOST}:{port} after {timeout} s")


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (servers fork one child per connection)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


class ServerProcess:
    """A server program run in the foreground as a child of the tests."""

    name = "server"

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = workdir / f"{self.name}.log"

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self) -> "ServerProcess":
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, cwd=ROOT,  # ROOT: for -m tests.servers
                                            # its own session: a server that signals its process
                                            # group on exit (smbd does) must not hit pytest
                                            start_new_session=True)
        try:
            wait_for_port(self.port, self.process)
        except RuntimeError as exc:
            self.stop()
            raise RuntimeError(f"{self.name}: {exc}; log:\n{self.log.read_text(errors='replace')[-3000:]}") from None
        return self

    def kill(self) -> None:
        """SIGKILL the server and its per-connection children: a crash, not a shutdown."""
        self._signal_all(signal.SIGKILL)

    def stop(self) -> None:
        self._signal_all(signal.SIGTERM)

    def _signal_all(self, signum: int) -> None:
        if self.process is None:
            return
        for pid in [self.process.pid] + descendants(self.process.pid):
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def ensure_running(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.process = None
            self.start()


@pytest.fixture
def silent_port():
    """A port that accepts connections and never says a word: a hung server."""
    import threading

    listener = socket.socket()
    listener.bind((HOST, 0))
    listener.listen(16)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()
    for conn in held:
        conn.close()


# --- certificates ------------------------------------------------------------------

def make_certificates(folder: Path) -> dict:
    """A private CA and a server certificate for 127.0.0.1 signed by it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)

    def build(subject: str, key, issuer_name, issuer_key, *, ca: bool):
        builder = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
                   .issuer_name(issuer_name)
                   .public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=2))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if not ca:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST)), x509.DNSName("localhost")]),
                critical=False)
        return builder.sign(issuer_key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Contingencia test CA")])
    ca_cert = build("Contingencia test CA", ca_key, ca_name, ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = build(HOST, key, ca_name, ca_key, ca=False)

    pem = serialization.Encoding.PEM
    server_pem = folder / "ftps-server.pem"
    server_pem.write_bytes(cert.public_bytes(pem) + key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    ca_pem = folder / "ftps-ca.pem"
    ca_pem.write_bytes(ca_cert.public_bytes(pem))
    der = cert.public_bytes(serialization.Encoding.DER)
    return {"server_pem": server_pem, "ca_pem": ca_pem, "fingerprint": hashlib.sha256(der).hexdigest()}


# --- FTP and FTPS (pyftpdlib) ----------------------------------------------------------

class FtpServer(ServerProcess):
    """pyftpdlib in a subprocess; ``rename`` = normal | refuse-over | ignore-over."""

    name = "ftp"

    def __init__(self, workdir: Path, *, tls: dict | None = None, rename: str = "normal") -> None:
        self.tls = tls
        self.rename = rename
        self.name = f"ftp{'s' if tls else ''}-{rename}"
        super().__init__(workdir)
        self.root = workdir / f"{self.name}-{self.port}-root"
        (self.root / READONLY).mkdir(parents=True, exist_ok=True)

    @property
    def kind(self) -> str:
        return "ftps" if self.tls else "ftp"

    def command(self) -> list[str]:
        config = {"port": self.port, "root": str(self.root), "rename": self.rename,
                  "certfile": str(self.tls["server_pem"]) if self.tls else ""}
        return [sys.executable, "-m", "tests.servers", "ftp", json.dumps(config)]

    def endpoint(self, path: str, **overrides):
        from app.settings.model import Endpoint

        values = dict(kind=self.kind, host=HOST, port=self.port, path=path, user=FTP_USER,
                      password=FTP_PASSWORD, timeout_s=10)
        if self.tls:
            values["tls_fingerprint"] = self.tls["fingerprint"]
        values.update(overrides)
        return Endpoint(**values)

    def local(self, path: str) -> Path:
        return self.root / path


def _serve_ftp(config: dict) -> None:
    """The FTP server process (``python3 -m tests.servers ftp '<json>'``)."""
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.filesystems import AbstractedFS
    from pyftpdlib.handlers import FTPHandler
    from pyftpdlib.log import logger
    from pyftpdlib.servers import FTPServer

    class UnbufferedFS(AbstractedFS):
        # With buffered files a full disk surfaces again in close(), inside pyftpdlib's
        # error handler, which then never answers at all.
        def open(self, filename, mode):
            return open(filename, mode, buffering=0) if "w" in mode or "a" in mode else open(filename, mode)

    base = FTPHandler
    if config["certfile"]:
        from pyftpdlib.handlers import TLS_FTPHandler

        base = TLS_FTPHandler

    class Handler(base):
        rename_mode = config["rename"]

        def ftp_RNTO(self, path):
            # Some servers will not rename over an existing file; some say 250 and do nothing.
            if self._rnfr and os.path.exists(path) and self.rename_mode != "normal":
                self._rnfr = None
                if self.rename_mode == "refuse-over":
                    self.respond("553 Destination file exists.")
                else:
                    self.respond("250 Renaming ok.")
                return None
            return super().ftp_RNTO(path)

    class DataHandler(base.dtp_handler):
        def handle_error(self):
            # Answer a full disk as real servers do (ProFTPD: "452 ... No space left on
            # device"); pyftpdlib says "426 None; transfer aborted", like a dropped link.
            cause = getattr(sys.exc_info()[1], "__cause__", None)
            if getattr(cause, "errno", None) == errno.ENOSPC:
                self._resp = ("452 Transfer aborted. No space left on device.", logger.warning)
                self.close()
                return
            super().handle_error()

    Handler.dtp_handler = DataHandler
    if config["certfile"]:
        Handler.certfile = config["certfile"]
        Handler.tls_control_required = True
        Handler.tls_data_required = True
    authorizer = DummyAuthorizer()
    authorizer.add_user(FTP_USER, FTP_PASSWORD, config["root"], perm="elradfmwMT")
    authorizer.override_perm(FTP_USER, os.path.join(config["root"], READONLY), perm="elr", recursive=True)
    Handler.authorizer = authorizer
    Handler.abstracted_fs = UnbufferedFS
    Handler.banner = "Contingencia test FTP server"
    Handler.auth_failed_timeout = 0.3  # pyftpdlib waits 3 s after a wrong password by default
    server = FTPServer((HOST, config["port"]), Handler)
    server.max_cons = 64
    server.serve_forever()


@pytest.fixture(scope="session")
def servers_dir():
    """A folder every server and the throw-away user can read (pytest's own is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="ctg-servers-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def ftps_certificates(servers_dir):
    return make_certificates(servers_dir)


def _require_pyftpdlib() -> None:
    pytest.importorskip("pyftpdlib", reason="pyftpdlib is missing: pip install -e '.[test]'")


@pytest.fixture(scope="session")
def ftp_server(servers_dir):
    _require_pyftpdlib()
    server = FtpServer(servers_dir).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def ftps_server(servers_dir, ftps_certificates):
    _require_pyftpdlib()
    pytest.importorskip("OpenSSL", reason="pyOpenSSL is needed by pyftpdlib's FTPS server")
    server = FtpServer(servers_dir, tls=ftps_certificates).start()
    yield server
    server.stop()


@pytest.fixture
def ftp_server_factory(servers_dir, ftps_certificates):
    """Start an extra FTP(S) server for one test, e.g. one that refuses rename-over."""
    started = []

    def start(*, tls: bool = False, rename: str = "normal") -> FtpServer:
        _require_pyftpdlib()
        server = FtpServer(servers_dir, tls=ftps_certificates if tls else None, rename=rename).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


# --- the throw-away unix user ------------------------------------------------------------

def _require_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("creating the test user for SFTP/SMB needs root")


def remove_stale_test_users() -> None:
    """Users left by test runs that were killed before their clean-up."""
    import pwd

    for entry in pwd.getpwall():
        pid = entry.pw_name[len(USER_PREFIX):]
        if entry.pw_name.startswith(USER_PREFIX) and pid.isdigit() and not Path(f"/proc/{pid}").exists():
            subprocess.run(["userdel", entry.pw_name], capture_output=True)


def create_test_user() -> None:
    """useradd (if missing) and set the password; needs root."""
    remove_stale_test_users()
    exists = subprocess.run(["id", TEST_USER], capture_output=True).returncode == 0
    if not exists:
        subprocess.run(["useradd", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", TEST_USER], check=True, capture_output=True)
    subprocess.run(["chpasswd"], input=f"{TEST_USER}:{TEST_PASSWORD}\n".encode(), check=True, capture_output=True)


def remove_test_user() -> None:
    subprocess.run(["userdel", TEST_USER], capture_output=True)


@pytest.fixture(scope="session")
def test_user(servers_dir):
    """A unix user with a password, for SSH and Samba logins; removed at the end."""
    _require_root()
    for tool in ("useradd", "userdel", "chpasswd"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is missing: cannot create the test user")
    create_test_user()
    yield TEST_USER
    remove_test_user()


def user_folder(base: Path, relative: str) -> Path:
    """A folder the test user owns (the parents stay root's, readable by all)."""
    folder = base / relative
    folder.mkdir(parents=True, exist_ok=True)
    shutil.chown(folder, TEST_USER, TEST_USER)
    return folder


def full_folder(base: Path, relative: str, *, owner: str = "root", size: str = "1m") -> Path:
    """A folder on a tiny tmpfs (a full disk); unmount it with ``unmount``. Needs root."""
    import pwd

    folder = base / relative
    folder.mkdir(parents=True, exist_ok=True)
    uid = pwd.getpwnam(owner).pw_uid
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755,uid={uid}", "tmpfs", str(folder)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs for the full-disk test: {result.stderr.strip()}")
    return folder


def unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def readonly_folder(base: Path, relative: str) -> Path:
    """A folder the test user can read but not write."""
    folder = base / relative
    folder.mkdir(parents=True, exist_ok=True)
    shutil.chown(folder, "root", "root")
    folder.chmod(0o755)
    return folder


# --- OpenSSH (SFTP) --------------------------------------------------------------------------

def openssh_fingerprint(public_key_line: str) -> str:
    """``SHA256:...`` as ``ssh-keygen -l`` prints it."""
    blob = base64.b64decode(public_key_line.split()[1])
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


class SshServer(ServerProcess):
    """``sshd -D -e`` with its own config, host key and authorized keys."""

    name = "sshd"

    def __init__(self, workdir: Path, *, deny_posix_rename: bool = False) -> None:
        self.deny_posix_rename = deny_posix_rename
        self.name = "sshd-norename" if deny_posix_rename else "sshd"
        super().__init__(workdir)
        self.home = workdir / self.name
        self.home.mkdir(exist_ok=True)
        self.data = self.home / "data"
        self.data.mkdir(exist_ok=True)
        self.client_key = self.home / "client_ed25519"
        self.host_key = self.home / "host_ed25519"
        self._keygen(self.client_key)
        (self.home / "authorized_keys").write_text(Path(str(self.client_key) + ".pub").read_text())
        (self.home / "authorized_keys").chmod(0o644)
        self.new_host_key()

    @staticmethod
    def _keygen(path: Path) -> None:
        for old in (path, Path(str(path) + ".pub")):
            old.unlink(missing_ok=True)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ctg-test", "-f", str(path)],
                       check=True, capture_output=True)

    def new_host_key(self) -> None:
        """A new host key (takes effect at the next start): the 'changed host key' fault."""
        self._keygen(self.host_key)
        self.fingerprint = openssh_fingerprint(Path(str(self.host_key) + ".pub").read_text())

    def command(self) -> list[str]:
        subsystem = "internal-sftp" + (" -P posix-rename" if self.deny_posix_rename else "")
        config = self.home / "sshd_config"
        config.write_text("\n".join([
            f"Port {self.port}",
            f"ListenAddress {HOST}",
            f"HostKey {self.host_key}",
            f"PidFile {self.home / 'sshd.pid'}",
            f"AuthorizedKeysFile {self.home / 'authorized_keys'}",
            "UsePAM no",
            "StrictModes no",
            "PermitRootLogin no",  # the tests log in as TEST_USER, never as root
            "PasswordAuthentication yes",
            "KbdInteractiveAuthentication no",
            f"AllowUsers {TEST_USER}",
            "MaxStartups 50",
            "LogLevel VERBOSE",
            f"Subsystem sftp {subsystem}",
            "",
        ]))
        return ["/usr/sbin/sshd", "-D", "-e", "-f", str(config)]

    def endpoint(self, path: str, **overrides):
        from app.settings.model import Endpoint

        values = dict(kind="sftp", host=HOST, port=self.port, path=str(self.data / path), user=TEST_USER,
                      password=TEST_PASSWORD, host_key=self.fingerprint, timeout_s=10)
        values.update(overrides)
        return Endpoint(**values)

    def local(self, path: str) -> Path:
        return self.data / path


def _require_sshd() -> None:
    if not Path("/usr/sbin/sshd").exists() or shutil.which("ssh-keygen") is None:
        pytest.skip("OpenSSH server is missing (/usr/sbin/sshd, ssh-keygen): run scripts/install.sh")
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation folder


@pytest.fixture(scope="session")
def ssh_server(servers_dir, test_user):
    _require_sshd()
    server = SshServer(servers_dir).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sftp_server(ssh_server):
    return ssh_server


@pytest.fixture
def ssh_server_no_posix_rename(servers_dir, test_user):
    """An sshd whose SFTP refuses posix-rename: plain SFTP rename never overwrites."""
    _require_sshd()
    server = SshServer(servers_dir, deny_posix_rename=True).start()
    yield server
    server.stop()


# --- Samba (SMB) ---------------------------------------------------------------------------------

SHARE = "contingencia"


class SambaServer(ServerProcess):
    """``smbd --foreground`` with its own smb.conf, state folders and password database."""

    name = "smbd"

    def __init__(self, workdir: Path) -> None:
        super().__init__(workdir)
        self.home = workdir / "samba"
        for sub in ("private", "state", "lock", "cache", "pid", "ncalrpc", "log"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        self.data = self.home / "share"
        self.data.mkdir(exist_ok=True)
        self.data.chmod(0o755)
        self.conf = self.home / "smb.conf"
        self._write_conf()
        subprocess.run(["smbpasswd", "-c", str(self.conf), "-s", "-a", TEST_USER],
                       input=f"{TEST_PASSWORD}\n{TEST_PASSWORD}\n".encode(), check=True, capture_output=True)

    def _write_conf(self) -> None:
        h = self.home
        self.conf.write_text(f"""[global]
  server role = standalone server
  smb ports = {self.port}
  interfaces = lo
  bind interfaces only = yes
  disable netbios = yes
  private dir = {h / 'private'}
  state directory = {h / 'state'}
  lock directory = {h / 'lock'}
  cache directory = {h / 'cache'}
  pid directory = {h / 'pid'}
  ncalrpc dir = {h / 'ncalrpc'}
  log file = {h / 'log' / 'log.%m'}
  passdb backend = tdbsam:{h / 'private' / 'passdb.tdb'}
  map to guest = never
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
  server min protocol = SMB2_10
  unix charset = UTF-8

[{SHARE}]
  path = {self.data}
  read only = no
  valid users = {TEST_USER}
  create mask = 0644
""")

    def command(self) -> list[str]:
        # smbd signals its whole process group when it stops: start() gives it its own
        # session, so --no-process-group (no setsid of its own, which would fail) is safe.
        return ["smbd", "--foreground", "--no-process-group", "--debug-stdout", "-d", "1", "-s", str(self.conf)]

    def endpoint(self, path: str, **overrides):
        from app.settings.model import Endpoint

        unc = "\\\\" + HOST + "\\" + SHARE + "\\" + path.replace("/", "\\")
        values = dict(kind="smb", port=self.port, path=unc, user=TEST_USER, password=TEST_PASSWORD, timeout_s=10)
        values.update(overrides)
        return Endpoint(**values)

    def local(self, path: str) -> Path:
        return self.data / path


@pytest.fixture(scope="session")
def smb_server(servers_dir, test_user):
    for tool in ("smbd", "smbpasswd"):
        if shutil.which(tool) is None:
            pytest.skip(f"Samba is missing ({tool}): run scripts/install.sh")
    server = SambaServer(servers_dir).start()
    yield server
    server.stop()


# --- the shared folder (the "folder" kind): this machine's file system ----------------------------

class FolderServer:
    """The ``folder`` kind seen like the servers above: a root folder on this machine."""

    kind = "folder"

    def __init__(self, root: Path) -> None:
        self.root = self.data = root

    def ensure_running(self) -> None:
        """Nothing to run: the file system is there."""

    def endpoint(self, path: str, **overrides):
        from app.settings.model import Endpoint

        values = dict(kind="folder", path=str(self.root / path))
        values.update(overrides)
        return Endpoint(**values)

    def local(self, path: str) -> Path:
        return self.root / path


@pytest.fixture(scope="session")
def folder_server(servers_dir):
    root = servers_dir / "folder"
    root.mkdir(exist_ok=True)
    return FolderServer(root)


def readonly_mount(folder: Path) -> Path:
    """A read-only tmpfs over ``folder`` (the tests run as root, whom permissions do not stop);
    unmount it with ``unmount``."""
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a read-only tmpfs: {result.stderr.strip()}")
    return folder


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "ftp":
        _serve_ftp(json.loads(sys.argv[2]))
    else:
        sys.exit("usage: python3 -m tests.servers ftp '<json config>'")
