"""A real SMTP server on 127.0.0.1 (aiosmtpd), on a port the system chose, that keeps every mail
it is given: what an Apprise ``mailto://127.0.0.1:PORT?...&secure=no`` URL delivers to.

aiosmtpd offers no AUTH without TLS, so the URLs that reach it carry no user or password.
"""

from __future__ import annotations

import socket
from asyncio import AbstractServer
from collections.abc import Awaitable
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass(frozen=True)
class Mail:
    """One mail as the server received it: who sent it to whom, and the message itself."""

    sender: str
    recipients: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def text(self, subtype: str) -> str:
        """The body part of this content subtype ("plain" or "html"), decoded."""
        part = self.message.get_body(preferencelist=(subtype,))
        assert part is not None, f"the mail has no text/{subtype} part"
        return str(part.get_content())  # type: ignore[attr-defined]


class _Keeper:
    """The aiosmtpd handler: keeps each mail's envelope and accepts it."""

    def __init__(self) -> None:
        self.mails: list[Mail] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        message = message_from_bytes(content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        recipients = tuple(envelope.rcpt_tos)
        self.mails.append(Mail(str(envelope.mail_from), recipients, message))
        return "250 Message accepted for delivery"


class _BoundController(Controller):
    """aiosmtpd's threaded controller on a socket bound beforehand to port 0, so that the
    system chooses a free port and no other test can take it meanwhile."""

    def __init__(self, handler: Any) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        super().__init__(handler, hostname="127.0.0.1", port=self.socket.getsockname()[1])

    def _create_server(self) -> Awaitable[AbstractServer]:
        return self.loop.create_server(self._factory_invoker, sock=self.socket)


class SmtpServer:
    """Started and stopped by a test (``with SmtpServer() as smtp:``); ``mails`` holds what it
    received, in order."""

    def __init__(self) -> None:
        self._keeper = _Keeper()
        self._controller = _BoundController(self._keeper)

    @property
    def port(self) -> int:
        return int(self._controller.port)

    @property
    def mails(self) -> list[Mail]:
        return self._keeper.mails

    def url(self, sender: str = "a@example.org", to: str = "b@example.org") -> str:
        """The Apprise URL that delivers to this server, in plain SMTP."""
        return f"mailto://127.0.0.1:{self.port}?from={sender}&to={to}&secure=no"

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._controller.stop()
