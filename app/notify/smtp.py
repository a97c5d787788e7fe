"""A message as e-mail, and its trip through the account's SMTP server.

Plain SMTP, STARTTLS or SSL; login with AUTH PLAIN by hand when the user or password has
accents; MAIL, RCPT and DATA by hand to keep the server's final answer. Every failure becomes
one ``NotifyError`` sentence that names the account, the server and the cause, and never the
password (``scrub``).
"""

from __future__ import annotations

import base64
import logging
import smtplib
import socket
import ssl
import time
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from ..errors import NotifyError
from ..phrases import Phrase
from ..settings.model import EmailAccount
from .compose import test_message
from .outbox import Outgoing, new_message_id
from .texts import PRODUCT

log = logging.getLogger(__name__)

SMTP_TIMEOUT_S = 20


def to_email(outgoing: Outgoing, account: EmailAccount) -> EmailMessage:
    """The EmailMessage for the account: plain text UTF-8, quoted-printable so any server takes it."""
    msg = EmailMessage()
    msg["Subject"] = outgoing.subject
    msg["From"] = sender_header(account)
    msg["To"] = ", ".join(account.recipients)
    msg["Date"] = format_datetime(datetime.fromtimestamp(outgoing.created).astimezone())
    msg["Message-ID"] = outgoing.message_id or new_message_id()
    msg["Auto-Submitted"] = "auto-generated"  # tells vacation responders not to answer
    msg.set_content(outgoing.body, charset="utf-8", cte="quoted-printable")
    return msg


def sender_address(account: EmailAccount) -> str:
    return parseaddr(account.sender or account.user)[1]


def sender_header(account: EmailAccount) -> str:
    raw = account.sender or account.user
    return raw if "<" in raw else f"{PRODUCT} <{raw}>"




def send_message(account: EmailAccount, message: EmailMessage, *, ssl_context: ssl.SSLContext | None = None,
                 timeout: float = SMTP_TIMEOUT_S) -> str:
    """Send one message through the account; the server's answer, e.g. "250 OK queued as X".

    Raises NotifyError with a message that names the account, the server and the
    cause, never the password.
    """
    check_account(account)
    try:
        smtp = open_smtp(account, ssl_context, timeout)
        try:
            login(smtp, account)
            return transmit(smtp, sender_address(account), account.recipients,
                            message.as_bytes(policy=policy.SMTP))
        finally:
            close_quietly(smtp)
    except NotifyError:
        raise
    except (smtplib.SMTPException, OSError, UnicodeError) as exc:
        raise NotifyError(scrubbed(explain(exc, account), account)) from None


def check_account(account: EmailAccount) -> None:
    where = account.name or account.host
    if not account.host:
        raise NotifyError(Phrase("The e-mail account '%1' has no SMTP server.", (where,)),
                          hint=Phrase("Give the server's host name or IP."))
    if not account.recipients:
        raise NotifyError(Phrase("The e-mail account '%1' has no recipient.", (where,)),
                          hint=Phrase("Add at least one recipient address."))
    if not sender_address(account):
        raise NotifyError(Phrase("The e-mail account '%1' has no sender address.", (where,)),
                          hint=Phrase("Give the sender (or the user) address."))
    if account.user and not account.password:
        raise NotifyError(Phrase("The e-mail account '%1' has the user '%2' but no password in the keyring.",
                                 (where, account.user)),
                          hint=Phrase("Enter the password again in the account's settings."))


def helo_name() -> str:
    # smtplib's default asks DNS for this host's full name, which can hang on a store LAN.
    return socket.gethostname() or "localhost"


def open_smtp(account: EmailAccount, ssl_context: ssl.SSLContext | None, timeout: float) -> smtplib.SMTP:
    context = ssl_context or ssl.create_default_context()
    if account.security == "ssl":
        return smtplib.SMTP_SSL(account.host, account.port, local_hostname=helo_name(),
                                timeout=timeout, context=context)
    smtp = smtplib.SMTP(account.host, account.port, local_hostname=helo_name(), timeout=timeout)
    if account.security != "starttls":
        return smtp
    try:
        smtp.ehlo()
        smtp.starttls(context=context)
        smtp.ehlo()
    except BaseException:
        close_quietly(smtp)
        raise
    return smtp


def login(smtp: smtplib.SMTP, account: EmailAccount) -> None:
    if not account.user:
        return
    password = account.password or ""
    smtp.ehlo_or_helo_if_needed()
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("it offers no login (AUTH) on this connection")
    if password.isascii() and account.user.isascii():
        smtp.login(account.user, password)
        return
    # smtplib encodes credentials as ASCII; AUTH PLAIN is UTF-8 (RFC 4616), so send it by hand.
    if "plain" not in smtp.esmtp_features.get("auth", "").lower():
        raise smtplib.SMTPNotSupportedError("a user or password with accents needs AUTH PLAIN, "
                                            "which it does not offer")
    token = base64.b64encode(f"\0{account.user}\0{password}".encode("utf-8")).decode("ascii")
    code, resp = smtp.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, resp)


def transmit(smtp: smtplib.SMTP, sender: str, recipients: list[str], data: bytes) -> str:
    """MAIL, RCPT, DATA by hand: smtplib's sendmail drops the server's final answer."""
    smtp.ehlo_or_helo_if_needed()
    code, resp = smtp.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, resp, sender)
    refused = {}
    for rcpt in recipients:
        code, resp = smtp.rcpt(rcpt)
        if code not in (250, 251):
            refused[rcpt] = (code, resp)
    if len(refused) == len(recipients):
        smtp.rset()
        raise smtplib.SMTPRecipientsRefused(refused)
    code, resp = smtp.data(data)
    if code != 250:
        raise smtplib.SMTPDataError(code, resp)
    answer = f"{code} {_text(resp)}"
    if refused:
        log.warning("the SMTP server refused some recipients: %s", ", ".join(refused))
        answer += " (refused: " + ", ".join(f"{r} {c} {_text(m)}" for r, (c, m) in refused.items()) + ")"
    return answer


def close_quietly(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def explain(exc: BaseException, account: EmailAccount) -> Phrase:
    """One clear sentence for what went wrong while talking to the SMTP server."""
    where = f"{account.host}:{account.port}"
    name = Phrase("e-mail account '%1'", (account.name,)) if account.name else Phrase("e-mail account")
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return Phrase("The SMTP server %1 refused the user '%2' and its password (%3 %4). Check the user and "
                      "password of the %5.", (where, account.user, exc.smtp_code, _text(exc.smtp_error), name))
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(f"{r} ({c} {_text(m)})" for r, (c, m) in exc.recipients.items())
        return Phrase("The SMTP server %1 refused the recipient(s) %2. Check the recipients of the %3.",
                      (where, refused, name))
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return Phrase("The SMTP server %1 refused the sender %2 (%3 %4). Use a sender address the server accepts "
                      "for this user.", (where, exc.sender, exc.smtp_code, _text(exc.smtp_error)))
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return Phrase("The SMTP server %1 cannot be used as the %2 is set: %3. Check the security setting (many "
                      "servers allow login only after STARTTLS or SSL) and the port.", (where, name, str(exc)))
    if isinstance(exc, smtplib.SMTPResponseException):
        return Phrase("The SMTP server %1 answered %2 %3.", (where, exc.smtp_code, _text(exc.smtp_error)))
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return Phrase("The SMTP server %1 closed the connection (%2). Check the port and the security setting: SSL "
                      "usually uses port 465, STARTTLS 587.", (where, str(exc) or "no reason given"))
    if isinstance(exc, ssl.SSLCertVerificationError):
        return Phrase("TLS failure with %1: the server's certificate is not trusted (%2). Check the host name, or "
                      "install the certificate's CA.", (where, exc.verify_message))
    if isinstance(exc, ssl.SSLError):
        return Phrase("TLS failure with %1 (%2). Check the security setting: SSL usually uses port 465, STARTTLS "
                      "port 587.", (where, exc.reason or str(exc)))
    if isinstance(exc, ConnectionRefusedError):
        return Phrase("Connection refused by %1. Check the SMTP server's name and port, and that it is running.",
                      (where,))
    if isinstance(exc, socket.gaierror):
        return Phrase("The SMTP server name '%1' could not be found (%2). Check the name.", (account.host, exc.strerror))
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return Phrase("No answer from the SMTP server %1 within %2 s. Check the name, port and firewall.",
                      (where, SMTP_TIMEOUT_S))
    if isinstance(exc, UnicodeError):
        return Phrase("The %1 has characters the SMTP server cannot take (%2).", (name, exc.__class__.__name__))
    return Phrase("Sending through the SMTP server %1 failed: %2.", (where, str(exc)))


def scrubbed(phrase: Phrase, account: EmailAccount) -> Phrase:
    """The phrase with the password (and its AUTH encodings) removed from every argument: what a
    server answered may repeat it, and the sentence reaches logs and screens."""
    return Phrase(phrase.template, tuple(scrubbed(a, account) if isinstance(a, Phrase) else scrub(str(a), account)
                                         for a in phrase.args))


def scrub(text: str, account: EmailAccount) -> str:
    """Remove the password (and its AUTH encodings) from text that may reach a log or a screen."""
    password = account.password or ""
    if not password:
        return text
    forms = {password,
             base64.b64encode(f"\0{account.user}\0{password}".encode("utf-8")).decode("ascii"),
             base64.b64encode(password.encode("utf-8")).decode("ascii")}
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, "***")
    return text


def send_test(account: EmailAccount, lang: str | None = None, ssl_context: ssl.SSLContext | None = None,
              *, machine: str | None = None) -> str:
    """Send a test message through ``account`` now; the server's answer. Raises NotifyError."""
    outgoing = test_message(account, lang, machine or socket.gethostname(), time.time())
    return send_message(account, to_email(outgoing, account), ssl_context=ssl_context)
