"""A digest fitted to a service's message size: split between papers into a few messages, the
rest cut with a link to the README. Pure.

A digest that fits one message is sent whole. A longer one is split between papers (a section
that goes on in the next message repeats its heading there), into at most
:data:`MAX_MESSAGES` messages, numbered in their titles ("(2/3)"). What does not fit in those is
cut: the last message ends with how many papers were left out and a link to the README, which
lists them all. Splitting keeps an ordinary day whole on services with short messages (Discord
takes 2,000 characters, about six papers with their TL;DRs); the cap keeps a first run of
hundreds of papers from flooding a chat with dozens of messages, each of them a request that
services rate-limit. Every message leaves room for that last line, and for the title, which
some services write into the body.
"""

from __future__ import annotations

from dataclasses import dataclass

from dailypapers.notify.formats import DigestBlocks, more_block, title_block

# At most this many messages a digest, to any one service.
MAX_MESSAGES = 4


@dataclass(frozen=True, slots=True)
class Limits:
    """What a service's message holds: characters of the body and of the title (0 or less:
    the service shows no title, so it heads the body), and how many messages a digest may
    take."""

    body: int
    title: int
    messages: int = MAX_MESSAGES


@dataclass(frozen=True, slots=True)
class Message:
    """One message to send: its title (empty when the body carries it) and its body."""

    title: str
    body: str


def fit_messages(blocks: DigestBlocks, title: str, limits: Limits) -> tuple[Message, ...]:
    """The digest's blocks as messages within ``limits``, titled ``title``."""
    widest = _numbered(title, limits.messages, limits.messages)
    room = limits.body - len(title_block(widest, blocks.format))
    bodies = _pack(blocks, room, limits.messages) or [_cut(blocks.intro, room)]
    count = len(bodies)
    return tuple(
        _message(_numbered(title, number, count), body, blocks.format, limits)
        for number, body in enumerate(bodies, 1)
    )


def _pack(blocks: DigestBlocks, room: int, most: int) -> list[str]:
    """The messages' bodies: papers in order, each with its section's heading where the section
    starts or goes on in a new message; empty when not even the introduction fits with the
    last line."""
    room -= len(more_block(blocks.total, blocks.readme_url, blocks.format))
    if len(blocks.intro) > room:
        return []
    items = [(heading, paper) for heading, section in blocks.sections for paper in section]
    messages, shown = [[blocks.intro]], ""
    for listed, (heading, paper) in enumerate(items):
        piece = [paper] if shown == heading else [heading, paper]
        if _size(messages[-1]) + _size(piece) > room:
            piece = [heading, paper]
            if len(messages) == most or _size(piece) > room:
                left = len(items) - listed
                messages[-1].append(more_block(left, blocks.readme_url, blocks.format))
                break
            messages.append([])
        messages[-1] += piece
        shown = heading
    return ["".join(message) for message in messages]


def _size(blocks: list[str]) -> int:
    return sum(map(len, blocks))


def _numbered(title: str, number: int, count: int) -> str:
    return title if count == 1 else f"{title} ({number}/{count})"


def _message(title: str, body: str, form: str, limits: Limits) -> Message:
    if limits.title <= 0:
        return Message("", title_block(title, form) + body)
    return Message(title[: limits.title], body)


def _cut(text: str, room: int) -> str:
    """The introduction alone, cut to the room there is: for services whose messages hold no
    more than a line (an SMS holds 160 characters)."""
    return text if len(text) <= room else text[: max(room - 3, 0)] + "..."
