"""An HTTP receiver on 127.0.0.1 that records every POST: what Apprise's ``json://`` (and other
webhook) URLs send to. It answers 200 unless told to answer otherwise, or to hang: then it reads
the request and answers nothing until the test ends, as a server that never replies does.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from tests.emulators.server import Handler, Server


@dataclass(frozen=True)
class Post:
    """One POST as received: its path, its headers and its body, which ``json`` reads."""

    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


class Receiver:
    """Records POSTs; ``status`` is what it answers, ``hang`` makes it answer nothing."""

    def __init__(self, status: int = 200, hang: bool = False) -> None:
        self.status = status
        self.hang = hang
        self.posts: list[Post] = []
        self.released = threading.Event()
        self.server = Server(_ReceiverHandler, self)

    def url(self, path: str = "/hook", scheme: str = "json") -> str:
        """The Apprise URL that posts to this receiver at ``path``."""
        return self.server.base_url.replace("http", scheme, 1) + path

    def __enter__(self) -> Receiver:
        self.server.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.released.set()
        self.server.stop()


class _ReceiverHandler(Handler):
    def do_POST(self) -> None:
        receiver: Receiver = self.server.emulator  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        receiver.posts.append(Post(self.path, dict(self.headers), self.rfile.read(length)))
        if receiver.hang:
            receiver.released.wait()
            return
        self.send_json(receiver.status, {})
