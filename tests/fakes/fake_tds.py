"""A listener that speaks just enough TDS for a real ODBC driver to log in and be refused.

The SQL Server ODBC drivers installed here (Microsoft ODBC Driver 18 from PyPI's
``mssql-python-odbc``, FreeTDS from Debian's ``tdsodbc``) connect to it through
unixODBC and pyodbc exactly as they would to SQL Server: PRELOGIN, the TLS
handshake carried in PRELOGIN packets when the driver asks for encryption
(Driver 18 always does; a self-signed certificate, as SQL Express has), then
LOGIN7, which carries the user, the password (only obfuscated, so it is read
back here), the database and the application name. The listener
records what arrived and answers with the SQL Server error the test chose (18456
"Login failed", 4060, 916...), so the test sees the driver's own text for it.

No query ever runs: the engine's T-SQL is tested against ``fake_pyodbc``.
"""

from __future__ import annotations

import socket
import ssl
import struct
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

PRELOGIN, LOGIN7, REPLY = 0x12, 0x10, 0x04
ENCRYPT_OFF, ENCRYPT_ON, ENCRYPT_NOT_SUP, ENCRYPT_REQ = 0x00, 0x01, 0x02, 0x03
ERROR_TOKEN, DONE_TOKEN = 0xAA, 0xFD
DONE_ERROR = 0x0002


@dataclass
class Login:
    """What a driver sent in LOGIN7."""

    user: str
    password: str
    app: str
    server: str
    database: str
    tds_version: int


@dataclass
class FakeTdsServer:
    error_number: int = 18456
    error_text: str = "Login failed for user '%s'."
    logins: list[Login] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._tls = _self_signed_context()
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(8)
        self.port = self._socket.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._socket.close()

    # --- protocol ------------------------------------------------------------------
    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._socket.accept()
            except OSError:
                return
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        try:
            with conn:
                kind, payload = _read_message(conn)
                if kind != PRELOGIN:
                    return
                wanted = _prelogin_encryption(payload)
                encrypt = wanted in (ENCRYPT_ON, ENCRYPT_REQ, ENCRYPT_OFF)
                _send(conn, REPLY, _prelogin_reply(ENCRYPT_ON if wanted in (ENCRYPT_ON, ENCRYPT_REQ) else
                                                   ENCRYPT_OFF if encrypt else ENCRYPT_NOT_SUP))
                channel = _TlsChannel(conn, self._tls) if encrypt else _PlainChannel(conn)
                kind, payload = _read_message(channel)
                if kind != LOGIN7:
                    return
                login = parse_login7(payload)
                self.logins.append(login)
                text = self.error_text % login.user if "%s" in self.error_text else self.error_text
                # ENCRYPT_OFF encrypts the login packet only: the answer comes in the clear
                reply_to = channel if wanted in (ENCRYPT_ON, ENCRYPT_REQ) else conn
                _send(reply_to, REPLY, _error(self.error_number, text, login.tds_version))
        except (OSError, ConnectionError, struct.error, ssl.SSLError):
            return


class _PlainChannel:
    def __init__(self, conn: socket.socket) -> None:
        self.conn = conn

    def recv(self, size: int) -> bytes:
        return self.conn.recv(size)

    def sendall(self, data: bytes) -> None:
        self.conn.sendall(data)


class _TlsChannel:
    """TLS as TDS does it: the handshake inside PRELOGIN packets, then TLS records on the socket."""

    def __init__(self, conn: socket.socket, context: ssl.SSLContext) -> None:
        self.conn = conn
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = context.wrap_bio(self.incoming, self.outgoing, server_side=True)
        while True:
            try:
                self.tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                pending = self.outgoing.read()
                if pending:
                    _send(conn, REPLY, pending)
                kind, payload = _read_message(conn)
                self.incoming.write(payload)
        pending = self.outgoing.read()
        if pending:
            _send(conn, REPLY, pending)

    def recv(self, size: int) -> bytes:
        while True:
            try:
                return self.tls.read(size)
            except ssl.SSLWantReadError:
                data = self.conn.recv(65536)
                if not data:
                    raise ConnectionError("closed")
                self.incoming.write(data)

    def sendall(self, data: bytes) -> None:
        self.tls.write(data)
        self.conn.sendall(self.outgoing.read())


def _self_signed_context() -> ssl.SSLContext:
    """A server context with a throw-away self-signed certificate (like SQL Express's)."""
    folder = Path(tempfile.mkdtemp(prefix="fake-tds-"))
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                    "-days", "1", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.maximum_version = ssl.TLSVersion.TLSv1_2  # TDS 7.x carries TLS 1.2 inside PRELOGIN
    context.load_cert_chain(cert, key)
    return context


def _prelogin_encryption(payload: bytes) -> int:
    """The ENCRYPTION option of a client's PRELOGIN (0x02, not supported, when absent)."""
    at = 0
    while at < len(payload) and payload[at] != 0xFF:
        token, offset, length = struct.unpack(">BHH", payload[at:at + 5])
        if token == 0x01 and length:
            return payload[offset]
        at += 5
    return ENCRYPT_NOT_SUP


def _read_message(conn) -> tuple[int, bytes]:
    """One TDS message (its packets joined until the end-of-message status bit)."""
    payload, kind = b"", 0
    while True:
        header = _read_exactly(conn, 8)
        kind, status, length = header[0], header[1], struct.unpack(">H", header[2:4])[0]
        payload += _read_exactly(conn, length - 8)
        if status & 0x01:
            return kind, payload


def _read_exactly(conn, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def _send(conn, kind: int, payload: bytes) -> None:
    conn.sendall(struct.pack(">BBHHBB", kind, 0x01, len(payload) + 8, 0, 1, 0) + payload)


def _prelogin_reply(encryption: int) -> bytes:
    version = struct.pack(">IH", 0x10000FA0, 0)  # 16.0.4000
    options = [(0x00, version), (0x01, bytes([encryption]))]
    offset = len(options) * 5 + 1
    table, data = b"", b""
    for token, value in options:
        table += struct.pack(">BHH", token, offset + len(data), len(value))
        data += value
    return table + b"\xff" + data


def parse_login7(body: bytes) -> Login:
    def text(at: int, password: bool = False) -> str:
        offset, chars = struct.unpack("<HH", body[at:at + 4])
        raw = body[offset:offset + chars * 2]
        if password:  # the driver swapped each byte's nibbles, then XORed it with 0xA5
            raw = bytes(((x << 4) & 0xF0) | (x >> 4) for x in (b ^ 0xA5 for b in raw))
        return raw.decode("utf-16-le")

    tds_version = struct.unpack("<I", body[4:8])[0]
    return Login(user=text(40), password=text(44, password=True), app=text(48), server=text(52),
                 database=text(68), tds_version=tds_version)


def _error(number: int, message: str, tds_version: int) -> bytes:
    server = "FAKESQL"
    body = (struct.pack("<iBB", number, 1, 14) + struct.pack("<H", len(message)) + message.encode("utf-16-le")
            + bytes([len(server)]) + server.encode("utf-16-le") + b"\x00" + struct.pack("<i", 1))
    done_count = struct.pack("<Q", 0) if tds_version >= 0x72000000 else struct.pack("<I", 0)
    return (bytes([ERROR_TOKEN]) + struct.pack("<H", len(body)) + body
            + bytes([DONE_TOKEN]) + struct.pack("<HH", DONE_ERROR, 0) + done_count)
