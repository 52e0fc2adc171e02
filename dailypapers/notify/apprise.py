"""The notifier of every service Apprise sends to (e-mail, Slack, Discord, Telegram, Matrix,
ntfy, a JSON webhook...), one URL each: Apprise parses the URL, knows the service's message size
and formats, and speaks its API; this module writes the digest for it.

One URL is one notifier, named after its service ("E-Mail", "Discord"), never after its URL,
which holds credentials: a service that fails costs only its own delivery. The digest goes in
the richest format the service takes (its own default when that is Markdown or HTML, else
Markdown, else HTML, else plain text; a URL's ``format=`` wins), fitted to the service's
message size (:mod:`dailypapers.notify.fitting`). Every wait is bounded: each connection and
read by :data:`SOCKET_TIMEOUT`, a message's delivery by :data:`SERVICE_TIMEOUT`, and Apprise
retries nothing unless a URL asks for it (``retry=``). Apprise's own log never reaches the
application's handlers: what went wrong is read from Apprise's result, its credentials scrubbed.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence
from contextlib import suppress
from datetime import date
from typing import Any
from urllib.parse import unquote, urlsplit

from apprise import (
    LOGGER_NAME,
    Apprise,
    AppriseAsset,
    AppriseResult,
    NotificationManager,
    NotifyBase,
    NotifyFormat,
    PersistentStoreMode,
)

from dailypapers.domain.errors import NotifyError
from dailypapers.domain.interfaces import Digest
from dailypapers.domain.text import fold
from dailypapers.notify.fitting import Limits, Message, fit_messages
from dailypapers.notify.formats import FORMATS, HTML, MARKDOWN, TEXT, digest_blocks

# Seconds a connection, and then each read, may take; Apprise's own default is 4 s for web
# APIs and 15 s for SMTP.
SOCKET_TIMEOUT = 10.0
# Seconds one message's delivery may take, retries a URL asks for included.
SERVICE_TIMEOUT = 30.0
# Credentials shorter than this are not searched for in what is printed: they would blank out
# ordinary words.
MIN_SECRET_LENGTH = 4
# At most this much of what Apprise said is quoted in a failure.
MAX_REASON = 400
_FORMAT_NAMES = {TEXT: "plain text", MARKDOWN: "Markdown", HTML: "HTML"}
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*)://", re.IGNORECASE)

# The schemes of every service Apprise has a plugin for (its plugin manager, a singleton).
_KNOWN_SCHEMES: Container[str] = NotificationManager()  # type: ignore[no-untyped-call]

logging.getLogger(LOGGER_NAME).propagate = False


class AppriseNotifier:
    """Delivers a run's digest to the service of one Apprise URL: a notifier."""

    def __init__(self, url: str, channel: str = "", *, timeout: float = SOCKET_TIMEOUT) -> None:
        service = load_service(url, timeout)
        if service is None:
            raise NotifyError(f"{channel or 'a notify URL'} is not a URL Apprise can send to")
        self.channel = channel or str(service.service_name)
        self.format = _digest_format(service)
        self._limits = Limits(body=int(service.body_maxlen), title=int(service.title_maxlen))
        self._secrets = url_secrets(url)
        self._apprise = Apprise(asset=service.asset)
        self._apprise.add(service)

    def messages(self, digest: Digest) -> tuple[Message, ...]:
        """The digest as the messages this service is sent, each within its size."""
        return fit_messages(digest_blocks(digest, self.format), digest.title, self._limits)

    def preview(self, digest: Digest) -> str:
        messages = self.messages(digest)
        sizes = ", ".join(f"{len(m.title) + len(m.body):,}" for m in messages)
        count = f"{len(messages)} message{'s' if len(messages) > 1 else ''}"
        return f"would send {count} in {_FORMAT_NAMES[self.format]} ({sizes} characters)"

    def notify(self, digest: Digest, today: date) -> str:
        """Sends each message in turn; nothing to point at (the service has the messages)."""
        messages = self.messages(digest)
        for number, message in enumerate(messages, 1):
            result = self._apprise.notify(
                body=message.body, title=message.title, body_format=self.format
            )
            if not result:
                where = f"message {number} of {len(messages)}: " if len(messages) > 1 else ""
                raise NotifyError(where + self._reason(result))
        return ""

    def _reason(self, result: AppriseResult) -> str:
        """What Apprise said went wrong, on one line, without the URL's credentials."""
        said = dict.fromkeys(
            fold(_scrub(entry.message, self._secrets))
            for service in result
            for entry in service.logs()
        )
        reason = "; ".join(line for line in said if line)
        if not reason:
            reason = f"Apprise reported {result.status.name.lower()}"
        return reason if len(reason) <= MAX_REASON else reason[: MAX_REASON - 3] + "..."


def apprise_notifiers(
    urls: Sequence[str], timeout: float = SOCKET_TIMEOUT
) -> tuple[AppriseNotifier, ...]:
    """A notifier for each URL, named after its service; services named twice are told apart
    by their place among the URLs ("E-Mail #1", "E-Mail #3")."""
    services = [load_service(url, timeout) for url in urls]
    names = [str(service.service_name) if service else "" for service in services]
    repeated = {name for name, count in Counter(names).items() if count > 1}
    return tuple(
        AppriseNotifier(url, f"{name} #{place}" if name in repeated else name, timeout=timeout)
        for place, (url, name) in enumerate(zip(urls, names, strict=True), 1)
    )


def load_service(url: str, timeout: float = SOCKET_TIMEOUT) -> NotifyBase | None:
    """The service of an Apprise URL, parsed without sending anything, its waits bounded by
    ``timeout`` seconds; None when Apprise cannot use the URL."""
    asset = AppriseAsset(
        async_mode=False,
        storage_mode=PersistentStoreMode.MEMORY,
        service_timeout=max(SERVICE_TIMEOUT, 3 * timeout),
    )
    service = Apprise.instantiate(url.strip(), asset=asset)
    if service is None:
        return None
    service.socket_connect_timeout = min(float(service.socket_connect_timeout), timeout)
    service.socket_read_timeout = min(float(service.socket_read_timeout), timeout)
    return service


def url_problem(url: str) -> str | None:
    """Why Apprise cannot use the URL, naming its scheme at most (the rest may be a
    credential); None when it can."""
    if load_service(url) is not None:
        return None
    scheme = _SCHEME.match(url.strip())
    if scheme is None:
        return "not a URL such as mailtos://user:password@host"
    if scheme[1].lower() not in _KNOWN_SCHEMES:
        return f"{scheme[1].lower()}:// is no service Apprise knows"
    return f"Apprise knows {scheme[1].lower()}:// but cannot use this URL as written"


def url_secrets(url: str) -> tuple[str, ...]:
    """The URL and each credential in it, as written and decoded, a token split at its ``:``
    and ``/`` as a URL may split it: what no output may show. The credentials are the parts
    Apprise's service marks private (passwords, tokens, webhook keys), and the password of the
    URL's user information whatever the service."""
    url = url.strip()
    credentials: list[str] = []
    with suppress(ValueError):  # a URL urllib cannot split has no password it can find
        credentials.append(urlsplit(url).password or "")
    service = load_service(url)
    if service is not None:
        credentials += _private_values(type(service), type(service).parse_url(url) or {})
    parts = {
        form
        for credential in credentials
        for piece in (credential, *re.split(r"[:/]", credential))
        for form in (piece, unquote(piece))
    }
    return (url, *sorted(part for part in parts if len(part) >= MIN_SECRET_LENGTH))


def _scrub(text: str, secrets: Iterable[str]) -> str:
    """The text with each secret, longest first, written as ``***``."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _private_values(service: type[NotifyBase], parsed: Mapping[str, Any]) -> list[str]:
    """The values of the parsed URL that the service declares private."""
    specs: dict[str, Mapping[str, Any]] = {**service.template_args, **service.template_tokens}
    names = {
        alias
        for name, spec in specs.items()
        if spec.get("private")
        for alias in (name, spec.get("map_to"), spec.get("alias_of"))
        if isinstance(alias, str)
    }
    found = (parsed.get(name) for name in names)
    return [
        str(item)
        for value in found
        for item in (value if isinstance(value, list | tuple | set) else (value,))
        if item
    ]


def _digest_format(service: NotifyBase) -> str:
    """The richest format the service takes, as the URL may have chosen it."""
    declared = service.notify_format
    formats = [
        NotifyFormat(item).value
        for item in (declared if isinstance(declared, list | tuple) else (declared,))
    ]
    preferred = next(
        (form for form in (formats[0], MARKDOWN, HTML) if form != TEXT and form in formats), TEXT
    )
    chosen = service.resolve_format(NotifyFormat(preferred)).value
    return chosen if chosen in FORMATS else TEXT
