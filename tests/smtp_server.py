"""Real SMTP servers (aiosmtpd) on 127.0.0.1 for the notification tests.

Three flavours, each on a free port and stopped after the test: plain SMTP,
STARTTLS with AUTH required (a self-signed certificate made with ``cryptography``)
and implicit TLS (SSL). Every server keeps what it received in ``server.messages``;
``smtp_tls_client`` is an SSL context that trusts the self-signed certificate.
"""

from __future__ import annotations

import datetime
import email
import ipaddress
import socket
import ssl
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"
SMTP_USER = "loja01@example.com"
SMTP_PASSWORD = "Senha-SMTP-çã-42"
#: any recipient at this domain is refused with 550
REFUSED_DOMAIN = "refused.example.com"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        return self.message.get_content()


class StoringHandler:
    """Keeps every message; refuses recipients of REFUSED_DOMAIN."""

    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.logins: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().endswith("@" + REFUSED_DOMAIN):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=policy.default)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return f"250 OK queued as T{len(self.messages):04d}"


def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = (isinstance(auth_data, LoginPassword)
          and auth_data.login.decode("utf-8") == SMTP_USER
          and auth_data.password.decode("utf-8") == SMTP_PASSWORD)
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: StoringHandler
    security: str
    controller: Controller | None = field(default=None, repr=False)

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages

    def account(self, **overrides):
        """An EmailAccount pointing at this server (with the right credentials when AUTH is on)."""
        from app.settings.model import EmailAccount

        values = dict(name="teste", host=self.host, port=self.port, security=self.security,
                      sender="contingencia@example.com",
                      recipients=["ti@example.com", "gerente@example.com"])
        if self.security != "none":
            values.update(user=SMTP_USER, password=SMTP_PASSWORD)
        values.update(overrides)
        return EmailAccount(**values)


# --- certificates -------------------------------------------------------------------

def make_self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key (EC, quick to make)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "contingencia-test-smtp")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address(HOST))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@pytest.fixture(scope="session")
def smtp_cert(tmp_path_factory) -> tuple[Path, Path]:
    return make_self_signed(tmp_path_factory.mktemp("smtp-tls"))


@pytest.fixture(scope="session")
def smtp_tls_client(smtp_cert) -> ssl.SSLContext:
    """A client context that trusts only the test server's certificate."""
    return ssl.create_default_context(cafile=str(smtp_cert[0]))


def _server_context(smtp_cert) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(smtp_cert[0]), str(smtp_cert[1]))
    return context


def _start(security: str, **options) -> SmtpServer:
    handler = StoringHandler()
    port = free_port()
    controller = Controller(handler, hostname=HOST, port=port, ready_timeout=10, **options)
    controller.start()
    return SmtpServer(HOST, port, handler, security, controller)


# --- fixtures ---------------------------------------------------------------------------

@pytest.fixture
def smtp_plain():
    """Plain SMTP, no TLS and no AUTH (an internal relay)."""
    server = _start("none")
    yield server
    server.controller.stop()


@pytest.fixture
def smtp_starttls(smtp_cert):
    """STARTTLS required, AUTH required and offered only after TLS (submission on 587)."""
    server = _start("starttls", tls_context=_server_context(smtp_cert), require_starttls=True,
                    authenticator=authenticate, auth_required=True, auth_require_tls=True)
    yield server
    server.controller.stop()


@pytest.fixture
def smtp_ssl(smtp_cert):
    """Implicit TLS (SMTPS on 465) with AUTH required.

    aiosmtpd cannot tell that an implicit-TLS session is encrypted, so AUTH must be
    allowed "without TLS" here (it warns about that; the test module ignores it).
    """
    server = _start("ssl", ssl_context=_server_context(smtp_cert), authenticator=authenticate,
                    auth_required=True, auth_require_tls=False)
    yield server
    server.controller.stop()


@pytest.fixture
def smtp_down() -> tuple[str, int]:
    """A host and port where nothing listens (connection refused)."""
    return HOST, free_port()
