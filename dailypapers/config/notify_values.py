"""The parser of the notify input: Apprise URLs, one a line, each parsed by Apprise (which sends
nothing) before any request. A problem names the line and the URL's scheme at most, never the
URL itself, which holds credentials."""

from __future__ import annotations

from dailypapers.domain.errors import InvalidValue


def parse_notify_urls(raw: str, unit: str = "line") -> tuple[str, ...]:
    """The URLs, in order, each once; blank lines are skipped. ``unit`` names what a line is in
    problems: the action's input is counted in lines, the local command's flags in URLs."""
    urls = [(number, line.strip()) for number, line in enumerate(raw.splitlines(), 1)]
    urls = [(number, url) for number, url in urls if url]
    if not urls:
        return ()
    # Apprise and its hundred plugins take a fifth of a second to load: only runs that notify
    # through it load it.
    from dailypapers.notify.apprise import url_problem

    problems = [(number, url_problem(url)) for number, url in urls]
    refused = [f"{unit} {number}: {problem}" for number, problem in problems if problem]
    if refused:
        raise InvalidValue(
            "; ".join(refused) + " (the URL is not repeated here: it holds credentials). Write "
            "each URL as Apprise's documentation gives its service, one a line, such as "
            "mailtos://user:app-password@smtp.example.org?to=me@example.org or "
            "discord://webhook_id/webhook_token"
        )
    return tuple(dict.fromkeys(url for _, url in urls))
