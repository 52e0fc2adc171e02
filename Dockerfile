# The daily-papers action image. BASE_IMAGE lets a test build on a locally made base instead.
ARG BASE_IMAGE=python:3.12-slim
FROM ${BASE_IMAGE}

# The release passes the repository it builds from and the version it publishes; the source
# label links the GHCR package to that repository.
ARG SOURCE=https://github.com/org/daily-papers
ARG VERSION=dev
LABEL org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.description="Keep a README's tables of the newest arXiv papers per keyword up to date." \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}"

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

COPY pyproject.toml constraints.txt README.md LICENSE /app/
COPY dailypapers /app/dailypapers
# Dependencies at the pinned versions; bytecode is compiled here, once, so that every run starts
# fast. The source copy goes: the entry point must import the installed package. PyGithub pulls
# in cryptography (and cffi's parser) for GitHub App authentication, which signs a JWT; the
# action sends a token, so they go too (16 MB). Apprise pulls in click for its command line and
# PyYAML for its YAML configuration files, neither of which the action uses: they go too (4 MB).
# The import check (the package, PyGithub, Apprise parsing a URL) fails the build if that ever
# stops being true.
RUN python3 -m pip install --no-cache-dir -c /app/constraints.txt /app \
    && python3 -m pip uninstall --yes --no-cache-dir cryptography pycparser click PyYAML \
    && python3 -c "import dailypapers.entry.cli, github; from dailypapers.notify.apprise import load_service; assert load_service('mailtos://user:password@example.org')" \
    && rm -rf /app/build /app/*.egg-info /app/dailypapers /app/pyproject.toml

COPY entrypoint.py /app/entrypoint.py
ENTRYPOINT ["python3", "/app/entrypoint.py"]
