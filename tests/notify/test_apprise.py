"""The Apprise notifier: URLs parsed without sending, each service's format and message size,
delivery to a real SMTP server and a webhook receiver on 127.0.0.1, failures that name the
service and never a credential, and waits that are bounded. Services whose hosts are fixed
(Slack, Discord, Telegram...) are only parsed: no test sends anything off the machine."""

from __future__ import annotations

import logging
import re
import socket
import time
from collections.abc import Iterator
from datetime import date

import pytest

from dailypapers.config.service_values import parse_notify_urls
from dailypapers.domain.change import SectionChange
from dailypapers.domain.errors import ConfigError, NotifyError
from dailypapers.domain.interfaces import Digest
from dailypapers.domain.paper import Paper
from dailypapers.notify.apprise import (
    AppriseNotifier,
    apprise_notifiers,
    url_problem,
    url_secrets,
)
from dailypapers.notify.digest import render_digest
from dailypapers.notify.fitting import MAX_MESSAGES
from tests.emulators.receiver import Receiver
from tests.emulators.smtp import SmtpServer
from tests.factories import TODAY, paper

README_URL = "https://github.com/octo/papers/blob/HEAD/README.md"
PASSWORD = "hunter2-correct-horse"
TLDR = "The method cuts the error of strong baselines by a third on every benchmark it is run on."
# URLs as Apprise's documentation gives them, with made-up credentials; never sent to.
FIXED_HOSTS = {
    "Discord": "discord://1234567890123/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
    "Telegram": "tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/-1001234567890",
    "Slack": "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#papers",
}
# The message sizes the services document: Discord's message content, Telegram's message text,
# the text Slack keeps of a message.
DOCUMENTED_LIMITS = {"Discord": 2000, "Telegram": 4096, "Slack": 40_000}


def _papers(count: int, start: int = 0) -> tuple[Paper, ...]:
    return tuple(
        paper(
            arxiv_id=f"2411.{n:05d}",
            title=f"A study of diffusion, number {n}",
            updated=date(2026, 11, 22),
            authors=("Ada Lovelace", "Alan Turing", "Grace Hopper"),
            link=f"https://arxiv.org/abs/2411.{n:05d}v1",
            tldr=TLDR,
        )
        for n in range(start, start + count)
    )


def _digest(first: int, second: int) -> Digest:
    changes = [
        SectionChange("Diffusion", added=_papers(first)),
        SectionChange("Graph Neural Networks", added=_papers(second, start=first)),
    ]
    digest = render_digest(changes, TODAY, README_URL)
    assert digest is not None
    return digest


@pytest.fixture
def no_connections(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Fails any attempt to open a connection, and records it."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise AssertionError(f"a connection to {address} was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def _closed_port() -> int:
    """A port nothing listens on: bound by the system, then let go."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("url", "channel", "form"),
    [
        (FIXED_HOSTS["Discord"], "Discord", "markdown"),
        (FIXED_HOSTS["Telegram"], "Telegram", "html"),
        (FIXED_HOSTS["Slack"], "Slack", "markdown"),
        ("mailtos://user:app-password@gmail.com", "E-Mail", "html"),
        (
            "workflows://prod.westus.logic.azure.com:443/WorkflowID/Signature",
            "Power Automate / Workflows (for MSTeams)",
            "markdown",
        ),
        ("matrixs://user:password@matrix.org/#papers", "Matrix", "markdown"),
        ("ntfys://ntfy.sh/papers", "ntfy", "text"),
        ("jsons://user:password@example.org/hook", "JSON", "markdown"),
        ("jsons://example.org/hook?format=text", "JSON", "text"),
        (
            "tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/42?format=markdown",
            "Telegram",
            "markdown",
        ),
    ],
)
def test_urls_are_parsed_without_sending_and_get_the_richest_format_their_service_takes(
    url: str, channel: str, form: str, no_connections: list[object]
) -> None:
    assert parse_notify_urls(url, url_problem) == (url,)
    notifier = AppriseNotifier(url)
    assert notifier.channel == channel
    assert notifier.format == form
    assert notifier.preview(_digest(2, 1)).startswith("would send 1 message in ")
    assert no_connections == []


def test_a_url_apprise_cannot_use_is_refused_by_line_and_scheme_never_repeated() -> None:
    lines = "\n".join(
        [
            "mailto://127.0.0.1?from=a@example.org&to=b@example.org",
            "nonsense://user:secretvalue@example.org",
            "",
            "discord://only-an-id-s3cret",
            "no-scheme-s3cret",
        ]
    )
    with pytest.raises(ConfigError) as refused:
        parse_notify_urls(lines, url_problem)
    message = str(refused.value)
    assert message.startswith(
        "line 2: nonsense:// is no service Apprise knows; "
        "line 4: Apprise knows discord:// but cannot use this URL as written; "
        "line 5: not a URL such as mailtos://user:password@host "
        "(the URL is not repeated here: it holds credentials)."
    )
    assert "s3cret" not in message and "secretvalue" not in message
    assert parse_notify_urls("\n \n", url_problem) == ()
    assert parse_notify_urls(f"{FIXED_HOSTS['Slack']}\n{FIXED_HOSTS['Slack']}\n", url_problem) == (
        FIXED_HOSTS["Slack"],
    )


@pytest.mark.parametrize("service", sorted(FIXED_HOSTS))
def test_digests_fit_the_message_sizes_services_document(service: str) -> None:
    notifier = AppriseNotifier(FIXED_HOSTS[service])
    limit = min(DOCUMENTED_LIMITS[service], notifier._limits.body)
    ordinary, first_run = _digest(4, 3), _digest(500, 500)
    for digest in (ordinary, first_run):
        messages = notifier.messages(digest)
        assert 1 <= len(messages) <= MAX_MESSAGES
        assert all(len(m.title) + len(m.body) <= limit for m in messages)
    # An ordinary day arrives whole; a first run is cut with a link to the README.
    everything = "".join(m.body for m in notifier.messages(ordinary))
    assert all(p.url in everything for _, papers in ordinary.sections for p in papers)
    last = notifier.messages(first_run)[-1].body
    assert re.search(r"\.\.\. and \d+ more: see .*the README", last) and README_URL in last


def test_a_mail_through_a_real_smtp_server_lists_every_new_paper(smtp: SmtpServer) -> None:
    digest = _digest(2, 1)
    AppriseNotifier(smtp.url(), timeout=5).notify(digest, TODAY)
    (mail,) = smtp.mails
    assert mail.subject == "New arXiv papers 2026-11-24"
    assert mail.recipients == ("b@example.org",)
    html = mail.text("html")
    for _, papers in digest.sections:
        for listed in papers:
            assert f'<a href="{listed.url}"><b>{listed.title}</b></a>' in html
    assert "<h3>Graph Neural Networks (1)</h3>" in html and f"TL;DR: {TLDR}" in html
    assert "A study of diffusion, number 2" in mail.text("plain")


def test_a_long_digest_is_posted_in_numbered_messages_the_rest_cut(receiver: Receiver) -> None:
    AppriseNotifier(receiver.url(), timeout=5).notify(_digest(300, 300), TODAY)
    posts = [post.json for post in receiver.posts]
    assert [post["title"] for post in posts] == [
        f"New arXiv papers 2026-11-24 ({n}/{MAX_MESSAGES})" for n in range(1, MAX_MESSAGES + 1)
    ]
    assert all(len(post["title"]) + len(post["message"]) <= 32768 for post in posts)
    listed = re.findall(r"abs/(2411\.\d{5})v1", "".join(post["message"] for post in posts))
    assert listed == [f"2411.{n:05d}" for n in range(len(listed))]
    assert posts[-1]["message"].endswith(
        f"... and {600 - len(listed)} more: see [the README]({README_URL})."
    )
    assert {post["type"] for post in posts} == {"info"}


class _Kept(logging.Handler):
    """A handler of the application's: keeps every record it is given."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def root_handler() -> Iterator[_Kept]:
    """A handler on the root logger, as an application that logs has one."""
    kept, root = _Kept(), logging.getLogger()
    level = root.level
    root.addHandler(kept)
    root.setLevel(logging.DEBUG)
    yield kept
    root.removeHandler(kept)
    root.setLevel(level)


def test_a_refused_connection_names_what_went_wrong_never_the_password(
    root_handler: _Kept, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"json://papers:{PASSWORD}@127.0.0.1:{_closed_port()}/hook"
    notifier = AppriseNotifier(url, timeout=5)
    with pytest.raises(NotifyError) as failed:
        notifier.notify(_digest(1, 1), TODAY)
    assert (
        str(failed.value) == "A Connection error occurred sending JSON notification to 127.0.0.1."
    )
    # Apprise's own log reaches no handler of the application, and nothing is printed.
    assert [r for r in root_handler.records if r.name.startswith("apprise")] == []
    assert capsys.readouterr() == ("", "")


def test_an_answer_that_refuses_the_message_is_the_reason() -> None:
    with Receiver(status=500) as refusing, pytest.raises(NotifyError, match=r"500") as failed:
        AppriseNotifier(refusing.url(), timeout=5).notify(_digest(1, 1), TODAY)
    assert len(refusing.posts) == 1  # no retry
    assert "message 1 of" not in str(failed.value)


def test_a_service_that_never_answers_holds_the_run_no_longer_than_the_timeout() -> None:
    with Receiver(hang=True) as silent:
        notifier = AppriseNotifier(silent.url(), timeout=0.5)
        started = time.monotonic()
        with pytest.raises(NotifyError):
            notifier.notify(_digest(1, 1), TODAY)
        assert time.monotonic() - started < 5
        assert len(silent.posts) == 1


def test_services_named_twice_are_told_apart_by_their_place(
    smtp: SmtpServer, receiver: Receiver
) -> None:
    urls = [smtp.url(), receiver.url(), smtp.url(to="c@example.org")]
    notifiers = apprise_notifiers(urls)
    assert [n.channel for n in notifiers] == ["E-Mail #1", "JSON", "E-Mail #3"]


@pytest.mark.parametrize(
    ("url", "credentials"),
    [
        (f"mailtos://papers:{PASSWORD}@example.org?to=me@example.org", {PASSWORD}),
        ("mailtos://example.org?user=papers&pass=s3cr3t-pass&to=me@example.org", {"s3cr3t-pass"}),
        ("mailtos://papers:app%40pass@gmail.com", {"app%40pass", "app@pass"}),
        (FIXED_HOSTS["Discord"], {"1234567890123", "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"}),
        (
            FIXED_HOSTS["Telegram"],
            {
                "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
                "123456789",
                "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
            },
        ),
        (FIXED_HOSTS["Slack"], {"T1JJ3T3L2", "A1BRTD4JD", "TIiajkdnlazkcOXrIdevi7FQ"}),
        ("ntfys://ntfy.sh/papers?token=tk_abcdefghijkl", {"tk_abcdefghijkl"}),
        ("nonsense://user:unparsed-secret@example.org", {"unparsed-secret"}),
    ],
)
def test_each_credential_apprise_marks_private_is_a_secret(url: str, credentials: set[str]) -> None:
    secrets = url_secrets(url)
    assert secrets[0] == url
    assert set(secrets[1:]) == credentials
