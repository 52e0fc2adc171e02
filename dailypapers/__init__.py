"""daily-papers: keep a README's tables of the newest arXiv papers per keyword up to date."""

from importlib.metadata import version

# The version is the installed package's, set in one place: pyproject.toml.
__version__ = version("daily-papers")
# Where the action's source is published: the one value to replace when publishing it under
# another owner/name (the README's "org/daily-papers" too). The User-Agent and the feeds name it.
PROJECT_URL = "https://github.com/org/daily-papers"
# Who asks, in every request the action sends (to arXiv, GitHub and a TL;DR model's API).
USER_AGENT = f"daily-papers/{__version__} (+{PROJECT_URL})"
