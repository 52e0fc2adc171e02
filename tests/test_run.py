import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dailypapers.arxiv.schedule import ARXIV_TIME_ZONE
from dailypapers.config.section import keyword_section
from dailypapers.domain.arxiv import keyword_query
from dailypapers.domain.errors import ConfigError, NotifyError, SourceError, StoreError
from dailypapers.domain.interfaces import ISSUE_CHANNEL, Digest, TldrWriter
from dailypapers.domain.settings import (
    ConfigFile,
    ExtraFileSettings,
    IssueSettings,
    NotifySettings,
    RunSettings,
    TldrSettings,
)
from dailypapers.entry.adapters import tldr_client
from dailypapers.entry.local_store import LocalReadmeStore
from dailypapers.entry.report import section_lines, summary_markdown
from dailypapers.notify.delivery import Notified
from dailypapers.readme.document import parse_readme
from dailypapers.run import MAX_WRITE_ATTEMPTS, Adapters, default_commit_message, run
from tests.emulators.github import GitHubEmulator
from tests.emulators.models import ModelReply, ModelsEmulator, tldr_of
from tests.factories import (
    NOW,
    REPO,
    TODAY,
    FakeClock,
    FakeSource,
    MemoryStore,
    anchor_readme,
    github_store,
    keyword_settings,
    paper,
)


def _dated(text: str, day: date = TODAY) -> str:
    """The README as a run on ``day`` leaves it: Last update is that day."""
    return text.replace("Last update: 2025-04-09", f"Last update: {day.isoformat()}")


def row_count(text: str) -> int:
    return sum(len(s.table.rows) for s in parse_readme(text).sections if s.table is not None)


def test_a_run_fetches_each_keyword_once_and_writes_the_merge(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(anchor_readme())
    source = FakeSource(
        {"Molecular": [paper(arxiv_id="2504.09999", updated=date(2025, 4, 8))], "Proteins": []},
    )
    settings = keyword_settings("Molecular", "Proteins", max_papers=7)
    report = run(settings, Adapters(LocalReadmeStore(path), source), NOW)
    assert source.queries == [(keyword_query("Molecular"), 7), (keyword_query("Proteins"), 7)]
    assert report.committed
    assert path.read_text() == report.merge.text
    assert [(keyword, p.arxiv_id) for keyword, p in report.new_papers] == [
        ("Molecular", "2504.09999")
    ]


def test_categories_filter_the_fetched_papers(tmp_path: Path) -> None:
    keep = paper(arxiv_id="2411.00001", title="Kept", categories=("stat.ML", "cs.LG"))
    drop = paper(arxiv_id="2411.00002", title="Dropped", categories=("q-bio.BM",))
    adapters = Adapters(LocalReadmeStore(tmp_path / "R.md"), FakeSource({"K": [keep, drop]}))
    report = run(keyword_settings("K", categories=("cs",)), adapters, NOW)
    assert [p.title for _, p in report.new_papers] == ["Kept"]
    assert (report.fetches[0].found, len(report.fetches[0].papers or ())) == (2, 1)


def test_a_failed_keyword_keeps_its_rows_and_the_others_are_merged(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(anchor_readme())
    before = row_count(anchor_readme())
    source = FakeSource(
        {"Molecular Generation": [paper(arxiv_id="2504.09999", updated=date(2025, 4, 8))]}
    )
    settings = keyword_settings("Molecular", "Molecular Generation", max_papers=100)
    report = run(settings, Adapters(LocalReadmeStore(path), source), NOW)
    assert [f.heading for f in report.failures] == ["Molecular"]
    assert row_count(path.read_text()) == before + 1


def test_when_every_keyword_fails_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(anchor_readme())
    with pytest.raises(SourceError, match="every arXiv search failed, nothing was changed"):
        run(keyword_settings("A", "B"), Adapters(LocalReadmeStore(path), FakeSource({})), NOW)
    assert path.read_text() == anchor_readme()


def test_nothing_new_writes_nothing() -> None:
    store = MemoryStore(_dated(anchor_readme()))
    known = paper(arxiv_id="2403.04197", updated=date(2025, 4, 7), version=4)
    report = run(
        keyword_settings("Molecular"), Adapters(store, FakeSource({"Molecular": [known]})), NOW
    )
    assert not report.committed
    assert not report.merge.changed
    assert store.writes == []


def test_dry_run_computes_but_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    source = FakeSource({"K": [paper(arxiv_id="2411.00001", updated=TODAY)]})
    report = run(keyword_settings("K", dry_run=True), Adapters(LocalReadmeStore(path), source), NOW)
    assert report.merge.changed
    assert len(report.new_papers) == 1
    assert not report.committed
    assert not path.exists()


def test_the_default_commit_message_names_what_each_section_gained() -> None:
    source = FakeSource(
        {
            "Molecular": [
                paper(arxiv_id="2504.09999", updated=date(2025, 4, 8)),
                paper(arxiv_id="2403.04197", updated=date(2025, 4, 9), version=5),
            ],
            "Proteins": [paper(arxiv_id="2411.00001", updated=TODAY)],
        }
    )
    settings = keyword_settings("Molecular", "Proteins")
    result = run(settings, Adapters(MemoryStore(anchor_readme()), source), NOW)
    assert default_commit_message(result.merge.changes, TODAY) == (
        "Daily papers 2026-11-24: Molecular +1 (1 updated), Proteins +1"
    )


def test_the_default_commit_message_names_only_the_sections_that_changed() -> None:
    store = MemoryStore(anchor_readme())
    source = FakeSource({"Molecular": [NEW_MOLECULE], "Molecular Generation": []})
    run(keyword_settings("Molecular", "Molecular Generation"), Adapters(store, source), NOW)
    assert store.messages == ["Daily papers 2026-11-24: Molecular +1"]
    dated = MemoryStore(anchor_readme())
    run(keyword_settings("Molecular"), Adapters(dated, FakeSource({"Molecular": []})), NOW)
    assert dated.messages == ["Daily papers 2026-11-24: Last update"]


def test_a_custom_commit_message_is_used_as_given() -> None:
    store = MemoryStore(None)
    source = FakeSource({"K": [paper(arxiv_id="2411.00001", updated=TODAY)]})
    run(keyword_settings("K", commit_message="docs: papers"), Adapters(store, source), NOW)
    assert store.messages == ["docs: papers"]


def test_conflicts_are_retried_a_bounded_number_of_times() -> None:
    source = FakeSource({"K": [paper(arxiv_id="2411.00001", updated=TODAY)]})
    store = MemoryStore(None, conflicts=MAX_WRITE_ATTEMPTS)
    with pytest.raises(
        StoreError,
        match=rf"could not be updated in {MAX_WRITE_ATTEMPTS} attempts \(the last: changed\)",
    ):
        run(keyword_settings("K"), Adapters(store, source), NOW)
    assert store.writes == []
    assert len(source.queries) == 1


def test_a_concurrent_commit_is_merged_with_not_overwritten(github: GitHubEmulator) -> None:
    """Another run commits its papers between our read and write: both sets of papers land."""
    theirs = paper(arxiv_id="2411.00005", updated=date(2026, 11, 22), title="Their paper")
    ours = paper(arxiv_id="2411.00007", updated=date(2026, 11, 23), title="Our paper")
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})

    def another_run_lands() -> None:
        theirs_only = Adapters(MemoryStore(anchor_readme()), FakeSource({"Molecular": [theirs]}))
        other = run(keyword_settings("Molecular"), theirs_only, NOW)
        github.commit_file(REPO, "README.md", other.merge.text.encode(), "their run")

    github.before_write = another_run_lands
    store = github_store(github, retries=0)
    report = run(
        keyword_settings("Molecular"), Adapters(store, FakeSource({"Molecular": [ours]})), NOW
    )
    assert report.committed
    final = (github.file(REPO, "README.md") or b"").decode()
    assert "Their paper" in final
    assert "Our paper" in final
    assert row_count(final) == row_count(anchor_readme()) + 2
    puts = [call for call in github.calls if call[0] == "PUT"]
    assert len(puts) == 2  # one refused with 409, one accepted


def test_github_calls_per_run_one_read_and_one_write_at_most(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    store = github_store(github)
    new = FakeSource({"Molecular": [paper(arxiv_id="2504.09999", updated=date(2025, 4, 8))]})
    run(keyword_settings("Molecular"), Adapters(store, new), NOW)
    assert [method for method, _ in github.calls] == ["GET", "PUT"]
    run(keyword_settings("Molecular"), Adapters(store, new), NOW)
    assert [method for method, _ in github.calls] == ["GET", "PUT", "GET"]


EXTRA_FILES = ExtraFileSettings("feeds", "papers.json")


def test_extra_files_are_written_with_the_readme_and_only_when_they_change() -> None:
    store = MemoryStore(anchor_readme())
    source = FakeSource(
        {"Molecular": [paper(arxiv_id="2504.09999", updated=date(2025, 4, 8))], "Diffusion": []}
    )
    settings = keyword_settings("Molecular", "Diffusion", extra_files=EXTRA_FILES)
    report = run(settings, Adapters(store, source), NOW)
    assert report.committed and len(store.writes) == 1
    assert report.extra_files == ("feeds/diffusion.xml", "feeds/molecular.xml", "papers.json")
    assert sorted(store.files) == list(report.extra_files)
    assert "2504.09999" in store.files["feeds/molecular.xml"]
    again = run(settings, Adapters(store, source), NOW)
    assert (again.committed, again.extra_files, len(store.writes)) == (False, (), 1)


def test_turning_extra_files_on_writes_them_though_no_paper_is_new() -> None:
    store = MemoryStore(_dated(anchor_readme()))
    known = paper(arxiv_id="2403.04197", updated=date(2025, 4, 7), version=4)
    source = FakeSource({"Molecular": [known]})
    report = run(
        keyword_settings("Molecular", extra_files=EXTRA_FILES), Adapters(store, source), NOW
    )
    assert not report.merge.changed and report.committed
    assert store.text == _dated(anchor_readme())
    assert store.messages == ["Daily papers 2026-11-24: feeds/molecular.xml, papers.json"]
    dry = run(
        keyword_settings("Molecular", extra_files=EXTRA_FILES, dry_run=True),
        Adapters(MemoryStore(_dated(anchor_readme())), source),
        NOW,
    )
    assert (dry.committed, dry.extra_files) == (False, ("feeds/molecular.xml", "papers.json"))


def test_records_of_the_previous_papers_file_survive_a_failed_search() -> None:
    store = MemoryStore(anchor_readme())
    full = paper(
        arxiv_id="2504.09999",
        updated=date(2025, 4, 8),
        published=date(2025, 4, 1),
        authors=("Ada",),
    )
    molecular = keyword_settings("Molecular", extra_files=EXTRA_FILES)
    run(molecular, Adapters(store, FakeSource({"Molecular": [full]})), NOW)
    first = store.files["papers.json"]
    both = keyword_settings("Molecular", "Other", extra_files=EXTRA_FILES)
    failed = run(both, Adapters(store, FakeSource({"Other": []})), NOW)
    assert failed.failures
    assert store.files["papers.json"] == first
    assert '"Ada"' in first


def test_sections_sharing_a_feed_file_are_refused_before_any_search() -> None:
    source = FakeSource({})
    with pytest.raises(ConfigError, match=r"would share the feed feeds/a-b\.xml"):
        run(
            keyword_settings("A b", "a-b", extra_files=EXTRA_FILES),
            Adapters(MemoryStore(None), source),
            NOW,
        )
    assert source.queries == []


class FakeNotifier:
    """Records the digests it is given; fails with ``error`` when one is given."""

    def __init__(self, channel: str = ISSUE_CHANNEL, error: NotifyError | None = None) -> None:
        self.channel = channel
        self.error = error
        self.delivered: list[tuple[Digest, date]] = []

    def notify(self, digest: Digest, today: date) -> str:
        if self.error is not None:
            raise self.error
        self.delivered.append((digest, today))
        return f"https://example.org/{self.channel}/1"

    def preview(self, digest: Digest) -> str:
        return f"would send {len(digest.body)} characters"


NEW_MOLECULE = paper(arxiv_id="2504.09999", updated=date(2025, 4, 8))
NOTIFY = NotifySettings(readme_url="https://x/README.md", issue=IssueSettings())


def test_a_run_reads_its_sections_from_the_config_file_in_the_store() -> None:
    store = MemoryStore(anchor_readme())
    store.files[".github/papers.toml"] = (
        '[[section]]\nheading = "Molecular"\nkeyword = "Molecular"\n'
    )
    source = FakeSource({"Molecular": [NEW_MOLECULE]})
    settings = RunSettings(ConfigFile(".github/papers.toml", 7))
    report = run(settings, Adapters(store, source), NOW)
    assert source.queries == [(keyword_query("Molecular"), 7)]
    assert report.committed and report.new_papers == [("Molecular", NEW_MOLECULE)]


def test_a_missing_config_file_fails_before_any_search() -> None:
    source = FakeSource({})
    settings = RunSettings(ConfigFile("nope.toml"))
    with pytest.raises(ConfigError, match=r"the config file nope\.toml does not exist"):
        run(settings, Adapters(MemoryStore(None), source), NOW)
    assert source.queries == []


def test_the_config_files_sections_sharing_a_feed_are_refused_before_any_search() -> None:
    store = MemoryStore(None)
    store.files["p.toml"] = (
        '[[section]]\nheading = "A b"\nkeyword = "A b"\n\n'
        '[[section]]\nheading = "a-b"\nkeyword = "a-b"\n'
    )
    source = FakeSource({})
    settings = RunSettings(ConfigFile("p.toml"), extra_files=EXTRA_FILES)
    with pytest.raises(ConfigError, match=r"would share the feed feeds/a-b\.xml"):
        run(settings, Adapters(store, source), NOW)
    assert source.queries == []


def test_a_committed_run_delivers_the_digest_to_its_notifier_and_records_where() -> None:
    notifier = FakeNotifier()
    source = FakeSource({"Molecular": [NEW_MOLECULE]})
    adapters = Adapters(MemoryStore(anchor_readme()), source, (notifier,))
    report = run(keyword_settings("Molecular", notify=NOTIFY), adapters, NOW)
    ((digest, day),) = notifier.delivered
    assert day == TODAY and "2504.09999" in digest.body and "(https://x/README.md)" in digest.body
    assert report.notified == (Notified(ISSUE_CHANNEL, "https://example.org/issue/1"),)


def test_nothing_is_delivered_when_nothing_is_new() -> None:
    notifier = FakeNotifier()
    source = FakeSource({"Molecular": []})
    settings = keyword_settings("Molecular", notify=NOTIFY)
    report = run(settings, Adapters(MemoryStore(anchor_readme()), source, (notifier,)), NOW)
    assert notifier.delivered == []
    assert report.notified == ()


def test_a_dry_run_sends_nothing_and_says_what_each_notifier_would_send() -> None:
    notifier, mail = FakeNotifier(), FakeNotifier("mail")
    source = FakeSource({"Molecular": [NEW_MOLECULE]})
    settings = keyword_settings("Molecular", notify=NOTIFY, dry_run=True)
    store = MemoryStore(anchor_readme())
    report = run(settings, Adapters(store, source, (notifier, mail)), NOW)
    assert (notifier.delivered, mail.delivered, store.writes) == ([], [], [])
    assert [(n.channel, n.url, n.error) for n in report.notified] == [
        (ISSUE_CHANNEL, "", None),
        ("mail", "", None),
    ]
    assert all(re.fullmatch(r"would send \d+ characters", n.preview or "") for n in report.notified)
    assert report.dry_run


def test_a_failed_notifier_costs_only_its_own_delivery_after_the_commit() -> None:
    store = MemoryStore(anchor_readme())
    failing = FakeNotifier(error=NotifyError("the issues of octo/papers are turned off"))
    other = FakeNotifier("mail")
    source = FakeSource({"Molecular": [NEW_MOLECULE]})
    report = run(keyword_settings("Molecular"), Adapters(store, source, (failing, other)), NOW)
    assert report.committed and len(store.writes) == 1
    assert report.notified == (
        Notified(ISSUE_CHANNEL, error="the issues of octo/papers are turned off"),
        Notified("mail", "https://example.org/mail/1"),
    )
    assert len(other.delivered) == 1


def _empty_day(now: datetime, previous: date) -> str:
    """The job summary of a run at ``now`` on the anchor README last updated on ``previous``,
    for which arXiv returns one paper the table lists and two the filters drop."""
    listed = paper(arxiv_id="2504.04770", updated=date(2025, 4, 7), categories=("q-bio.BM",))
    cross_list = paper(
        arxiv_id="2504.09998",
        updated=date(2025, 4, 8),
        categories=("cs.LG", "q-bio.BM"),
        primary_category="cs.LG",
    )
    elsewhere = paper(arxiv_id="2504.09997", updated=date(2025, 4, 6), categories=("math.CO",))
    section = keyword_section("Molecular", categories=("q-bio",), primary_only=True)
    store = MemoryStore(_dated(anchor_readme(), previous))
    source = FakeSource({"Molecular": [cross_list, listed, elsewhere]})
    report = run(RunSettings((section,)), Adapters(store, source), now)
    assert report.new_papers == []
    assert section_lines(report, report.fetches[0])[0] == (
        "arXiv returned 3 papers, the newest updated 2025-04-08; "
        "dropped 1 by categories, 1 by primary-only; 1 already listed"
    )
    return summary_markdown(report)


def test_an_empty_day_after_arxivs_weekend_says_arxiv_announced_nothing() -> None:
    sunday = datetime(2026, 11, 22, 6, tzinfo=UTC)
    summary = _empty_day(sunday, previous=date(2026, 11, 21))
    assert "### Why nothing is new" in summary
    assert (
        "arXiv has announced nothing since the previous update (2026-11-21): it announces "
        "Sunday to Thursday at 20:00 US Eastern, but not on Friday, Saturday or its holidays, "
        "and its last announcement was on Thursday 2026-11-19"
    ) in summary
    assert (
        "- **Molecular**: arXiv returned 3 papers, the newest updated 2025-04-08; "
        "dropped 1 by categories, 1 by primary-only; 1 already listed\n"
    ) in summary


def test_an_empty_weekday_counts_each_sections_papers_without_blaming_arxiv() -> None:
    tuesday = datetime(2026, 11, 24, 6, tzinfo=UTC)
    summary = _empty_day(tuesday, previous=date(2026, 11, 23))
    assert "### Why nothing is new" in summary and "- **Molecular**: arXiv returned 3" in summary
    assert "announced nothing" not in summary


def test_the_run_records_arxivs_last_announcement_only_on_an_empty_day() -> None:
    sunday = datetime(2026, 11, 22, 6, tzinfo=UTC)
    store = MemoryStore(_dated(anchor_readme(), date(2026, 11, 21)))
    settings = keyword_settings("Molecular")
    quiet = run(settings, Adapters(store, FakeSource({"Molecular": []})), sunday)
    assert quiet.arxiv_silent_since == datetime(2026, 11, 19, 20, tzinfo=ARXIV_TIME_ZONE)
    store = MemoryStore(_dated(anchor_readme(), date(2026, 11, 21)))
    busy = run(settings, Adapters(store, FakeSource({"Molecular": [NEW_MOLECULE]})), sunday)
    assert busy.arxiv_silent_since is None
    assert "Why nothing is new" not in summary_markdown(busy)


def _tldr_writer(models: ModelsEmulator, clock: FakeClock) -> TldrWriter:
    settings = TldrSettings("openai/gpt-4.1-mini", models.url, "key")
    return tldr_client(settings, clock, clock.sleep).write_tldrs


def test_only_papers_new_to_the_readme_get_a_tldr_in_place_of_show(
    models: ModelsEmulator, clock: FakeClock
) -> None:
    listed = paper(arxiv_id="2504.04770", updated=date(2025, 4, 7))
    revised = paper(arxiv_id="2504.04654", version=2, updated=date(2025, 4, 8))
    store = MemoryStore(anchor_readme())
    source = FakeSource({"Molecular": [NEW_MOLECULE, revised, listed]})
    adapters = Adapters(store, source, write_tldrs=_tldr_writer(models, clock))
    report = run(keyword_settings("Molecular"), adapters, NOW)
    (request,) = models.requests
    assert models.paper_ids(request) == ["2504.09999", "2504.04654"]
    assert report.committed and report.tldr_problems == ()
    text = store.text or ""
    assert f"<details><summary>{tldr_of('2504.09999')}</summary><p>Abstract.</p>" in text
    assert f"<details><summary>{tldr_of('2504.04654')}</summary>" in text
    shows = anchor_readme().count("<summary>Show</summary>")
    assert text.count("<summary>Show</summary>") == shows - 1  # the revised row was Show
    assert report.new_papers[0][1].tldr == tldr_of("2504.09999")


def test_a_failed_tldr_leaves_show_and_the_update_is_committed(
    models: ModelsEmulator, clock: FakeClock
) -> None:
    models.script = [ModelReply(503)]
    store = MemoryStore(anchor_readme())
    adapters = Adapters(
        store, FakeSource({"Molecular": [NEW_MOLECULE]}), write_tldrs=_tldr_writer(models, clock)
    )
    report = run(keyword_settings("Molecular"), adapters, NOW)
    assert report.committed and report.tldr_problems == ("1 papers: HTTP 503 from the model's API",)
    assert "2504.09999" in (store.text or "")
    assert "grows" not in (store.text or "")


def test_a_tldr_reaches_the_papers_file_the_feed_and_the_digest_and_stays(
    models: ModelsEmulator, clock: FakeClock
) -> None:
    store = MemoryStore(anchor_readme())
    notifier = FakeNotifier()
    files = ExtraFileSettings(feeds_dir="feeds", papers_file="papers.json")
    settings = keyword_settings("Molecular", extra_files=files, notify=NOTIFY)
    source = FakeSource({"Molecular": [NEW_MOLECULE]})
    write_tldrs = _tldr_writer(models, clock)
    run(settings, Adapters(store, source, (notifier,), write_tldrs), NOW)
    sentence = tldr_of("2504.09999")
    ((digest, _),) = notifier.delivered
    assert f": {sentence}" in digest.body
    assert f"TL;DR: {sentence}" in store.files["feeds/molecular.xml"]
    # The next run finds the paper again, not new: it is not summarised again, and keeps its TL;DR.
    later = datetime(2026, 11, 25, 12, tzinfo=UTC)
    run(settings, Adapters(store, source, write_tldrs=_tldr_writer(models, clock)), later)
    assert len(models.requests) == 1
    records = {p["id"]: p for p in json.loads(store.files["papers.json"])["papers"]}
    assert records["2504.09999"]["tldr"] == sentence


def test_a_write_refused_once_keeps_the_tldrs_written_before_it(
    models: ModelsEmulator, clock: FakeClock
) -> None:
    store = MemoryStore(anchor_readme(), conflicts=1)
    source = FakeSource({"Molecular": [NEW_MOLECULE]})
    adapters = Adapters(store, source, write_tldrs=_tldr_writer(models, clock))
    report = run(keyword_settings("Molecular"), adapters, NOW)
    assert report.committed and len(models.requests) == 1
    assert f"<details><summary>{tldr_of('2504.09999')}</summary>" in (store.text or "")


def test_a_table_that_stays_as_it_is_still_counts_what_arxiv_returned() -> None:
    """The runs the breakdown exists for: every paper arXiv returns is listed already, or new
    but older than every row the cap keeps; the table does not change, and the log and the
    summary count both."""
    listed = [paper(arxiv_id=f"2411.0000{n}", updated=date(2026, 11, 22 - n)) for n in range(3)]
    section = keyword_section("K", max_papers=3)
    store = MemoryStore(None)
    run(RunSettings((section,)), Adapters(store, FakeSource({"K": listed})), NOW)
    older = paper(arxiv_id="2411.00009", updated=date(2026, 11, 1))
    answer = [listed[0], listed[1], older]
    again = run(RunSettings((section,)), Adapters(store, FakeSource({"K": answer})), NOW)
    assert again.new_papers == [] and len(store.writes) == 1
    expected = (
        "arXiv returned 3 papers, the newest updated 2026-11-22; 2 already listed; "
        "1 older than every row the cap keeps"
    )
    assert section_lines(again, again.fetches[0])[0] == expected
    assert f"- **K**: {expected}\n" in summary_markdown(again)
