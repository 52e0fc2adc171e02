"""The GitHub emulator: the REST calls the action makes, split by API behind one route table."""

from tests.emulators.github.emulator import API_PREFIX, GitHubEmulator
from tests.emulators.github.state import CONTENTS_LIMIT, Commit, Fault, Repo, blob_sha

__all__ = ["API_PREFIX", "CONTENTS_LIMIT", "Commit", "Fault", "GitHubEmulator", "Repo", "blob_sha"]
