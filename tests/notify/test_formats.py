"""The digest in plain text, Markdown and HTML, and fitted to a service's message size: pure
functions, checked without a service."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dailypapers.domain.change import SectionChange
from dailypapers.domain.interfaces import Digest
from dailypapers.domain.paper import Paper
from dailypapers.notify.digest import render_digest
from dailypapers.notify.fitting import MAX_MESSAGES, Limits, Message, fit_messages
from dailypapers.notify.formats import FORMATS, HTML, MARKDOWN, TEXT, digest_blocks
from tests.factories import TODAY, paper, render_like_github

README_URL = "https://github.com/octo/papers/blob/HEAD/README.md"


def _paper(number: int, **fields: object) -> Paper:
    values: dict[str, object] = {
        "arxiv_id": f"2411.{number:05d}",
        "title": f"Paper number {number}",
        "updated": date(2026, 11, 22),
        "authors": ("Ada Lovelace", "Alan Turing"),
        "link": f"https://arxiv.org/abs/2411.{number:05d}v1",
        **fields,
    }
    return paper(**values)  # type: ignore[arg-type]


def _digest(*sections: tuple[str, tuple[Paper, ...]]) -> Digest:
    digest = render_digest(
        [SectionChange(heading, added=papers) for heading, papers in sections], TODAY, README_URL
    )
    assert digest is not None
    return digest


ODD = _paper(
    1,
    title="A <b>bold</b> [claim] *really* _here_ | @everyone `x` ~y~ & more\nwrapped",
    authors=("@octocat", "B", "C", "D", "E"),
    version=3,
    tldr="It shows <that> $x^2$ grows *fast*.",
)
PLAIN = _paper(2)
DIGEST = _digest(("Diffusion", (ODD,)), ("Graph Neural Networks", (PLAIN,)))


@pytest.mark.parametrize("form", FORMATS)
def test_each_format_names_every_paper_with_its_link_authors_date_and_tldr(form: str) -> None:
    blocks = digest_blocks(DIGEST, form)
    text = blocks.intro + "".join(h + "".join(p) for h, p in blocks.sections)
    assert blocks.total == 2 and "2 new or updated papers" in blocks.intro
    assert README_URL in blocks.intro
    for heading in ("Diffusion (1)", "Graph Neural Networks (1)"):
        assert heading in text
    for link in (ODD.url, PLAIN.url):
        assert link in text
    assert "2026-11-22, version 3" in text and "et al." in text
    assert "Paper number 2" in text and "Ada Lovelace, Alan Turing" in text
    assert "TL;DR" in text and "x^2$ grows" in text
    assert "@everyone" not in text and "@octocat" not in text  # nobody is pinged
    assert "\nwrapped" not in text  # arXiv's line breaks folded


def test_markdown_escapes_what_would_be_markup_and_links_to_the_abstract_page() -> None:
    blocks = digest_blocks(DIGEST, MARKDOWN)
    (odd,) = blocks.sections[0][1]
    assert odd.startswith(
        "- **[A \\<b\\>bold\\</b\\> \\[claim\\] \\*really\\* \\_here\\_ \\| @\u200beveryone "
        f"\\`x\\` \\~y\\~ & more wrapped]({ODD.url})** by @\u200boctocat, B, C et al. "
        "(2026-11-22, version 3): TL;DR: It shows \\<that\\> $x^2$ grows \\*fast\\*."
    )
    html = render_like_github(blocks.intro + "".join(h + "".join(p) for h, p in blocks.sections))
    assert re.findall(r'<a href="([^"]+)"', html) == [README_URL, ODD.url, PLAIN.url]
    assert "<b>" not in html and "<em>" not in html and "<code>" not in html


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.links: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            return
        self.open.append(tag)
        self.links += [value or "" for name, value in attrs if name == "href"]

    def handle_endtag(self, tag: str) -> None:
        self.balanced &= bool(self.open) and self.open.pop() == tag


def test_html_escapes_text_and_every_block_is_whole() -> None:
    blocks = digest_blocks(DIGEST, HTML)
    for block in (blocks.intro, *(b for h, p in blocks.sections for b in (h, *p))):
        elements = _Elements()
        elements.feed(block)
        assert elements.balanced and elements.open == [], block
    (odd,) = blocks.sections[0][1]
    assert "&lt;b&gt;bold&lt;/b&gt;" in odd and "&amp; more" in odd
    assert f'<a href="{ODD.url}"><b>A &lt;b&gt;' in odd
    assert "<i>TL;DR: It shows &lt;that&gt; $x^2$ grows *fast*.</i>" in odd


def test_plain_text_writes_each_link_out() -> None:
    (plain,) = digest_blocks(DIGEST, TEXT).sections[1][1]
    assert plain == (
        f"- Paper number 2\n  {PLAIN.url}\n  by Ada Lovelace, Alan Turing (2026-11-22)\n"
    )


def _many(
    count: int, tldr: str = "A sentence of a TL;DR, about as long as models write them."
) -> Digest:
    first = tuple(_paper(n, tldr=tldr) for n in range(count // 2))
    second = tuple(_paper(n, tldr=tldr) for n in range(count // 2, count))
    return _digest(("Diffusion", first), ("Graph Neural Networks", second))


def _listed(messages: tuple[Message, ...]) -> list[str]:
    return re.findall(r"2411\.\d{5}v1", "".join(m.body for m in messages))


@pytest.mark.parametrize("form", FORMATS)
def test_a_digest_that_fits_is_one_message_titled_with_the_day(form: str) -> None:
    (message,) = fit_messages(digest_blocks(DIGEST, form), DIGEST.title, Limits(2000, 250))
    assert message.title == "New arXiv papers 2026-11-24"
    assert ODD.url in message.body and PLAIN.url in message.body


def test_a_longer_digest_is_split_between_papers_each_message_numbered_and_within_size() -> None:
    digest = _many(20)
    messages = fit_messages(digest_blocks(digest, MARKDOWN), digest.title, Limits(2000, 250))
    assert 1 < len(messages) <= MAX_MESSAGES
    assert [m.title for m in messages] == [
        f"New arXiv papers 2026-11-24 ({n}/{len(messages)})" for n in range(1, len(messages) + 1)
    ]
    assert all(len(m.title) + len(m.body) <= 2000 for m in messages)
    assert _listed(messages) == [f"2411.{n:05d}v1" for n in range(20)]  # all, in order, once
    assert "more: see" not in messages[-1].body
    # A message that goes on with a section starts with the section's heading.
    for message in messages[1:]:
        assert re.match(r"\n\*\*(Diffusion|Graph Neural Networks) \(10\)\*\*\n", message.body)


def test_what_does_not_fit_in_four_messages_is_cut_with_a_link_to_the_readme() -> None:
    digest = _many(200)
    messages = fit_messages(digest_blocks(digest, HTML), digest.title, Limits(2000, 250))
    assert len(messages) == MAX_MESSAGES
    listed = _listed(messages)
    assert 0 < len(listed) < 200
    assert messages[-1].body.endswith(
        f'<p>... and {200 - len(listed)} more: see <a href="{README_URL}">the README</a>.</p>\n'
    )
    assert all(len(m.title) + len(m.body) <= 2000 for m in messages)


def test_a_service_without_titles_gets_the_title_in_each_body() -> None:
    digest = _many(30)
    messages = fit_messages(digest_blocks(digest, HTML), digest.title, Limits(4096, 0))
    assert len(messages) > 1
    for number, message in enumerate(messages, 1):
        assert message.title == ""
        assert message.body.startswith(
            f"<b>New arXiv papers 2026-11-24 ({number}/{len(messages)})</b><br>\n"
        )
        assert len(message.body) <= 4096


def test_a_message_that_holds_a_line_gets_the_introduction_cut_to_fit() -> None:
    (message,) = fit_messages(digest_blocks(_many(4), TEXT), "New arXiv papers", Limits(160, 0))
    assert len(message.body) <= 160
    assert message.body.startswith("New arXiv papers\n\n4 new or updated papers in the README")


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(1, 60),
    body=st.integers(120, 5000),
    title=st.sampled_from([0, 32, 250]),
    form=st.sampled_from(FORMATS),
    tldr=st.text(max_size=300),
)
def test_every_message_fits_and_lists_papers_in_order_or_says_how_many_it_left_out(
    count: int, body: int, title: int, form: str, tldr: str
) -> None:
    digest = _many(count, tldr)
    messages = fit_messages(digest_blocks(digest, form), digest.title, Limits(body, title))
    assert 1 <= len(messages) <= MAX_MESSAGES
    assert all(len(m.title) + len(m.body) <= body for m in messages)
    assert all(len(m.title) <= max(title, 0) for m in messages)
    listed = _listed(messages)
    assert listed == [f"2411.{n:05d}v1" for n in range(len(listed))]
    left = re.search(r"\.\.\. and (\d+) more", messages[-1].body)
    if len(listed) == count:
        assert left is None
    elif left is not None:
        assert int(left[1]) == count - len(listed)
    else:  # not even one paper fits: the introduction alone, which names the README
        assert listed == [] and len(messages) == 1
