"""The two entry points: the local command, and the action as the runner starts it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import feedparser
import jsonschema
import pytest
import yaml

from dailypapers.config.from_inputs import action_settings
from dailypapers.config.inputs import ACTION_INPUTS
from dailypapers.domain.project import PROJECT_URL, __version__
from dailypapers.entry.adapters import action_adapters
from dailypapers.entry.cli import action_main, main
from dailypapers.entry.runner import read_inputs
from dailypapers.notify.apprise import url_problem
from dailypapers.readme.document import parse_readme
from tests.emulators.arxiv import ArxivEmulator, Reply
from tests.emulators.atom import Entry
from tests.emulators.github import GitHubEmulator, Repo
from tests.emulators.models import ModelReply, ModelsEmulator, recorded_error, tldr_of
from tests.factories import REPO, TOKEN, anchor_readme, read_outputs, recorded_feed, run_entrypoint

ROOT = Path(__file__).resolve().parents[2]


def _serve_two_keywords(arxiv: ArxivEmulator) -> None:
    arxiv.serve_keyword(
        "Diffusion",
        [
            Entry("2411.10002", title="Diffusion | models <b>", updated=date(2026, 11, 22)),
            Entry("2411.10001", title="Older diffusion", updated=date(2026, 11, 21)),
        ],
    )
    arxiv.serve_keyword(
        "Graph Neural Networks",
        [Entry("2411.20001", title="GNNs", comment="Accepted at NeurIPS 2026 (oral)")],
    )


def _local_arguments(arxiv: ArxivEmulator, readme: Path) -> list[str]:
    return [
        "--readme", str(readme), "--keyword", "Diffusion", "--keyword", "Graph Neural Networks",
        "--arxiv-url", arxiv.url, "--request-interval", "0",
    ]  # fmt: skip


def _local(arxiv: ArxivEmulator, readme: Path, *extra: str) -> int:
    return main([*_local_arguments(arxiv, readme), *extra])


def test_local_mode_creates_then_updates_a_readme(
    arxiv: ArxivEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _serve_two_keywords(arxiv)
    readme = tmp_path / "README.md"
    assert _local(arxiv, readme) == 0
    sections = parse_readme(readme.read_text()).sections
    assert [s.heading for s in sections] == ["Diffusion", "Graph Neural Networks"]
    assert "Diffusion \\| models &lt;b>" in readme.read_text()
    out = capsys.readouterr().out
    assert "README.md: wrote 3 new or updated papers.\n" in out and "(None)" not in out
    first = readme.read_text()
    assert _local(arxiv, readme) == 0
    assert readme.read_text() == first
    assert "nothing new, nothing written" in capsys.readouterr().out
    assert len(arxiv.requests) == 4


def test_local_dry_run_writes_nothing(arxiv: ArxivEmulator, tmp_path: Path) -> None:
    _serve_two_keywords(arxiv)
    assert _local(arxiv, tmp_path / "README.md", "--dry-run") == 0
    assert not (tmp_path / "README.md").exists()


def test_local_bad_arguments_fail_before_any_request(
    arxiv: ArxivEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _local(arxiv, tmp_path / "R.md", "--max-papers", "0", "--categories", "cs.ZZ") == 1
    out = capsys.readouterr().out
    assert "--max-papers: '0' is not a whole number" in out
    assert "--categories: unknown arXiv category 'cs.ZZ'" in out
    assert arxiv.requests == []


def test_local_broken_table_names_the_line(
    arxiv: ArxivEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Mine\n\n## Diffusion\nprose\n")
    assert _local(arxiv, readme) == 1
    assert f"{readme} line 3: '## Diffusion' is not followed by a papers table" in (
        capsys.readouterr().out
    )
    assert readme.read_text() == "# Mine\n\n## Diffusion\nprose\n"


def test_the_local_commands_lines_reach_one_stream_in_the_order_they_happen(
    arxiv: ArxivEmulator, tmp_path: Path
) -> None:
    arxiv.answer_keyword("Diffusion", Reply(400, recorded_feed("id_abc.xml")))
    arxiv.serve_keyword("Graph Neural Networks", [Entry("2411.20001", title="GNNs")])
    arguments = _local_arguments(arxiv, tmp_path / "README.md")
    run = subprocess.run(
        [sys.executable, "-m", "dailypapers", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (run.returncode, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    failed = lines.index(
        "Diffusion: Search failed, its rows were kept: "
        "arXiv rejected the query: incorrect id format for abc"
    )
    warned = next(n for n, line in enumerate(lines) if line.startswith("daily-papers: warning:"))
    wrote = next(n for n, line in enumerate(lines) if "wrote 1 new or updated papers" in line)
    assert lines[0].startswith("Searching arXiv for 'Diffusion'") and failed < warned < wrote


def test_local_mode_requires_readme_and_keyword() -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--keyword", "x"])
    assert exited.value.code == 2


def _anchor_run(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str], **inputs: str
) -> Repo:
    """The anchor README in the repository, two keywords served, ``inputs`` (by their action.yml
    names) added to the runner's env."""
    repo = github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    _serve_two_keywords(arxiv)
    env.update({f"INPUT_{name.upper()}": value for name, value in inputs.items()})
    return repo


def test_entrypoint_end_to_end(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str]
) -> None:
    _anchor_run(arxiv, github, env)

    run = run_entrypoint(env)
    assert run.returncode == 0, run.stdout + run.stderr
    (commit,) = github.repos[REPO].commits
    assert commit.message.startswith("Daily papers 20")
    assert commit.message.endswith(": Diffusion +2, Graph Neural Networks +1")
    readme = commit.content.decode()
    assert readme.startswith(anchor_readme().split("Last update:")[0])
    assert [s.heading for s in parse_readme(readme).sections] == [
        "Molecular", "Molecular Generation", "Diffusion", "Graph Neural Networks",
    ]  # fmt: skip
    assert readme.endswith(
        "| **[GNNs](https://arxiv.org/abs/2411.20001v1)** | 2026-11-20 | <details><summary>Show"
        "</summary><p>An abstract.</p></details> | <details><summary>Accep...</summary>"
        "<p>Accepted at NeurIPS 2026 (oral)</p></details> |\n"
    )
    outputs = read_outputs(env)
    assert outputs["changed"] == "true"
    assert outputs["commit-sha"] == commit.sha
    assert outputs["new-papers"] == "3"
    papers = json.loads(outputs["papers-json"])
    assert [(p["heading"], p["id"], p["version"]) for p in papers] == [
        ("Diffusion", "2411.10002", 1),
        ("Diffusion", "2411.10001", 1),
        ("Graph Neural Networks", "2411.20001", 1),
    ]
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text()
    assert "### Diffusion (+2)" in summary
    assert "[GNNs](https://arxiv.org/abs/2411.20001v1)" in summary
    assert "::group::Diffusion" in run.stdout
    assert "2 new, 0 updated" in run.stdout
    everything = "\n".join(
        [
            run.stdout.replace(f"::add-mask::{TOKEN}\n", "", 1),
            run.stderr,
            Path(env["GITHUB_OUTPUT"]).read_text(),
            summary,
            readme,
            commit.message,
        ]
    )
    assert TOKEN not in everything
    assert run.stdout.startswith(f"::add-mask::{TOKEN}\n")

    again = run_entrypoint(env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(github.repos[REPO].commits) == 1
    assert "::notice::octo/papers:README.md: nothing new, nothing written." in again.stdout
    assert read_outputs(env)["changed"] == "false"


def test_action_invalid_inputs_fail_before_any_request(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str]
) -> None:
    env.update({"INPUT_KEYWORDS": "  \n", "INPUT_MAX-PAPERS": "lots", "INPUT_GITHUB-TOKEN": ""})
    stream = io.StringIO()
    assert action_main(env, stream) == 1
    errors = [line for line in stream.getvalue().splitlines() if line.startswith("::error")]
    assert len(errors) == 3
    assert "input 'max-papers'%3A 'lots'" not in errors[1]  # the message is data, not a property
    assert errors[1].startswith("::error title=daily-papers%3A invalid input::input 'max-papers':")
    assert "no keyword given" in errors[0]
    assert "no token" in errors[2]
    assert (
        "Invalid inputs, nothing was fetched or written"
        in Path(env["GITHUB_STEP_SUMMARY"]).read_text()
    )
    assert arxiv.requests == []
    assert github.calls == []


def test_action_failed_keyword_warns_and_keeps_rows(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str]
) -> None:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    arxiv.answer_keyword("Molecular", Reply(400, recorded_feed("id_abc.xml")))
    arxiv.serve_keyword("Molecular Generation", [Entry("2411.30001", updated=date(2026, 11, 1))])
    env["INPUT_KEYWORDS"] = "Molecular\nMolecular Generation"
    stream = io.StringIO()
    assert action_main(env, stream) == 0
    assert (
        "::warning title=daily-papers%3A search failed::'Molecular' kept its rows: "
        "arXiv rejected the query: incorrect id format for abc"
    ) in stream.getvalue()
    committed = (github.file(REPO, "README.md") or b"").decode()
    molecular = parse_readme(committed).sections[0].table
    assert molecular is not None
    assert len(molecular.rows) == 3


def test_action_every_keyword_failing_fails_the_run(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str]
) -> None:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    for keyword in ("Diffusion", "Graph Neural Networks"):
        arxiv.answer_keyword(keyword, Reply(400, recorded_feed("id_abc.xml")))
    stream = io.StringIO()
    assert action_main(env, stream) == 1
    assert "::error title=daily-papers failed::every arXiv search failed" in stream.getvalue()
    assert github.repos[REPO].commits == []
    # The README was read first, and nothing was written.
    assert github.calls == [("GET", f"/api/v3/repos/{REPO}/contents/README.md")]


@pytest.mark.parametrize(
    ("how", "fragment"),
    [
        ("token", "GitHub rejected the token (401"),
        ("repository", "cannot see the repository octo/papers"),
        ("branch", "the branch 'gh-pages' does not exist"),
    ],
)
def test_a_wrong_token_repository_or_branch_fails_before_any_arxiv_request(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str], how: str, fragment: str
) -> None:
    github.add_repo(REPO if how != "repository" else "octo/other", {"README.md": b"# P\n"})
    _serve_two_keywords(arxiv)
    env |= {
        "token": {"INPUT_GITHUB-TOKEN": "ghs_revoked"},
        "repository": {},
        "branch": {"INPUT_BRANCH": "gh-pages"},
    }[how]
    stream = io.StringIO()
    assert action_main(env, stream) == 1
    assert fragment in stream.getvalue()
    assert arxiv.requests == []


def test_action_broken_table_is_annotated_on_its_line(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str]
) -> None:
    github.add_repo(REPO, {"docs/papers.md": b"# Papers\n\n## Diffusion\n| a |\n| - |\n"})
    _serve_two_keywords(arxiv)
    env.update({"INPUT_README-PATH": "docs/papers.md"})
    stream = io.StringIO()
    assert action_main(env, stream) == 1
    assert (
        "::error title=daily-papers%3A README table cannot be merged,file=docs/papers.md,line=4::"
        in (stream.getvalue())
    )
    assert github.repos[REPO].commits == []


def test_action_permission_error_says_which_permission(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str]
) -> None:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()}).writable = False
    _serve_two_keywords(arxiv)
    stream = io.StringIO()
    assert action_main(env, stream) == 1
    assert "permissions: contents: write" in stream.getvalue()


def test_action_dry_run_reports_without_committing(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str]
) -> None:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    _serve_two_keywords(arxiv)
    env.update({"INPUT_DRY-RUN": "true"})
    stream = io.StringIO()
    assert action_main(env, stream) == 0
    assert github.repos[REPO].commits == []
    outputs = read_outputs(env)
    assert (outputs["changed"], outputs["new-papers"]) == ("false", "3")
    assert "dry run, 3 new or updated papers were not written" in stream.getvalue()


def test_python_dash_m_runs_the_local_command() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "dailypapers", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (run.returncode, run.stdout.strip()) == (0, f"daily-papers {__version__}")


@pytest.mark.parametrize(
    ("inputs", "fragment"),
    [
        ({"INPUT_KEYWORDS": ""}, "no keyword given"),
        ({"INPUT_KEYWORDS": " \n\t\n"}, "no keyword given"),
        ({"INPUT_KEYWORDS": "LLM\nllm"}, "repeats"),
        ({"INPUT_KEYWORDS": 'the "best" model'}, "contains"),
        ({"INPUT_KEYWORDS": "C# tricks"}, "contains '#'"),
        ({"INPUT_KEYWORDS": "a|b"}, "contains '|'"),
        ({"INPUT_KEYWORDS": "**bold** [x](y)"}, "markdown characters"),
        ({"INPUT_KEYWORDS": "\n".join(f"topic {n}" for n in range(150))}, "list at most 100"),
        ({"INPUT_MAX-PAPERS": "0"}, "max-papers"),
        ({"INPUT_MAX-PAPERS": "-3"}, "max-papers"),
        ({"INPUT_MAX-PAPERS": "many"}, "max-papers"),
        ({"INPUT_MAX-PAPERS": "10000000"}, "max-papers"),
        ({"INPUT_CATEGORIES": "cs.AI, bio"}, "unknown arXiv category 'bio'"),
        ({"INPUT_BRANCH": "main..dev"}, "branch"),
        ({"INPUT_README-PATH": "../../etc/passwd"}, "readme-path"),
        ({"INPUT_README-PATH": "/github/workspace/README.md"}, "readme-path"),
        ({"INPUT_GITHUB-TOKEN": ""}, "no token"),
        ({"INPUT_ARXIV-API-URL": "javascript:alert(1)"}, "arxiv-api-url"),
        ({"GITHUB_REPOSITORY": ""}, "GITHUB_REPOSITORY"),
    ],
)
def test_action_bad_input_is_a_clear_error_before_any_request(
    arxiv: ArxivEmulator,
    github: GitHubEmulator,
    env: dict[str, str],
    inputs: dict[str, str],
    fragment: str,
) -> None:
    env.update(inputs)
    stream = io.StringIO()
    assert action_main(env, stream) == 1
    errors = [line for line in stream.getvalue().splitlines() if line.startswith("::error")]
    assert len(errors) == 1
    assert fragment in errors[0].replace("%3A", ":")
    assert arxiv.requests == [] and github.calls == []


CONFIG = """\
[[section]]
heading = "Protein design"
query = 'abs:"protein design" ANDNOT ti:review'
columns = ["Title", "Authors", "Date", "PDF"]
exclude-words = ["survey"]
"""
PROTEIN_QUERY = 'abs:"protein design" ANDNOT ti:review'


def test_action_reads_its_sections_from_the_config_file_in_the_repository(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str]
) -> None:
    github.add_repo(REPO, {"README.md": b"# Papers\n", ".github/papers.toml": CONFIG.encode()})
    arxiv.serve_query(
        PROTEIN_QUERY,
        [
            Entry("2411.30002", title="Designing proteins", authors=("Ada", "Bo")),
            Entry("2411.30001", title="A survey of protein design"),
        ],
    )
    env.update({"INPUT_KEYWORDS": "", "INPUT_CONFIG-FILE": ".github/papers.toml"})
    assert action_main(env, io.StringIO()) == 0
    assert [r.params["search_query"] for r in arxiv.requests] == [PROTEIN_QUERY]
    assert github.file(REPO, "README.md") == (
        b"# Papers\n\n## Protein design\n| **Title** | **Authors** | **Date** | **PDF** |\n"
        b"| --- | --- | --- | --- |\n| **[Designing proteins](https://arxiv.org/abs/2411.30002v1)**"
        b" | Ada, Bo | 2026-11-20 | [PDF](https://arxiv.org/pdf/2411.30002v1) |\n"
    )


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {".github/papers.toml": b'[[section]]\nheading = "A"\nquery = "ti:a AND"\n'},
            "::error title=daily-papers%3A invalid input,file=.github/papers.toml,line=3::"
            ".github/papers.toml line 3: "
            "[[section]] 1 'query': 'ti:a AND' ends early",
        ),
        ({}, "::error title=daily-papers%3A invalid input::the config file .github/papers.toml "),
    ],
)
def test_action_a_bad_or_missing_config_file_fails_before_any_arxiv_request(
    arxiv: ArxivEmulator,
    github: GitHubEmulator,
    env: dict[str, str],
    files: dict[str, bytes],
    expected: str,
) -> None:
    github.add_repo(REPO, {"README.md": b"# Papers\n", **files})
    env.update({"INPUT_KEYWORDS": "", "INPUT_CONFIG-FILE": ".github/papers.toml"})
    stream = io.StringIO()
    assert action_main(env, stream) == 1
    assert expected in stream.getvalue()
    assert arxiv.requests == [] and github.repos[REPO].commits == []


def test_local_mode_reads_a_config_file(arxiv: ArxivEmulator, tmp_path: Path) -> None:
    config = tmp_path / "papers.toml"
    config.write_text(CONFIG)
    arxiv.serve_query(PROTEIN_QUERY, [Entry("2411.30002", title="Designing proteins")])
    readme = tmp_path / "README.md"
    arguments = ["--readme", str(readme), "--arxiv-url", arxiv.url, "--request-interval", "0"]
    assert main([*arguments, "--config-file", str(config)]) == 0
    assert "| **Title** | **Authors** | **Date** | **PDF** |" in readme.read_text()
    with pytest.raises(SystemExit):
        main([*arguments, "--config-file", str(config), "--keyword", "X"])


def test_action_commits_feeds_and_papers_file_with_the_readme_in_one_commit(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str]
) -> None:
    _anchor_run(arxiv, github, env, **{"feeds-dir": "feeds", "papers-file": "data/papers.json"})
    assert action_main(env, io.StringIO()) == 0
    (commit,) = github.repos[REPO].commits
    assert sorted(commit.files) == [
        "README.md", "data/papers.json", "feeds/diffusion.xml", "feeds/graph-neural-networks.xml",
    ]  # fmt: skip
    feed = feedparser.parse(commit.files["feeds/diffusion.xml"])
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Diffusion | models <b>", "Older diffusion"]
    schema = json.loads((ROOT / "schema" / "papers.schema.json").read_text())
    papers = json.loads(commit.files["data/papers.json"])
    jsonschema.validate(papers, schema, format_checker=jsonschema.FormatChecker())
    assert len(papers["papers"]) == 5 + 3  # the anchor's rows and the new papers
    assert read_outputs(env)["commit-sha"] == commit.sha

    again = io.StringIO()
    assert action_main(env, again) == 0
    assert len(github.repos[REPO].commits) == 1
    assert "nothing new, nothing written" in again.getvalue()


def test_local_mode_writes_feeds_and_papers_file_next_to_the_readme(
    arxiv: ArxivEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _serve_two_keywords(arxiv)
    monkeypatch.chdir(tmp_path)
    assert _local(arxiv, Path("README.md"), "--feeds-dir", "feeds", "--papers-file", "p.json") == 0
    assert sorted(p.name for p in (tmp_path / "feeds").iterdir()) == [
        "diffusion.xml", "graph-neural-networks.xml",
    ]  # fmt: skip
    assert json.loads((tmp_path / "p.json").read_text())["papers"][0]["id"] == "2411.10002"


def test_action_announces_new_papers_in_the_days_issue(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str]
) -> None:
    repo = _anchor_run(arxiv, github, env, **{"open-issue": "true", "issue-labels": "papers"})
    # The action's day and GitHub's clock agree, whenever the test runs.
    now = github.now
    assert action_main(env, io.StringIO(), now=now) == 0
    (issue,) = repo.issues
    assert issue["title"] == "New arXiv papers 2026-11-24"
    assert "### Diffusion (2)" in issue["body"] and "### Graph Neural Networks (1)" in issue["body"]
    assert "Molecular" not in issue["body"]  # nothing new there
    assert read_outputs(env)["issue-url"] == issue["html_url"]

    assert action_main(env, io.StringIO(), now=now) == 0  # nothing new: no issue, no comment
    assert (len(repo.issues), issue["comments"]) == (1, [])
    arxiv.serve_keyword("Diffusion", [Entry("2411.10003", title="Later that day")])
    assert action_main(env, io.StringIO(), now=now) == 0
    (comment,) = issue["comments"]
    assert "Later that day" in comment["body"] and "### Diffusion (1)" in comment["body"]
    assert len(repo.issues) == 1


def test_action_a_refused_issue_costs_only_the_issue(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str]
) -> None:
    repo = _anchor_run(arxiv, github, env, **{"open-issue": "true"})
    repo.has_issues = False
    stream = io.StringIO()
    assert action_main(env, stream) == 0
    assert len(repo.commits) == 1
    assert (
        "::warning title=daily-papers%3A digest not delivered::the issue notifier could not "
        "deliver the digest: the issues of octo/papers are turned off"
    ) in stream.getvalue()
    assert read_outputs(env)["changed"] == "true"
    assert (
        "Digest not delivered by the issue notifier" in Path(env["GITHUB_STEP_SUMMARY"]).read_text()
    )


def test_the_store_and_the_issue_notifier_share_one_github_client(
    github: GitHubEmulator, env: dict[str, str]
) -> None:
    env["INPUT_OPEN-ISSUE"] = "true"
    settings = action_settings(read_inputs(ACTION_INPUTS, env), env, url_problem=url_problem)
    adapters = action_adapters(settings, print)
    (notifier,) = adapters.notifiers
    assert notifier.channel == "issue"
    assert adapters.store.repository is notifier.repository  # type: ignore[attr-defined]


def test_a_notifier_is_built_only_when_its_input_asks_for_it(
    github: GitHubEmulator, env: dict[str, str]
) -> None:
    env["INPUT_OPEN-ISSUE"] = "false"
    settings = action_settings(read_inputs(ACTION_INPUTS, env), env, url_problem=url_problem)
    assert action_adapters(settings, print).notifiers == ()


@pytest.mark.parametrize(
    ("zone", "day"), [("", "2026-11-24"), ("UTC", "2026-11-24"), ("Asia/Shanghai", "2026-11-25")]
)
def test_the_last_update_is_the_runs_date_in_the_time_zone(
    arxiv: ArxivEmulator, tmp_path: Path, zone: str, day: str
) -> None:
    _serve_two_keywords(arxiv)
    readme = tmp_path / "README.md"
    # 16:40 UTC, when DailyArXiv's runs started: already the next day in Shanghai.
    now = datetime(2026, 11, 24, 16, 40, tzinfo=UTC)
    assert main([*_local_arguments(arxiv, readme), "--time-zone", zone], now=now) == 0
    assert f"\nLast update: {day}\n" in readme.read_text()


def test_every_service_and_feed_is_told_which_action_and_which_repository_ask(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str]
) -> None:
    """A fork or a copy names itself through the runner's GITHUB_ACTION_REPOSITORY: no code
    to edit to publish one."""
    _anchor_run(arxiv, github, env, **{"feeds-dir": "feeds"})
    env["GITHUB_ACTION_REPOSITORY"] = "someone/daily-papers-fork"
    assert action_main(env, io.StringIO()) == 0
    expected = {
        f"daily-papers/{__version__} (+https://github.com/someone/daily-papers-fork; "
        "for https://github.com/octo/papers)"
    }
    assert {request.headers["User-Agent"] for request in arxiv.requests} == expected
    assert github.user_agents == expected
    feed = (github.file(REPO, "feeds/diffusion.xml") or b"").decode()
    assert 'uri="https://github.com/someone/daily-papers-fork"' in feed


def test_without_the_runners_word_the_package_names_its_own_home(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str]
) -> None:
    _anchor_run(arxiv, github, env, **{"feeds-dir": "feeds"})
    env.pop("GITHUB_ACTION_REPOSITORY", None)
    assert action_main(env, io.StringIO()) == 0
    assert github.user_agents == {
        f"daily-papers/{__version__} (+{PROJECT_URL}; for https://github.com/octo/papers)"
    }
    assert f'uri="{PROJECT_URL}"' in (github.file(REPO, "feeds/diffusion.xml") or b"").decode()


def test_runner_files_in_a_missing_folder_are_an_error_not_a_traceback(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str], tmp_path: Path
) -> None:
    _anchor_run(arxiv, github, env)
    env["GITHUB_OUTPUT"] = str(tmp_path / "gone" / "set_output")
    stream = io.StringIO()
    action_main(env, stream)
    assert "::error title=daily-papers%3A outputs not written::cannot write" in stream.getvalue()
    assert "Traceback" not in stream.getvalue()


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1:1/api/query", "connection refused"),
        ("http://arxiv.invalid/q", "no such host"),
    ],
)
def test_an_unreachable_arxiv_fails_at_once_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, why: str
) -> None:
    arguments = ["--readme", str(tmp_path / "R.md"), "--keyword", "LLM", "--keyword", "GNN"]
    assert main([*arguments, "--arxiv-url", url, "--request-interval", "0"]) == 1
    lines = capsys.readouterr().out.splitlines()
    (line,) = [line for line in lines if line.startswith("daily-papers:")]
    assert (
        line
        == lines[-1]
        == (
            f"daily-papers: every arXiv search failed, nothing was changed (cannot reach arXiv at "
            f"{url} ({why}); check the network and arxiv-api-url)"
        )
    )


def test_a_folder_given_as_the_readme_is_refused_before_any_request(
    arxiv: ArxivEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _local(arxiv, tmp_path) == 1
    assert f"--readme: '{tmp_path}' is a folder" in capsys.readouterr().out
    assert arxiv.requests == []


def test_a_readme_in_a_folder_that_does_not_exist_is_refused_and_no_folder_made(
    arxiv: ArxivEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nonexistent" / "dir"
    assert _local(arxiv, missing / "README.md") == 1
    expected = f"--readme: the folder '{missing}' does not exist; create it or fix the path"
    assert expected in capsys.readouterr().out
    assert arxiv.requests == [] and not (tmp_path / "nonexistent").exists()


def test_locally_the_extra_files_lie_in_the_readmes_folder(
    arxiv: ArxivEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _serve_two_keywords(arxiv)
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    readme = Path("docs/papers.md")
    assert _local(arxiv, readme, "--feeds-dir", "feeds", "--papers-file", "papers.json") == 0
    assert sorted(path.name for path in (tmp_path / "docs" / "feeds").iterdir()) == [
        "diffusion.xml", "graph-neural-networks.xml",
    ]  # fmt: skip
    assert (tmp_path / "docs" / "papers.json").is_file()
    assert not (tmp_path / "feeds").exists()


def test_a_run_after_arxivs_weekend_logs_why_nothing_is_new(
    arxiv: ArxivEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _serve_two_keywords(arxiv)
    readme = tmp_path / "README.md"
    saturday, sunday = (datetime(2026, 11, day, 12, tzinfo=UTC) for day in (21, 22))
    assert main(_local_arguments(arxiv, readme), now=saturday) == 0
    capsys.readouterr()
    assert main(_local_arguments(arxiv, readme), now=sunday) == 0
    out = capsys.readouterr().out
    assert "arXiv has announced nothing since the previous update (2026-11-21)" in out
    assert "last announcement was on Thursday 2026-11-19" in out
    assert "already listed" in out


def test_action_writes_tldrs_and_a_failed_batch_only_warns(
    arxiv: ArxivEmulator, github: GitHubEmulator, models: ModelsEmulator, env: dict[str, str]
) -> None:
    key = "sk-summary-key-secret"
    tldr_inputs = {"summary-model": "gpt-4.1-mini", "summary-api-url": models.url}
    _anchor_run(arxiv, github, env, **tldr_inputs, **{"summary-api-key": key})
    models.script = [ModelReply(500)]
    out = io.StringIO()
    assert action_main(env, out) == 0
    (commit,) = github.repos[REPO].commits
    readme = commit.content.decode()
    shows = anchor_readme().count("<summary>Show</summary>")
    assert readme.count("<summary>Show</summary>") == shows + 3 and "grows" not in readme
    log = out.getvalue()
    assert "::warning title=daily-papers%3A TL;DR::no TL;DR for 3 papers: HTTP 500" in log
    assert f"::add-mask::{key}" in log and log.count(key) == 1
    assert models.headers[0]["Authorization"] == f"Bearer {key}"


def test_local_mode_reads_the_tldr_key_from_the_environment(
    arxiv: ArxivEmulator,
    models: ModelsEmulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _serve_two_keywords(arxiv)
    monkeypatch.setenv("DAILY_PAPERS_SUMMARY_KEY", "local_models_key")
    readme = tmp_path / "README.md"
    flags = ["--summary-model", "gpt-4.1-mini", "--summary-api-url", models.url]
    assert _local(arxiv, readme, *flags) == 0
    assert models.headers[0]["Authorization"] == "Bearer local_models_key"
    (request,) = models.requests
    for arxiv_id in models.paper_ids(request):
        assert f"<details><summary>{tldr_of(arxiv_id)}</summary>" in readme.read_text()


def _runner_env(env: dict[str, str], github: GitHubEmulator, **inputs: str) -> dict[str, str]:
    """The environment as the runner builds it: every input of action.yml at its default (the
    token expression as the runner resolves it), ``inputs`` and ``env`` over them."""
    declared = yaml.safe_load((ROOT / "action.yml").read_text())["inputs"]
    defaults = {
        f"INPUT_{name.upper()}": str(spec.get("default", "")).replace(
            "${{ github.token }}", github.token
        )
        for name, spec in declared.items()
    }
    chosen = {f"INPUT_{name.upper()}": value for name, value in inputs.items()}
    return {**defaults, **env, **chosen}


def _serve_new_papers(arxiv: ArxivEmulator, count: int) -> None:
    entries = [Entry(f"2411.3{n:04d}", title=f"Paper {n}") for n in range(count)]
    arxiv.serve_keyword("Diffusion", entries)
    arxiv.serve_keyword("Graph Neural Networks", [])


def test_entrypoint_sends_the_models_own_key_to_its_api_only(
    arxiv: ArxivEmulator, github: GitHubEmulator, models: ModelsEmulator, env: dict[str, str]
) -> None:
    _anchor_run(arxiv, github, env)
    key = "sk-proj-own-model-key"
    chosen = {"summary-model": "gpt-4.1-mini", "summary-api-url": models.url}
    run = run_entrypoint(_runner_env(env, github, **chosen, **{"summary-api-key": key}))
    assert run.returncode == 0, run.stdout + run.stderr
    assert models.url.split("/v1")[0] != github.api_url.split("/api")[0]  # another port
    assert models.requests and all(
        headers["Authorization"] == f"Bearer {key}" for headers in models.headers
    )
    assert not any(github.token in value for h in models.headers for value in h.values())
    readme = github.repos[REPO].commits[-1].content.decode()
    for arxiv_id in ("2411.10001", "2411.10002", "2411.20001"):
        assert f"<details><summary>{tldr_of(arxiv_id)}</summary>" in readme


def test_entrypoint_with_a_model_but_no_key_sends_nothing_anywhere(
    arxiv: ArxivEmulator, github: GitHubEmulator, models: ModelsEmulator, env: dict[str, str]
) -> None:
    _anchor_run(arxiv, github, env)
    chosen = {"summary-model": "gpt-4.1-mini", "summary-api-url": models.url}
    run = run_entrypoint(_runner_env(env, github, **chosen))
    assert run.returncode == 1
    assert "input 'summary-api-key': no key for the model's API" in run.stdout
    assert models.requests == [] and arxiv.requests == []
    assert github.repos[REPO].commits == []
    assert "Traceback" not in run.stdout + run.stderr


def test_entrypoint_against_a_retired_api_asks_once_warns_once_and_commits(
    arxiv: ArxivEmulator, github: GitHubEmulator, models: ModelsEmulator, env: dict[str, str]
) -> None:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    _serve_new_papers(arxiv, 25)
    models.script = [recorded_error("github_models_retired")] * 3
    chosen = {"summary-model": "gpt-4.1-mini", "summary-api-url": models.url}
    run = run_entrypoint(_runner_env(env, github, **chosen, **{"summary-api-key": "sk-k"}))
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(models.requests) == 1
    (warning,) = [line for line in run.stdout.splitlines() if line.startswith("::warning")]
    assert warning.startswith("::warning title=daily-papers%3A TL;DR::no TL;DR for 25 papers")
    assert "HTTP 410" in warning and "point summary-api-url at another" in warning
    (commit,) = github.repos[REPO].commits
    readme = commit.content.decode()
    assert (
        readme.count("<summary>Show</summary>")
        == anchor_readme().count("<summary>Show</summary>") + 25
    )
