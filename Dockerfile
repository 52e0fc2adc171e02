# The daily-papers action image. BASE_IMAGE lets a test build on a locally made base instead.
ARG BASE_IMAGE=python:3.12-slim
FROM ${BASE_IMAGE}

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

COPY pyproject.toml constraints.txt README.md LICENSE /app/
COPY dailypapers /app/dailypapers
# Dependencies at the pinned versions; bytecode is compiled here, once, so that every run starts
# fast. The source copy goes: the entry point must import the installed package.
RUN python3 -m pip install --no-cache-dir -c /app/constraints.txt /app \
    && rm -rf /app/build /app/*.egg-info /app/dailypapers /app/pyproject.toml

COPY entrypoint.py /app/entrypoint.py
ENTRYPOINT ["python3", "/app/entrypoint.py"]
