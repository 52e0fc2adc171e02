"""The page of one paper: a link a reader can share, readable without the site's script, and
what the search index reads of the paper.

The index (Pagefind) reads the words of the page's main part (title, authors, TL;DR, abstract),
the paper's record as the site's data files hold it (metadata, which a search result shows), its
filters (sections, categories, has code) and its sort keys (date, relevance). The record's long
texts (title, TL;DR, abstract) are read as metadata from the elements that show them, and the
rest from one JSON value: the page holds each text once.
"""

from __future__ import annotations

import html
import json

PAPERS_FOLDER = "p"
ARXIV = "https://arxiv.org"
# The record's fields that the index reads from the elements showing them, not from its JSON.
SHOWN_FIELDS = ("title", "tldr", "abstract")


def paper_page_path(arxiv_id: str) -> str:
    """Where a paper's page is in the site; an old-style id's slash becomes an underscore."""
    return f"{PAPERS_FOLDER}/{arxiv_id.replace('/', '_')}.html"


def paper_page(record: dict[str, object]) -> bytes:
    """The page of the paper of a site record (:meth:`SitePaper.record`)."""
    text = html.escape
    title, arxiv_id = text(str(record["title"])), text(str(record["id"]))
    meta = [str(record["date"]), ", ".join(_strings(record["authors"]))]
    meta += [", ".join(_strings(record["categories"])), ", ".join(_strings(record["sections"]))]
    words = [f'<p class="meta">{text(" · ".join(part for part in meta if part))}</p>']
    if record["tldr"]:
        tldr = f'<span data-pagefind-meta="tldr">{text(str(record["tldr"]))}</span>'
        words.append(f'<p class="tldr"><strong>TL;DR:</strong> {tldr}</p>')
    if record["abstract"]:
        words.append(f'<p data-pagefind-meta="abstract">{text(str(record["abstract"]))}</p>')
    page = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light dark"><link rel="icon" href="data:,">'
        f'<link rel="stylesheet" href="../site.css"><title>{title}</title></head><body>'
        f'<p><a href="../">All papers</a></p><div hidden>{_index_keys(record)}</div>'
        f'<main data-pagefind-body><article class="paper" data-arxiv-id="{arxiv_id}">'
        f'<h1 data-pagefind-meta="title">{title}</h1>{"".join(words)}</article></main>'
        f"{_links(record)}</body></html>\n"
    )
    return page.encode("utf-8")


def _index_keys(record: dict[str, object]) -> str:
    text = html.escape
    keys = [("section", s) for s in _strings(record["sections"])]
    keys += [("category", c) for c in _strings(record["categories"])]
    keys += [("code", "yes")] if record["code"] else []
    relevance = record["relevance"]
    rest = {field: value for field, value in record.items() if field not in SHOWN_FIELDS}
    return (
        f'<span data-pagefind-meta="paper">{text(json.dumps(rest, ensure_ascii=False))}</span>'
        + "".join(f'<span data-pagefind-filter="{k}">{text(v)}</span>' for k, v in keys)
        + f'<span data-pagefind-sort="date">{text(str(record["date"]) or "0000")}</span>'
        + f'<span data-pagefind-sort="relevance">{-1 if relevance is None else relevance}</span>'
    )


def _links(record: dict[str, object]) -> str:
    arxiv_id = html.escape(str(record["id"]))
    links = [
        ("Abstract page", f"{ARXIV}/abs/{arxiv_id}"),
        ("PDF", f"{ARXIV}/pdf/{arxiv_id}"),
        ("HTML", f"{ARXIV}/html/{arxiv_id}"),
    ]
    links += [("Code", html.escape(str(record["code"])))] if record["code"] else []
    return '<p class="actions">' + " ".join(f'<a href="{u}">{t}</a>' for t, u in links) + "</p>"


def _strings(value: object) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []
