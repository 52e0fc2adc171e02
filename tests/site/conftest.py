"""The site tests' browser: Debian's chromium through its chromedriver, one per module.

Without chromium the browser tests skip, saying so loudly with the command that installs it;
under CI=true they fail instead, so that CI never passes without them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.site.helpers import chromium, chromium_in_ci_or_skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = chromium_in_ci_or_skip()
    if reason:
        print(f"\n{reason}\n")
        pytest.skip(reason)
    with chromium() as driver:
        yield driver
