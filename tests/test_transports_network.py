"""The transport conformance suite: every transport against its real server (tests/servers.py).

Every kind (the shared folder, FTP, FTPS, SFTP and SMB on 127.0.0.1) goes through the same
round trip in a folder whose name has spaces and accents, a bounded read of a huge small
file (a contingency's acknowledgement, as the official reads it), then through each fault on its
own: read-only folder, missing folder, full disk, a bandwidth limit, and failures on this
machine's side. The network transports then through theirs: wrong password, a hung server,
the server killed in the middle of an upload (and restarted), a server that will not rename
over a file, untrusted certificates, changed host keys.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import ssl
import time
from pathlib import Path

import pytest

from app.errors import HostKeyError, TransportError
from app.transports import get_transport, kind_names
from tests.servers import (ACCENTED, FTP_PASSWORD, HOST, READONLY, TEST_PASSWORD, TEST_USER, full_folder,
                           readonly_folder, readonly_mount, unmount, user_folder)

pytestmark = pytest.mark.server

LABEL = "destination 1"
#: every kind the registry names goes through the whole suite; the network kinds also through the
#: failures only a server and a connection have
SUITE = list(kind_names())
KINDS = [kind for kind in SUITE if kind != "folder"]
_folders = itertools.count(1)


class Target:
    """One server and a fresh folder on it, seen through the transport under test."""

    def __init__(self, kind: str, server) -> None:
        self.kind = kind
        self.server = server
        self.relative = f"t{next(_folders)}/{ACCENTED}"
        self.make_folder(self.relative)

    def make_folder(self, relative: str) -> Path:
        if self.kind in ("sftp", "smb"):
            return user_folder(self.server.data, relative)
        folder = self.server.local(relative)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    @property
    def local(self) -> Path:
        return self.server.local(self.relative)

    def endpoint(self, relative: str | None = None, **overrides):
        endpoint = self.server.endpoint(self.relative if relative is None else relative)
        for key, value in overrides.items():
            setattr(endpoint, key, value)
        return endpoint

    def transport(self, relative: str | None = None, **overrides):
        transport = get_transport(self.endpoint(relative, **overrides), LABEL)
        transport.retry_delays = (0.1, 0.3)  # the back-off, shortened for the tests
        return transport


def _target(request) -> Target:
    server = request.getfixturevalue(f"{request.param}_server")
    server.ensure_running()
    return Target(request.param, server)


@pytest.fixture(params=SUITE)
def target(request) -> Target:
    """Every transport, the shared folder included."""
    return _target(request)


@pytest.fixture(params=KINDS)
def network_target(request) -> Target:
    """The transports with a server and a connection that can break."""
    return _target(request)


def payload(tmp_path: Path, size: int, name: str = "bundle.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(os.urandom(size))
    return path


def assert_names_label(exc: pytest.ExceptionInfo, *, password: str | None = None) -> str:
    message = str(exc.value)
    assert LABEL in message
    for secret in (TEST_PASSWORD, FTP_PASSWORD, password):
        if secret:
            assert secret not in message
    return message


# --- the round trip ------------------------------------------------------------------

def test_round_trip(target, tmp_path):
    source = payload(tmp_path, 2_500_000)
    seen: list[tuple[int, int]] = []
    with target.transport() as transport:
        transport.upload(source, "bundle 001 ção.zip", progress=lambda done, total: seen.append((done, total)))
        assert seen[-1] == (source.stat().st_size, source.stat().st_size)
        if target.kind == "folder":  # on the same disk: linked into place at once, not copied
            assert source.stat().st_nlink == 2
        else:
            assert len(seen) > 2

        listing = {f.name: f for f in transport.list()}
        assert listing["bundle 001 ção.zip"].size == source.stat().st_size
        assert not any(name.endswith(".part") for name in listing)

        back = tmp_path / "back.zip"
        got: list[tuple[int, int]] = []
        sha256 = transport.download("bundle 001 ção.zip", back, progress=lambda done, total: got.append((done, total)))
        assert back.read_bytes() == source.read_bytes()
        assert sha256 == hashlib.sha256(source.read_bytes()).hexdigest()  # hashed as it arrived
        assert got[-1][0] == got[-1][1] == source.stat().st_size

        assert transport.read_bytes("BACKUPOK.TXT") is None
        transport.write_bytes("BACKUPOK.TXT", "bundle=bundle 001 ção.zip\n".encode())
        transport.write_bytes("BACKUPOK.TXT", b"bundle=bundle 002.zip\n")  # over the old marker
        assert transport.read_bytes("BACKUPOK.TXT") == b"bundle=bundle 002.zip\n"
        assert transport.read_bytes("BACKUPOK.TXT", limit=6) == b"bundle"

        assert transport.create_exclusive("EPOCH", b"epoch=2\n") is True
        assert transport.create_exclusive("EPOCH", b"epoch=3\n") is False
        assert transport.read_bytes("EPOCH") == b"epoch=2\n"

        transport.delete("EPOCH")
        transport.delete("EPOCH")  # missing: not an error
        assert "reachable and writable" in transport.check(write=True)
        assert LABEL in transport.check(write=False)

    on_disk = sorted(p.name for p in target.local.iterdir())
    assert on_disk == ["BACKUPOK.TXT", "bundle 001 ção.zip"]
    assert (target.local / "bundle 001 ção.zip").read_bytes() == source.read_bytes()


def test_a_small_file_of_the_other_side_is_read_bounded(target, tmp_path):
    """What the official needs to read a contingency's acknowledgement safely (app/acks.py): the
    listing gives its size before it is read, a read never returns more than asked of a huge file,
    and the connection serves the next call after such a cut read (FTP must drop and reconnect)."""
    huge = payload(tmp_path, 3_000_000, "ACK_0123456789abcdef.TXT")
    with target.transport() as transport:
        transport.upload(huge, huge.name)
        assert {f.name: f.size for f in transport.list()}[huge.name] == 3_000_000
        assert transport.read_bytes(huge.name, 4097) == huge.read_bytes()[:4097]
        transport.write_bytes("ACK_fedcba9876543210.TXT", b"format=1\r\n")
        transport.write_bytes("ACK_fedcba9876543210.TXT", b"format=1\r\nid=fedcba9876543210\r\n")
        assert transport.read_bytes("ACK_fedcba9876543210.TXT", 4097) == b"format=1\r\nid=fedcba9876543210\r\n"
    assert sorted(p.name for p in target.local.iterdir()) == ["ACK_0123456789abcdef.TXT", "ACK_fedcba9876543210.TXT"]


def test_missing_marker_reads_as_none(target):
    with target.transport() as transport:
        assert transport.read_bytes("BACKUPOK.TXT") is None


def test_download_of_a_missing_file_names_the_destination(target, tmp_path):
    with target.transport() as transport, pytest.raises(TransportError) as exc:
        transport.download("nao-existe.zip", tmp_path / "x.zip")
    assert "nao-existe.zip" in assert_names_label(exc)
    assert not (tmp_path / "x.zip").exists()


def test_local_side_failures_are_not_network_errors(target, tmp_path):
    with target.transport() as transport:
        transport.write_bytes("bundle.zip", b"zip")
        with pytest.raises(TransportError) as exc:
            transport.download("bundle.zip", tmp_path / "no such folder" / "bundle.zip")
        message = assert_names_label(exc)
        assert "on this machine" in message and "tried" not in message
        with pytest.raises(TransportError) as exc:
            transport.upload(tmp_path / "missing.zip", "missing.zip")
        assert "on this machine" in assert_names_label(exc)


def test_bandwidth_limit_paces_uploads_and_downloads(target, tmp_path):
    """``bandwidth_kbps`` (a setting of each destination and of the source) paces both ways."""
    source = payload(tmp_path, 600 * 1024)
    with target.transport(bandwidth_kbps=1024) as transport:
        started = time.monotonic()
        transport.upload(source, "bundle.zip")
        uploaded = time.monotonic() - started
        started = time.monotonic()
        transport.download("bundle.zip", tmp_path / "back.zip")
        downloaded = time.monotonic() - started
    assert (tmp_path / "back.zip").read_bytes() == source.read_bytes()
    assert uploaded >= 0.55 and downloaded >= 0.55, (uploaded, downloaded)  # 600 KiB at 1024 KiB/s


# --- faults ----------------------------------------------------------------------------

def test_wrong_password(network_target):
    with pytest.raises(TransportError) as exc:
        network_target.transport(password="senha-errada").connect()
    message = assert_names_label(exc, password="senha-errada")
    assert "refused the login for user" in message
    assert "Check user and password" in message


def test_missing_folder(target):
    with pytest.raises(TransportError) as exc:
        target.transport(relative=f"{target.relative}/Não existe").list()
    assert "does not exist" in assert_names_label(exc)


def test_read_only_folder(target, tmp_path):
    relative = READONLY if target.kind in ("ftp", "ftps") else f"{target.relative}/{READONLY}"
    if target.kind in ("sftp", "smb"):
        readonly_folder(target.server.data, relative)
    if target.kind == "folder":
        readonly_mount(target.server.local(relative))
    try:
        transport = target.transport(relative=relative)
        with pytest.raises(TransportError) as exc:
            transport.upload(payload(tmp_path, 10_000), "bundle.zip")
        assert "permission denied" in assert_names_label(exc) or "read-only" in str(exc.value)
        assert "tried" not in str(exc.value)  # a refusal: not tried again
        with pytest.raises(TransportError):
            transport.check(write=True)
        transport.close()
        assert not (target.server.local(relative) / "bundle.zip").exists()
    finally:
        if target.kind == "folder":
            unmount(target.server.local(relative))


def test_full_disk(target, tmp_path):
    owner = "root" if target.kind in ("folder", "ftp", "ftps") else TEST_USER
    folder = full_folder(target.local, "cheio", owner=owner)
    try:
        with target.transport(relative=f"{target.relative}/cheio") as transport:
            with pytest.raises(TransportError) as exc:
                transport.upload(payload(tmp_path, 3_000_000), "bundle.zip")
            message = assert_names_label(exc)
            assert "full" in message or "free space" in message
            assert "tried" not in message  # a refusal, not a network problem: no retries
            assert [f.name for f in transport.list()] == []  # neither the bundle nor its .part
    finally:
        unmount(folder)


class KillOncePast:
    """A progress callback that kills the server (and restarts it, if asked) once
    ``threshold`` bytes went by, and remembers every report."""

    def __init__(self, server, threshold: int, *, restart: bool) -> None:
        self.server = server
        self.threshold = threshold
        self.restart = restart
        self.killed = False
        self.reports: list[int] = []

    def __call__(self, done: int, total: int) -> None:
        self.reports.append(done)
        if not self.killed and done >= self.threshold:
            self.killed = True
            self.server.kill()
            if self.restart:
                self.server.start()

    @property
    def started_over(self) -> bool:
        return any(later < earlier for earlier, later in zip(self.reports, self.reports[1:]))


def test_server_killed_during_upload(network_target, tmp_path):
    target = network_target
    source = payload(tmp_path, 12_000_000)
    transport = target.transport()
    try:
        killer = KillOncePast(target.server, 1_000_000, restart=False)
        with pytest.raises(TransportError) as exc:
            transport.upload(source, "bundle.zip", progress=killer)
        assert killer.killed
        assert "tried 3 times" in assert_names_label(exc)
    finally:
        transport.close()
        target.server.ensure_running()
    assert not (target.local / "bundle.zip").exists()  # nothing under the final name

    with target.transport() as again:  # the next cycle, once the server is back
        again.upload(source, "bundle.zip")
        names = [f.name for f in again.list()]
    assert names == ["bundle.zip"]  # the stale .part is gone too
    assert (target.local / "bundle.zip").read_bytes() == source.read_bytes()


def test_dropped_connection_restarts_the_upload(network_target, tmp_path):
    target = network_target
    source = payload(tmp_path, 12_000_000)
    killer = KillOncePast(target.server, 1_000_000, restart=True)
    with target.transport() as transport:
        transport.upload(source, "bundle.zip", progress=killer)
        assert [f.name for f in transport.list()] == ["bundle.zip"]
    assert killer.killed and killer.started_over  # a new connection, the upload from the start
    assert (target.local / "bundle.zip").read_bytes() == source.read_bytes()


@pytest.mark.parametrize("kind", ["ftp", "sftp", "smb"])
def test_hung_server_times_out(kind, silent_port):
    from app.settings.model import Endpoint

    path = "\\\\OFICIAL\\backup" if kind == "smb" else "/backup"
    endpoint = Endpoint(kind=kind, host=HOST, port=silent_port, path=path, user="loja", password="x",
                        host_key="SHA256:x", timeout_s=1)
    transport = get_transport(endpoint, LABEL)
    transport.retry_delays = (0.1,)
    started = time.monotonic()
    with pytest.raises(TransportError) as exc:
        transport.list()
    assert time.monotonic() - started < 3 * 2 + 2  # three attempts, each bounded by the timeout
    assert "tried 3 times" in assert_names_label(exc)


# --- servers that will not rename over a file ----------------------------------------------

@pytest.mark.parametrize("behaviour", ["refuse-over", "ignore-over"])
def test_ftp_server_that_will_not_rename_over(ftp_server_factory, behaviour, tmp_path):
    server = ftp_server_factory(rename=behaviour)
    target = Target("ftp", server)
    with target.transport() as transport:
        for content in (b"first marker\n", b"second marker, longer\n", b"third\n"):
            transport.write_bytes("BACKUPOK.TXT", content)
            assert transport.read_bytes("BACKUPOK.TXT") == content
        assert [f.name for f in transport.list()] == ["BACKUPOK.TXT"]


def test_sftp_server_without_posix_rename(ssh_server_no_posix_rename, tmp_path):
    target = Target("sftp", ssh_server_no_posix_rename)
    with target.transport() as transport:
        for content in (b"first marker\n", b"second marker, longer\n"):
            transport.write_bytes("BACKUPOK.TXT", content)
            assert transport.read_bytes("BACKUPOK.TXT") == content
        assert transport._posix_rename is False  # it noticed, and used remove + rename
        assert transport.create_exclusive("EPOCH", b"1") is True
        assert transport.create_exclusive("EPOCH", b"2") is False


# --- FTPS certificates -----------------------------------------------------------------------

def test_ftps_untrusted_certificate_shows_its_fingerprint(ftps_server, ftps_certificates):
    from app.transports.ftp import fetch_certificate_fingerprint

    target = Target("ftps", ftps_server)
    with pytest.raises(HostKeyError) as exc:
        target.transport(tls_fingerprint="").connect()
    presented = exc.value.fingerprint
    assert presented.replace(":", "").lower() == ftps_certificates["fingerprint"]
    assert presented in assert_names_label(exc)
    assert fetch_certificate_fingerprint(HOST, ftps_server.port) == presented


def test_ftps_trusted_by_fingerprint_in_any_format(ftps_server, ftps_certificates):
    target = Target("ftps", ftps_server)
    raw = ftps_certificates["fingerprint"]
    with_colons = ":".join(raw[i:i + 2] for i in range(0, len(raw), 2))
    for pinned in (raw, with_colons.upper()):
        with target.transport(tls_fingerprint=pinned) as transport:
            transport.write_bytes("BACKUPOK.TXT", b"ok")
            assert transport.read_bytes("BACKUPOK.TXT") == b"ok"


def test_ftps_other_certificate_than_pinned(ftps_server):
    target = Target("ftps", ftps_server)
    with pytest.raises(HostKeyError) as exc:
        target.transport(tls_fingerprint="ab" * 32).connect()
    assert "not the pinned one" in assert_names_label(exc)


def test_ftps_verified_by_the_system_store(ftps_server, ftps_certificates, monkeypatch):
    # The test CA stands in for the system store: OpenSSL reads SSL_CERT_FILE.
    monkeypatch.setenv("SSL_CERT_FILE", str(ftps_certificates["ca_pem"]))
    assert ssl.get_default_verify_paths().openssl_cafile_env == "SSL_CERT_FILE"
    target = Target("ftps", ftps_server)
    with target.transport(tls_fingerprint="") as transport:
        transport.write_bytes("x.txt", b"verified chain")
        assert transport.read_bytes("x.txt") == b"verified chain"


def test_ftp_active_mode(ftp_server, tmp_path):
    target = Target("ftp", ftp_server)
    source = payload(tmp_path, 300_000)
    with target.transport(passive=False) as transport:
        transport.upload(source, "bundle.zip")
        back = tmp_path / "back.zip"
        transport.download("bundle.zip", back)
    assert back.read_bytes() == source.read_bytes()


# --- SSH host keys and key login -------------------------------------------------------------

def test_sftp_unknown_host_key_is_not_accepted(ssh_server):
    from app.transports.sftp import fetch_host_key_fingerprint

    target = Target("sftp", ssh_server)
    with pytest.raises(HostKeyError) as exc:
        target.transport(host_key="").connect()
    assert exc.value.fingerprint == ssh_server.fingerprint
    assert ssh_server.fingerprint in assert_names_label(exc)
    assert fetch_host_key_fingerprint(HOST, ssh_server.port, timeout=10) == ssh_server.fingerprint


def test_fingerprint_of_an_unreachable_server(silent_port):
    from app.transports.ftp import fetch_certificate_fingerprint
    from app.transports.sftp import fetch_host_key_fingerprint

    for fetch in (fetch_host_key_fingerprint, fetch_certificate_fingerprint):
        with pytest.raises(TransportError) as exc:
            fetch(HOST, silent_port, 1)
        assert f"{HOST}:{silent_port}" in str(exc.value)


def test_sftp_changed_host_key(ssh_server):
    target = Target("sftp", ssh_server)
    old = ssh_server.fingerprint
    ssh_server.new_host_key()
    ssh_server.restart()
    with pytest.raises(HostKeyError) as exc:
        target.transport(host_key=old).connect()
    assert exc.value.fingerprint == ssh_server.fingerprint != old
    assert "CHANGED" in assert_names_label(exc)
    with target.transport() as transport:  # the new key, once accepted, works
        transport.list()


def test_sftp_key_file_login(ssh_server):
    target = Target("sftp", ssh_server)
    with target.transport(password=None, key_file=str(ssh_server.client_key)) as transport:
        transport.write_bytes("BACKUPOK.TXT", b"by key")
        assert transport.read_bytes("BACKUPOK.TXT") == b"by key"


# --- SMB paths -----------------------------------------------------------------------------------

def test_smb_forward_slashes_and_host_override(smb_server):
    target = Target("smb", smb_server)
    unc = target.endpoint().path
    forward = unc.replace("\\", "/")
    with target.transport(path=forward) as transport:
        transport.write_bytes("a.txt", b"forward slashes")
    # the path names the server as operators know it; host says where to connect
    renamed = unc.replace(f"\\\\{HOST}\\", "\\\\OFICIAL\\", 1)
    with target.transport(path=renamed, host=HOST) as transport:
        assert transport.read_bytes("a.txt") == b"forward slashes"
        assert "OFICIAL" in transport.describe()


def test_smb_path_that_is_not_unc(smb_server):
    target = Target("smb", smb_server)
    with pytest.raises(TransportError) as exc:
        target.transport(path="C:/Contingencia").list()
    assert "\\\\server\\share\\folder" in assert_names_label(exc)
