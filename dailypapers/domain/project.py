"""Who the action is, as every request and every file it writes says: its version, where its
source is published, and the User-Agent built from them."""

from __future__ import annotations

from importlib.metadata import version

# The version is the installed package's, set in one place: pyproject.toml.
__version__ = version("daily-papers")
# Where the action's source is published, when the runner does not say which repository it runs
# the action from (GITHUB_ACTION_REPOSITORY: a fork or a copy names itself there).
PROJECT_URL = "https://github.com/org/daily-papers"
# Who asks, in every request the action sends (to arXiv, GitHub and a TL;DR model's API).
USER_AGENT = f"daily-papers/{__version__} (+{PROJECT_URL})"


def project_url(action_repository: str = "") -> str:
    """Where the action runs from: the repository the runner names (a fork or a copy names
    itself), else where this package is published."""
    return f"https://github.com/{action_repository}" if action_repository else PROJECT_URL


def user_agent(action_repository: str = "", repository: str = "") -> str:
    """The User-Agent every service the run asks sees (arXiv, GitHub, a TL;DR model): where the
    action runs from and the repository it runs for, so that they can tell whom to contact."""
    run_for = f"; for https://github.com/{repository}" if repository else ""
    return f"daily-papers/{__version__} (+{project_url(action_repository)}{run_for})"
