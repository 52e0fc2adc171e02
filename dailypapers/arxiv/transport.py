"""One request to the arXiv API and its answer, bounded in time and in size, and what went wrong
with it: a throttle, a sign that arXiv is down, or a refusal not worth repeating.

The whole answer has a deadline, from the request to its last byte: the read timeout alone
bounds each read, so that a server that trickles a byte at a time would hold a run for as long
as it likes; each read is given what is left of the deadline at most. A body is cut off past a
size no real answer reaches, and a body that does not open as arXiv's feeds open is not read on.
No redirect to another host is followed: arXiv's own from http to https, on its host, is.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from dailypapers.arxiv.feed import NOT_A_FEED
from dailypapers.arxiv.policy import RetryPolicy
from dailypapers.domain.errors import SourceError, SourceUnavailable
from dailypapers.pacing.hints import retry_after_seconds

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Every recorded answer (tests/fixtures/arxiv) opens with its XML declaration and <feed: a body
# with no "<feed" in its first 4 KiB is no feed, however long it goes on.
_FEED_OPENING = b"<feed"
_OPENING_BYTES = 4096
# An answer that is not the feed (HTTP 400 carries arXiv's error feed, under 1 KB): enough of it.
_REFUSAL_BYTES = 65536
_READ_BYTES = 65536
_DEFAULT_PORTS = {"http": 80, "https": 443}


def same_host_or_https_upgrade(origin: str, target: str) -> bool:
    """Whether a redirect from ``origin`` to ``target`` stays on the same host and port, or goes
    from http to https on the same host (each on its default port)."""
    before, after = urlsplit(origin), urlsplit(target)
    if before.hostname is None or before.hostname != after.hostname:
        return False
    if before.scheme == after.scheme:
        return _port(before.scheme, before.port) == _port(after.scheme, after.port)
    upgrade = (before.scheme, after.scheme) == ("http", "https")
    return upgrade and before.port in {None, 80} and after.port in {None, 443}


def _port(scheme: str, port: int | None) -> int | None:
    return port if port is not None else _DEFAULT_PORTS.get(scheme)


class Exchange:
    """One request and its answer: its status and its body, within the policy's deadline."""

    def __init__(
        self, session: requests.Session, policy: RetryPolicy, clock: Callable[[], float]
    ) -> None:
        self.session = session
        self.policy = policy
        self.clock = clock
        self.started = clock()

    def answer(self, url: str, max_results: int) -> tuple[int, bytes]:
        """The status and body of the answer to ``url``, after at most one redirect on arXiv's
        host; a throttle or a sign that arXiv is down raises :class:`SourceUnavailable`."""
        target = url
        for _ in range(2):
            with self._get(target) as response:
                location = _redirect(response, target)
                if location is None:
                    return response.status_code, self._body(response, max_results)
            target = location
        raise SourceError(f"arXiv redirected {url} more than once, not followed", url=url)

    def _remaining(self) -> float:
        return self.policy.request_deadline_seconds - (self.clock() - self.started)

    def _get(self, url: str) -> requests.Response:
        connect, read = self.policy.timeout
        left = max(self._remaining(), 0.001)
        try:
            timeout = (min(connect, left), min(read, left))
            response = self.session.get(url, timeout=timeout, stream=True, allow_redirects=False)
        except requests.ConnectionError as error:
            why = _unreachable(error)
            if why:
                raise SourceUnavailable(why, gone=True) from error
            raise self._broken(error) from error
        except requests.Timeout as error:
            raise self._broken(error) from error
        except requests.RequestException as error:
            raise SourceError(f"request to {url} failed: {error}", url=url) from error
        _raise_for_throttle_or_server_error(response)
        return response

    def _body(self, response: requests.Response, max_results: int) -> bytes:
        """The body of an answer (a refusal's first bytes only), unless the deadline passes
        first, or a feed's goes on too long or does not open as a feed."""
        refusal = response.status_code != 200
        limit = _REFUSAL_BYTES if refusal else self.policy.max_body_bytes(max_results)
        chunks: list[bytes] = []
        size = 0
        try:
            while size <= limit and (chunk := self._read_some(response)):
                chunks.append(chunk)
                size += len(chunk)
                # Once the first 4 KiB are in: no feed, no reading on.
                if not refusal and size - len(chunk) < _OPENING_BYTES <= size:
                    _check_opening(b"".join(chunks))
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise self._broken(error) from error
        body = b"".join(chunks)
        if refusal:
            return body[:limit]
        if size > limit:
            raise SourceUnavailable(
                f"the answer went on past {limit / 1e6:.1f} MB, more than any answer of "
                f"{max_results} entries; cut off there",
                down_sign=f"a body over {limit / 1e6:.1f} MB",
                status=200,
            )
        _check_opening(body)
        return body

    def _read_some(self, response: requests.Response) -> bytes:
        """What has arrived of the body, waiting at most for the read timeout or what is left
        of the deadline, whichever is shorter."""
        left = self._remaining()
        if left <= 0:
            deadline = self.policy.request_deadline_seconds
            raise SourceUnavailable(
                f"the answer took over {deadline:g} s to arrive",
                down_sign=f"an answer slower than {deadline:g} s",
                status=response.status_code,
            )
        connection = response.raw.connection
        if connection is not None and connection.sock is not None:
            connection.sock.settimeout(min(self.policy.timeout[1], left))
        return bytes(response.raw.read1(_READ_BYTES, decode_content=True))

    def _broken(self, error: Exception) -> SourceUnavailable:
        """A connection that broke, timed out or was cut: a sign that arXiv is down."""
        connect, read = self.policy.timeout
        reason = f"{type(error).__name__}: {error}"
        if isinstance(error, requests.ConnectTimeout):
            return SourceUnavailable(reason, down_sign=f"no connection within {connect:g} s")
        if isinstance(error, requests.Timeout | urllib3.exceptions.TimeoutError | TimeoutError):
            if self._remaining() <= 0:
                deadline = self.policy.request_deadline_seconds
                return SourceUnavailable(reason, down_sign=f"an answer slower than {deadline:g} s")
            return SourceUnavailable(reason, down_sign=f"no answer within {read:g} s")
        return SourceUnavailable(reason, down_sign="a broken connection")


def _raise_for_throttle_or_server_error(response: requests.Response) -> None:
    """Throttling (429) and server errors (5xx) are retried; their bodies are never read."""
    status = response.status_code
    if status == 429 or status >= 500:
        response.close()
        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        raise SourceUnavailable(
            f"HTTP {status}",
            down_sign="" if status == 429 else f"HTTP {status}",
            retry_after=retry_after,
            status=status,
        )


def _redirect(response: requests.Response, url: str) -> str | None:
    """Where a redirect on arXiv's host leads, None when the answer is no redirect; a redirect
    elsewhere is refused."""
    if response.status_code not in _REDIRECTS:
        return None
    target = urljoin(url, response.headers.get("Location", ""))
    if not same_host_or_https_upgrade(url, target):
        raise SourceError(
            f"arXiv redirected to another host ({target}), not followed; check arxiv-api-url",
            status=response.status_code,
            url=url,
        )
    return target


def _check_opening(opening: bytes) -> None:
    if _FEED_OPENING not in opening[:_OPENING_BYTES]:
        raise SourceUnavailable(
            "the answer is not an Atom feed (no <feed> at its start)",
            down_sign=NOT_A_FEED,
            status=200,
        )


def _unreachable(error: requests.ConnectionError) -> str:
    """Why arXiv cannot be reached at all (no such host, connection refused), else ''."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, urllib3.exceptions.NameResolutionError):
            return "no such host"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        cause = getattr(cause, "reason", None) or cause.__cause__ or cause.__context__
    return ""
