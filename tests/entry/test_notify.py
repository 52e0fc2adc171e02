"""What is new sent through Apprise, end to end: the local command and the action (entrypoint.py
with the runner's environment) send one mail to a real SMTP server and one post to a webhook
receiver, both on 127.0.0.1; a run with nothing new sends nothing; a service that refuses
connections, whose URL holds a password, costs only itself and its password is shown nowhere."""

from __future__ import annotations

import io
import re
import socket
from datetime import date
from pathlib import Path

import pytest
import yaml

from dailypapers.config.from_inputs import action_settings, local_settings
from dailypapers.config.inputs import ACTION_INPUTS
from dailypapers.config.service_values import parse_notify_urls
from dailypapers.domain.errors import ConfigError
from dailypapers.entry.adapters import notify_secrets
from dailypapers.entry.arguments import local_parser, local_values
from dailypapers.entry.cli import action_main, main
from dailypapers.entry.console import Terminal
from dailypapers.notify.apprise import url_problem
from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.atom import Entry
from tests.emulators.github import GitHubEmulator
from tests.emulators.receiver import Receiver
from tests.emulators.smtp import SmtpServer
from tests.factories import REPO, TOKEN, anchor_readme, read_outputs, run_entrypoint

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "s3cret-Pa55word-of-the-mail"
# Three new papers in two sections.
NEW = {
    "Diffusion": [
        Entry("2411.10002", title="Diffusion | models <b>", updated=date(2026, 11, 22)),
        Entry("2411.10001", title="Older diffusion", updated=date(2026, 11, 21)),
    ],
    "Graph Neural Networks": [Entry("2411.20001", title="GNNs")],
}


def _serve(arxiv: ArxivEmulator) -> None:
    for keyword, entries in NEW.items():
        arxiv.serve_keyword(keyword, entries)


def _refusing_url() -> str:
    """A mail server URL with a password, where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return (
        f"mailto://papers:{PASSWORD}@127.0.0.1:{port}?from=a@example.org&to=b@example.org&secure=no"
    )


def _local(arxiv: ArxivEmulator, readme: Path, *notify: str, dry_run: bool = False) -> int:
    arguments = ["--readme", str(readme), "--arxiv-url", arxiv.url, "--request-interval", "0"]
    arguments += [option for keyword in NEW for option in ("--keyword", keyword)]
    arguments += [option for url in notify for option in ("--notify", url)]
    return main([*arguments, *(["--dry-run"] if dry_run else [])])


def _assert_every_new_paper_named(smtp: SmtpServer, receiver: Receiver) -> None:
    (mail,) = smtp.mails
    (post,) = receiver.posts
    html, message = mail.text("html"), post.json["message"]
    for entry in (entry for entries in NEW.values() for entry in entries):
        link = f"https://arxiv.org/abs/{entry.arxiv_id}v1"
        assert link in html and link in message
    assert "Diffusion | models &lt;b&gt;" in html and "Older diffusion" in html
    assert "Diffusion \\| models \\<b\\>" in message and "[GNNs]" in message
    assert mail.subject == post.json["title"] and mail.subject.startswith("New arXiv papers ")


def test_the_local_command_sends_one_mail_and_one_post_then_nothing_when_nothing_is_new(
    arxiv: ArxivEmulator, smtp: SmtpServer, receiver: Receiver, tmp_path: Path
) -> None:
    _serve(arxiv)
    readme = tmp_path / "README.md"
    assert _local(arxiv, readme, smtp.url(), receiver.url()) == 0
    _assert_every_new_paper_named(smtp, receiver)
    assert readme.as_uri() in smtp.mails[0].text("html")

    assert _local(arxiv, readme, smtp.url(), receiver.url()) == 0
    assert (len(smtp.mails), len(receiver.posts)) == (1, 1)


def test_a_local_channel_that_refuses_costs_only_itself_and_its_password_is_never_shown(
    arxiv: ArxivEmulator,
    smtp: SmtpServer,
    receiver: Receiver,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _serve(arxiv)
    readme = tmp_path / "README.md"
    assert _local(arxiv, readme, smtp.url(), _refusing_url(), receiver.url()) == 0
    assert "2411.20001" in readme.read_text()
    _assert_every_new_paper_named(smtp, receiver)
    out, err = capsys.readouterr()
    assert PASSWORD not in out + err
    assert "Digest delivered by the E-Mail #1 notifier\n" in out
    assert "Digest delivered by the JSON notifier\n" in out
    assert (
        "daily-papers: warning: the E-Mail #2 notifier could not deliver the digest: "
        'Connection error while submitting email to "127.0.0.1"\n'
    ) in out


def test_a_local_dry_run_sends_nothing_and_says_what_it_would_send(
    arxiv: ArxivEmulator,
    smtp: SmtpServer,
    receiver: Receiver,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _serve(arxiv)
    assert _local(arxiv, tmp_path / "README.md", smtp.url(), receiver.url(), dry_run=True) == 0
    assert (smtp.mails, receiver.posts) == ([], [])
    out = capsys.readouterr().out
    assert (
        "Dry run, digest not sent by the E-Mail notifier: it would send 1 message in HTML (" in out
    )
    assert (
        "Dry run, digest not sent by the JSON notifier: it would send 1 message in Markdown ("
        in out
    )


def _runner_env(env: dict[str, str], *urls: str) -> dict[str, str]:
    return {**env, "INPUT_NOTIFY": "\n".join(urls) + "\n"}


def test_the_action_sends_one_mail_and_one_post_and_a_refusing_channel_costs_only_itself(
    arxiv: ArxivEmulator,
    github: GitHubEmulator,
    smtp: SmtpServer,
    receiver: Receiver,
    env: dict[str, str],
) -> None:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    _serve(arxiv)
    refusing = _refusing_url()
    runner_env = _runner_env(env, smtp.url(), refusing, receiver.url())

    run = run_entrypoint(runner_env)
    assert run.returncode == 0, run.stdout + run.stderr
    (commit,) = github.repos[REPO].commits
    assert "2411.20001" in commit.content.decode()
    _assert_every_new_paper_named(smtp, receiver)
    masks = [line for line in run.stdout.splitlines() if line.startswith("::add-mask::")]
    assert f"::add-mask::{refusing}" in masks and f"::add-mask::{PASSWORD}" in masks
    assert f"::add-mask::{TOKEN}" in masks
    shown = "\n".join(
        [
            *(line for line in run.stdout.splitlines() if not line.startswith("::add-mask::")),
            run.stderr,
            Path(env["GITHUB_OUTPUT"]).read_text(),
            Path(env["GITHUB_STEP_SUMMARY"]).read_text(),
            commit.content.decode(),
            commit.message,
        ]
    )
    assert PASSWORD not in shown and refusing not in shown and TOKEN not in shown
    assert (
        "::warning title=daily-papers%3A digest not delivered::the E-Mail #2 notifier could not "
        'deliver the digest: Connection error while submitting email to "127.0.0.1"'
    ) in run.stdout
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text()
    assert "- Digest delivered by the E-Mail #1 notifier\n" in summary
    assert "- Digest not delivered by the E-Mail #2 notifier: Connection error" in summary
    assert "- Digest delivered by the JSON notifier\n" in summary
    assert read_outputs(env)["changed"] == "true"

    again = run_entrypoint(runner_env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert (len(smtp.mails), len(receiver.posts)) == (1, 1)
    assert "nothing new, nothing written" in again.stdout


def test_a_notify_url_apprise_cannot_use_stops_the_action_before_any_request(
    arxiv: ArxivEmulator, github: GitHubEmulator, receiver: Receiver, env: dict[str, str]
) -> None:
    stream = io.StringIO()
    bad = "nonsense://papers:unusable-secret@example.org"
    assert action_main(_runner_env(env, receiver.url(), bad), stream) == 1
    lines = stream.getvalue().splitlines()
    assert f"::add-mask::{bad}" in lines and "::add-mask::unusable-secret" in lines
    (error,) = [line for line in lines if line.startswith("::error")]
    assert error.startswith(
        "::error title=daily-papers%3A invalid input::input 'notify': line 2: nonsense:// is no "
        "service Apprise knows (the URL is not repeated here: it holds credentials)."
    )
    assert "unusable-secret" not in error
    assert (arxiv.requests, github.calls, receiver.posts) == ([], [], [])


def test_the_notify_input_and_the_repeated_flag_read_alike(receiver: Receiver) -> None:
    urls = (receiver.url(), "ntfys://ntfy.sh/papers")
    inputs = {"keywords": "Diffusion", "github-token": "ghs_x", "notify": "\n".join(urls) + "\n"}
    settings = action_settings(inputs, {"GITHUB_REPOSITORY": REPO}, url_problem=url_problem)
    assert settings.run.notify.urls == urls
    arguments = local_parser("1").parse_args(
        ["--readme", "R.md", "--keyword", "a", "--notify", urls[0], "--notify", urls[1]]
    )
    keywords, raw = local_values(arguments)
    local = local_settings(keywords, raw, readme="R.md", url_problem=url_problem)
    assert local.notify.urls == urls
    assert local.notify.readme_url == Path("R.md").resolve().as_uri()
    bad = local_parser("1").parse_args(
        ["--readme", "R.md", "--keyword", "a", "--notify", urls[0], "--notify", "zzz://secret"]
    )
    with pytest.raises(ConfigError) as refused:
        local_settings(*local_values(bad), readme="R.md", url_problem=url_problem)
    (problem,) = refused.value.problems
    assert problem.startswith("--notify: URL 2: zzz:// is no service Apprise knows")
    assert "secret" not in problem.replace(
        "(the URL is not repeated here: it holds credentials)", ""
    )


def test_the_terminal_scrubs_the_notify_urls_and_their_credentials() -> None:
    url = f"mailtos://papers:{PASSWORD}@example.org?to=me@example.org"
    stream = io.StringIO()
    terminal = Terminal(stream, secrets=notify_secrets(f"{url}\n\n"))
    terminal.log(f"sent to {url}; the password was {PASSWORD}")
    terminal.warning(f"{PASSWORD}", title="t")
    assert stream.getvalue() == "sent to ***; the password was ***\ndaily-papers: warning: ***\n"


def _readme_section(title: str) -> str:
    page = (ROOT / "docs" / "notifications.md").read_text()
    return page.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_readmes_notify_example_and_every_url_of_its_table_are_accepted() -> None:
    section = _readme_section("E-mail, Slack, Discord, Telegram and more, through Apprise")
    (example,) = [
        yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.S)
    ]
    (step,) = example
    assert set(step["with"]) <= set(ACTION_INPUTS)
    assert step["with"]["notify"] == "${{ secrets.PAPERS_NOTIFY }}"
    table = section.split("| service | URL |", 1)[1].split("\n\n", 1)[0]
    urls = re.findall(r"`([a-z]+://[^`]+)`", table)
    assert len(urls) >= 8
    assert parse_notify_urls("\n".join(urls), url_problem) == tuple(urls)
