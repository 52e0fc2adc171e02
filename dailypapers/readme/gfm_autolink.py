"""The links GFM makes of bare addresses, as cmark-gfm's autolink extension finds them: a URL
after ``http://``, ``https://`` or ``ftp://``, a ``www.`` address, an e-mail address.

A bare address runs on to the next white space or ``<``, then gives back trailing punctuation,
an unmatched ``)`` and an entity-like ``&name;``; what stands in the line as written is what it
links, escapes and entities included. The scans work on UTF-8 bytes, as cmark-gfm's do.
"""

from __future__ import annotations

from dailypapers.readme.gfm_scan import ASCII_SPACE, is_punctuation, is_space

_TRAILING = frozenset(b"?!.,:*_~'\"")
_SCHEMES = (b"http://", b"https://", b"ftp://")
_BEFORE_WWW = frozenset(b"*_~(") | ASCII_SPACE
_PROTOCOLS = (b"mailto:", b"xmpp:")


def url_autolink(line: bytes, colon: int) -> tuple[int, int, int] | None:
    """The link a ``://`` at ``colon`` makes: its start, its end, and where its scan stopped."""
    if len(line) - colon < 4 or line[colon + 1 : colon + 3] != b"//":
        return None
    start = colon
    while start > 0 and chr(line[start - 1]).isascii() and chr(line[start - 1]).isalpha():
        start -= 1
    if not any(_is_scheme(line, start, scheme) for scheme in _SCHEMES):
        return None
    domain = _domain_length(line[colon + 3 :], allow_short=True)
    if domain == 0:
        return None
    return _delimited(line, start, colon + 3 + domain)


def www_autolink(line: bytes, start: int) -> tuple[int, int, int] | None:
    """The link a ``www.`` at ``start`` makes: its start, its end, and where its scan stopped."""
    if start > 0 and line[start - 1] not in _BEFORE_WWW:
        return None
    if not line.startswith(b"www.", start):
        return None
    domain = _domain_length(line[start:], allow_short=False)
    return None if domain == 0 else _delimited(line, start, start + domain)


def _is_scheme(line: bytes, start: int, scheme: bytes) -> bool:
    after = start + len(scheme)
    return (
        len(line) > after
        and line[start:after].lower() == scheme
        and _is_host_character(line, after)
    )


def _is_host_character(line: bytes, index: int) -> bool:
    character = _character_at(line, index)
    return character is not None and not is_space(character) and not is_punctuation(character)


def _character_at(line: bytes, index: int) -> str | None:
    """The character whose UTF-8 sequence starts at ``index``, None inside one."""
    for length in range(1, 5):
        try:
            return line[index : index + length].decode("utf-8")
        except UnicodeDecodeError:
            continue
    return None


def _domain_length(data: bytes, allow_short: bool) -> int:
    index, dots, underscores_before, underscores = 1, 0, 0, 0
    while index < len(data) - 1:
        if data[index] == ord("\\") and index < len(data) - 2:
            index += 1
        if data[index] == ord("_"):
            underscores += 1
        elif data[index] == ord("."):
            underscores_before, underscores, dots = underscores, 0, dots + 1
        elif data[index] != ord("-") and not _is_host_character(data, index):
            break
        index += 1
    if (underscores_before or underscores) and dots <= 10:
        return 0
    return index if allow_short or dots else 0


def _delimited(line: bytes, start: int, domain_end: int) -> tuple[int, int, int] | None:
    scanned = domain_end
    while scanned < len(line) and line[scanned] not in ASCII_SPACE and line[scanned] != ord("<"):
        scanned += 1
    length = trimmed_length(line[start:scanned])
    return None if length == 0 else (start, start + length, scanned)


def trimmed_length(link: bytes) -> int:
    """How much of a bare address's run GFM links, once it gives its end back."""
    end = link.find(b"<") if b"<" in link else len(link)
    opening, closing = link.count(b"(", 0, end), link.count(b")", 0, end)
    while end > 0:
        last = link[end - 1]
        if last == ord(")"):
            if closing <= opening:
                return end
            closing, end = closing - 1, end - 1
        elif last in _TRAILING:
            end -= 1
        elif last == ord(";"):
            name_start = end - 2
            while (
                name_start > 0
                and chr(link[name_start]).isascii()
                and chr(link[name_start]).isalpha()
            ):
                name_start -= 1
            entity_like = name_start < end - 2 and link[name_start] == ord("&")
            end = name_start if entity_like else end - 1
        else:
            return end
    return end


def email_autolinks(text: bytes) -> list[tuple[int, int]]:
    """Where the e-mail addresses GFM links in a run of text start and end (``mailto:`` and
    ``xmpp:`` included where they stand before one)."""
    found: list[tuple[int, int]] = []
    lower = 0
    while (at := text.find(b"@", lower)) >= 0:
        start = _local_part_start(text, lower, at)
        if start == at:
            lower = at + 1
            continue
        linked, lower = _domain(text, at)
        if linked:
            found.append((start, lower))
    return found


def _local_part_start(text: bytes, lower: int, at: int) -> int:
    start = at
    while start > lower and _extends_local_part(text, lower, start):
        start -= 1
    return start


def _extends_local_part(text: bytes, lower: int, start: int) -> bool:
    before = text[start - 1]
    if before == ord(":"):
        return any(_protocol_before(text, lower, start, protocol) for protocol in _PROTOCOLS)
    return chr(before).isascii() and (chr(before).isalnum() or before in b".+-_")


def _protocol_before(text: bytes, lower: int, colon_end: int, protocol: bytes) -> bool:
    begin = colon_end - len(protocol)
    if begin < lower or text[begin:colon_end] != protocol:
        return False
    return begin == lower or not (chr(text[begin - 1]).isascii() and chr(text[begin - 1]).isalnum())


def _domain(text: bytes, at: int) -> tuple[bool, int]:
    """Whether the address whose ``@`` is at ``at`` is linked, and where it ends; or where to
    look on from when it is not (after its ``@`` when its domain holds another)."""
    end, dots = at + 1, 0
    while end < len(text):
        byte = text[end]
        if byte == ord("@"):
            return False, at + 1
        following = text[end + 1 : end + 2]
        if byte == ord(".") and following.isascii() and following.isalnum():
            dots += 1
        elif not (chr(byte).isascii() and chr(byte).isalnum()) and byte not in b"-_":
            break
        end += 1
    last = chr(text[end - 1])
    if end - at < 2 or dots == 0 or not (last.isascii() and (last.isalpha() or last == ".")):
        return False, end
    length = trimmed_length(text[at:end])
    return (False, at + 1) if length == 0 else (True, at + length)
