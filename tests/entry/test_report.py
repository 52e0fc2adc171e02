import json
from dataclasses import replace
from datetime import date

from dailypapers.domain.change import SectionChange
from dailypapers.domain.interfaces import ISSUE_CHANNEL
from dailypapers.entry.report import (
    OUTPUT_LIMIT,
    action_outputs,
    outcome_line,
    papers_output,
    section_lines,
    summary_markdown,
)
from dailypapers.notify.delivery import Notified
from dailypapers.readme.merge import MergeResult
from dailypapers.run import RunReport
from dailypapers.steps.fetch import SectionFetch
from tests.factories import paper

NEW = paper(arxiv_id="2411.00001", updated=date(2026, 11, 23), title="A | <b>new</b> [paper]")
REVISED = paper(
    arxiv_id="2411.00002", updated=date(2026, 11, 22), version=3, title="Revised", tldr="It <b>x"
)


def report(committed: bool = True, changed: bool = True, dry_run: bool = False) -> RunReport:
    changes = (SectionChange("Diffusion", added=(NEW,), updated=(REVISED,), dropped=2),)
    return RunReport(
        location="octo/papers:README.md",
        fetches=(
            SectionFetch(
                "Diffusion",
                (NEW, REVISED),
                found=5,
                dropped_by=(("categories", 2), ("exclude-words", 1)),
                newest=date(2026, 11, 23),
            ),
            SectionFetch("GNN", None, error="HTTP 503 after 4 attempts"),
        ),
        merge=MergeResult("text", changed=changed, changes=changes if changed else ()),
        dry_run=dry_run,
        committed=committed,
        commit_sha="abc123" if committed else None,
    )


def test_section_lines_count_what_arxiv_gave_and_what_changed() -> None:
    run = report()
    assert section_lines(run, run.fetches[0]) == [
        "arXiv returned 5 papers, the newest updated 2026-11-23; dropped 2 by categories, "
        "1 by exclude-words; 0 already listed",
        "1 new, 1 updated, 2 older rows dropped by the cap",
        "  + 2411.00001v1 A | <b>new</b> [paper]",
        "  ~ 2411.00002v3 Revised",
    ]
    assert section_lines(run, run.fetches[1]) == [
        "Search failed, its rows were kept: HTTP 503 after 4 attempts"
    ]
    quiet = report(committed=False, changed=False)
    assert section_lines(quiet, quiet.fetches[0])[1] == "0 new, 0 updated"


def test_outcome_line_for_commit_dry_run_and_nothing_new() -> None:
    assert outcome_line(report()) == (
        "octo/papers:README.md: committed 2 new or updated papers (abc123)."
    )
    assert outcome_line(report(committed=False, dry_run=True)) == (
        "octo/papers:README.md: dry run, 2 new or updated papers were not written."
    )
    assert outcome_line(report(committed=False, changed=False)) == (
        "octo/papers:README.md: nothing new, nothing written."
    )


def test_a_dry_run_that_would_only_drop_rows_says_so() -> None:
    dropping = RunReport(
        location="octo/papers:README.md",
        fetches=(),
        merge=MergeResult("text", changed=True, changes=(SectionChange("K", dropped=3),)),
        dry_run=True,
    )
    assert outcome_line(dropping) == (
        "octo/papers:README.md: dry run, nothing new; 3 older rows would be dropped by the cap, "
        "nothing was written."
    )


def test_summary_lists_new_papers_escaped_and_failures() -> None:
    summary = summary_markdown(report())
    assert "### Diffusion (+2)" in summary
    assert (
        "- **[A \\| &lt;b>new&lt;/b> [paper]](http://arxiv.org/abs/2411.00001v1)** (2026-11-23)"
    ) in summary
    assert "- :warning: GNN: HTTP 503 after 4 attempts" in summary
    assert "(2026-11-22): It &lt;b>x\n" in summary


def test_outputs() -> None:
    outputs = action_outputs(report())
    assert {key: outputs[key] for key in ("new-papers", "changed", "commit-sha")} == {
        "new-papers": "2",
        "changed": "true",
        "commit-sha": "abc123",
    }
    papers = json.loads(outputs["papers-json"])
    assert [(p["heading"], p["id"], p["version"], p["title"]) for p in papers] == [
        ("Diffusion", "2411.00001", 1, "A | <b>new</b> [paper]"),
        ("Diffusion", "2411.00002", 3, "Revised"),
    ]
    assert "\n" not in outputs["papers-json"]
    assert action_outputs(report(committed=False))["changed"] == "false"
    assert outputs["issue-url"] == ""
    issue = Notified(ISSUE_CHANNEL, "https://github.com/octo/papers/issues/3")
    notified = replace(report(), notified=(Notified("mail", "mailto:a@example.org"), issue))
    assert action_outputs(notified)["issue-url"] == "https://github.com/octo/papers/issues/3"
    failed = replace(report(), notified=(Notified(ISSUE_CHANNEL, error="turned off"),))
    assert action_outputs(failed)["issue-url"] == ""


def test_summary_shows_what_became_of_each_notifier() -> None:
    notified = (
        Notified(ISSUE_CHANNEL, "https://github.com/octo/papers/issues/3"),
        Notified("mail", error="the server refused <me>"),
        Notified("Discord", preview="would send 2 messages in Markdown (1,990, 412 characters)"),
    )
    summary = summary_markdown(replace(report(), notified=notified))
    assert (
        "### Notified\n\n"
        "- Digest delivered by the issue notifier: https://github.com/octo/papers/issues/3\n"
        "- Digest not delivered by the mail notifier: the server refused &lt;me>\n"
        "- Dry run, digest not sent by the Discord notifier: it would send 2 messages in "
        "Markdown (1,990, 412 characters)\n"
    ) in summary
    assert "### Notified" not in summary_markdown(report())


def test_the_papers_output_is_cut_newest_first_to_fit_githubs_limit_on_an_output() -> None:
    big = "x" * 200_000
    changes = (
        SectionChange(
            "K",
            added=tuple(
                replace(NEW, arxiv_id=f"2411.0000{n}", abstract=big, updated=date(2026, 11, n + 1))
                for n in range(8)
            ),
        ),
    )
    many = replace(report(), merge=MergeResult("text", changed=True, changes=changes))
    text, left_out = papers_output(many)
    papers = json.loads(text)
    assert len(text.encode()) <= OUTPUT_LIMIT and left_out == 8 - len(papers) > 0
    assert [paper["id"] for paper in papers] == [
        f"2411.0000{n}" for n in range(7, 7 - len(papers), -1)
    ]
    assert action_outputs(many)["papers-json"] == text


def test_a_title_far_past_arxivs_limits_is_cut_in_the_log() -> None:
    long = paper(arxiv_id="2411.00001", title="word " * 100_000)
    change = SectionChange("K", added=(long,))
    fetch = SectionFetch("K", (long,), found=1)
    merged = RunReport("memory", (fetch,), MergeResult("", True, (change,)))
    (line,) = [line for line in section_lines(merged, fetch) if line.startswith("  + ")]
    assert line == "  + 2411.00001v1 " + ("word " * 60).strip() + "…"
