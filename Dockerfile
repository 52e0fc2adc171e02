# The daily-papers action image. BASE_IMAGE lets tests build on a locally made base.
ARG BASE_IMAGE=python:3.12-slim
FROM ${BASE_IMAGE}

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

COPY pyproject.toml constraints.txt README.md LICENSE entrypoint.py /app/
COPY dailypapers /app/dailypapers
RUN python3 -m pip install --no-compile -c /app/constraints.txt /app \
    && rm -rf /app/build /app/*.egg-info

ENTRYPOINT ["python3", "/app/entrypoint.py"]
