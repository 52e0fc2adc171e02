"""The files around the code: action.yml, the Dockerfile, the workflows and README.md.

They must agree with the code on every input and output, and pass the checks GitHub and
hadolint apply.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from dailypapers.config.file import parse_config_file
from dailypapers.config.from_inputs import action_settings
from dailypapers.config.inputs import ACTION_INPUTS, INPUTS, LOCAL_INPUTS
from dailypapers.domain.project import __version__
from dailypapers.domain.settings import ConfigFile
from dailypapers.entry.report import action_outputs
from dailypapers.notify.apprise import url_problem
from dailypapers.readme.merge import MergeResult
from dailypapers.run import RunReport
from tests.factories import fixture_path, paper

ROOT = Path(__file__).resolve().parent.parent
ENV = {"GITHUB_REPOSITORY": "octo/papers"}


def _action() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "action.yml").read_text())  # type: ignore[no-any-return]


def _doc(name: str) -> str:
    return (ROOT / "docs" / name).read_text()


def _user_docs() -> str:
    """README.md and every page of docs/, as one text."""
    pages = sorted((ROOT / "docs").glob("*.md"))
    return "\n".join(path.read_text() for path in [ROOT / "README.md", *pages])


def _inputs_table() -> str:
    return _doc("inputs.md").split("## Inputs\n", 1)[1].split("\n#", 1)[0]


def test_inputs_declared_are_exactly_those_the_config_reads() -> None:
    assert tuple(_action()["inputs"]) == ACTION_INPUTS


def test_action_defaults_are_the_declared_defaults() -> None:
    declared = {name: str(spec.get("default", "")) for name, spec in _action()["inputs"].items()}
    assert declared == {spec.name: spec.default for spec in INPUTS}
    assert declared["github-token"] == "${{ github.token }}"
    assert _action()["inputs"]["keywords"]["required"] is False  # config-file can replace it
    given = {"keywords": "Diffusion", "github-token": "ghs_x"}
    with_defaults = {**declared, **given}
    assert action_settings(with_defaults, ENV, url_problem=url_problem) == action_settings(
        given, ENV, url_problem=url_problem
    )


def test_no_default_sends_the_github_token_or_asks_github_models() -> None:
    declared = _action()["inputs"]
    for name in ("summary-model", "summary-api-url", "summary-api-key"):
        assert declared[name]["default"] == ""
    defaults = "\n".join(str(spec.get("default", "")) for spec in declared.values())
    assert "models.github.ai" not in defaults and defaults.count("github.token") == 1
    assert "models.github.ai" not in _user_docs().replace(
        "`https://models.github.ai`: GitHub retired GitHub Models", ""
    )


def test_outputs_declared_are_exactly_those_written() -> None:
    report = RunReport("octo/papers:README.md", (), MergeResult("", changed=False))
    assert list(_action()["outputs"]) == list(action_outputs(report))


def test_the_docs_document_every_input_and_nothing_else() -> None:
    table = _inputs_table()
    assert re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.MULTILINE) == list(ACTION_INPUTS)
    shown = dict(re.findall(r"^\| `([a-z-]+)` \| ([^|]*) \|", table, flags=re.MULTILINE))
    for spec in INPUTS:  # a declared default as written; an empty one said in words, "(none)"
        if spec.default:
            assert shown[spec.name] == f"`{spec.default}`", spec.name
        else:
            assert shown[spec.name].startswith("("), spec.name


def test_the_docs_usage_lists_every_flag_and_nothing_else() -> None:
    usage = _doc("development.md").split("daily-papers --readme PATH", 1)[1]
    flags = set(re.findall(r"--[a-z-]+", usage.split("```", 1)[0]))
    assert flags == {str(spec.flag) for spec in LOCAL_INPUTS} | {"--version"}


def test_the_docs_name_each_flag_that_is_not_its_inputs_name_and_each_input_without_one() -> None:
    said = _doc("development.md").split("The flags of `daily-papers`", 1)[1].split("```", 1)[0]
    for spec in INPUTS:
        if spec.flag is None:
            assert f"`{spec.name}`" in said or spec.name == "summary-api-key", spec.name
        elif spec.flag != f"--{spec.name}":
            assert f"`{spec.flag}`" in said and f"`{spec.name}`" in said, spec.flag
    renamed = {spec.flag for spec in INPUTS if spec.flag and spec.flag != f"--{spec.name}"}
    assert renamed == set(re.findall(r"`(--[a-z-]+)`", said))


def test_the_layout_table_lists_every_module_and_nothing_else() -> None:
    layout = _doc("development.md").split("## Layout\n", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `(dailypapers/[\w/]+\.py)` \|", layout, flags=re.MULTILINE)
    modules = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "dailypapers").rglob("*.py")
        if path.name not in {"__init__.py", "__main__.py"}
    }
    assert sorted(listed) == sorted(modules)
    layers = re.findall(r"^\| \*\*`(\w+)/`\*\* \|", layout, flags=re.MULTILINE)
    assert sorted(layers) == sorted(
        p.parent.name for p in (ROOT / "dailypapers").glob("*/__init__.py")
    )
    named = re.findall(r"^\| `([\w/.-]+)`", layout, flags=re.MULTILINE)
    assert [path for path in named if not (ROOT / path).exists()] == []


def test_nothing_in_the_project_points_into_shared() -> None:
    """The project stands alone; only the replay runs extra cases from shared/ when it is there."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    pointing = [
        path
        for path in tracked
        if path.endswith((".py", ".md", ".toml", ".yml", ".sh", "Makefile", "Dockerfile"))
        and path not in {"tests/test_project_files.py", "tests/readme/test_dailyarxiv.py"}
        and re.search(
            r"\.\./shared/|\bshared/(?:fixtures|reference|hooks)", (ROOT / path).read_text()
        )
    ]
    assert pointing == []


def _version() -> str:
    found = re.search(r'^version = "([^"]+)"$', (ROOT / "pyproject.toml").read_text(), re.M)
    assert found is not None
    return found[1]


def test_the_action_runs_the_dockerfile_or_the_image_the_release_published() -> None:
    runs = _action()["runs"]
    assert runs["using"] == "docker"
    # A release commit points at the image it pushed, tagged with the version it set.
    assert runs["image"] == "Dockerfile" or re.fullmatch(
        rf"docker://ghcr\.io/[a-z0-9._-]+/[a-z0-9._-]+:{re.escape(_version())}", runs["image"]
    )
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["python3", "/app/entrypoint.py"]' in dockerfile
    assert re.search(r"^(USER|WORKDIR)\b", dockerfile, flags=re.MULTILINE) is None


def _workflows(text: str) -> list[dict[str, Any]]:
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    return [yaml.safe_load(block) for block in blocks if "jobs:" in block]


def test_the_examples_use_only_declared_inputs() -> None:
    workflows = _workflows(_user_docs())
    assert len(workflows) == 4
    for workflow in workflows:
        step = workflow["jobs"]["papers"]["steps"][0]
        assert set(step["with"]) <= set(ACTION_INPUTS)
        assert workflow["permissions"]["contents"] == "write"
    first, site = _workflows((ROOT / "README.md").read_text())
    assert first["permissions"] == {"contents": "write"}
    # The TL;DR example: a provider's API with its own key from a secret.
    (tldr,) = _workflows(_doc("tldr.md"))
    tldrs = tldr["jobs"]["papers"]["steps"][0]["with"]
    assert tldrs["summary-api-key"] == "${{ secrets.OPENAI_API_KEY }}"
    assert tldrs["summary-model"] and tldrs["summary-api-url"] == "https://api.openai.com/v1"
    assert tldr["permissions"] == {"contents": "write"}
    # The migration example: DailyArXiv's settings, and the issue it opened every day.
    (migrating,) = _workflows(_doc("migrating.md"))
    migration = migrating["jobs"]["papers"]["steps"][0]["with"]
    assert (migration["keyword-match"], migration["time-zone"]) == ("auto", "Asia/Shanghai")
    assert migrating["permissions"]["issues"] == "write" and migration["open-issue"] is True
    # The site example: the action writes it, the next steps deploy it with GitHub Pages.
    assert site["permissions"] == {"contents": "write", "pages": "write", "id-token": "write"}
    (action, upload) = site["jobs"]["papers"]["steps"]
    assert upload["uses"] == "actions/upload-pages-artifact@v4"
    assert upload["with"]["path"] == action["with"]["site-dir"]
    deploy = site["jobs"]["deploy"]
    assert deploy["needs"] == "papers" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"] == [{"id": "deployment", "uses": "actions/deploy-pages@v4"}]


def test_the_readme_shows_a_working_workflow_within_its_first_60_lines() -> None:
    head = "\n".join((ROOT / "README.md").read_text().splitlines()[:60])
    workflow = _workflows(head + "\n```")[0]
    (step,) = workflow["jobs"]["papers"]["steps"]
    assert step["uses"].endswith("@v1") and step["with"]["keywords"]


def _tool(name: str) -> str:
    """A command installed beside the interpreter running the tests (the project's venv)."""
    return str(Path(sys.executable).with_name(name))


def _check(*command: str) -> None:
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_action_yml_matches_githubs_metadata_schema() -> None:
    _check(_tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", "action.yml")


def test_workflows_match_githubs_workflow_schema() -> None:
    workflows = sorted(str(path) for path in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert [Path(path).name for path in workflows] == ["ci.yml", "release.yml"]
    _check(_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *workflows)


def test_the_package_reports_the_version_pyproject_sets() -> None:
    assert __version__ == _version()


def test_actionlint_and_zizmor_find_nothing_in_the_workflows() -> None:
    _check(_tool("actionlint"), *sorted(str(p) for p in (ROOT / ".github/workflows").glob("*.yml")))
    run = subprocess.run(
        [_tool("zizmor"), "--offline", ".github/"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0 and "No findings to report" in run.stdout + run.stderr, run.stdout


def test_every_action_the_workflows_use_is_pinned_by_commit_with_its_version() -> None:
    uses = [
        line.split("uses:", 1)[1].strip()
        for path in (ROOT / ".github/workflows").glob("*.yml")
        for line in path.read_text().splitlines()
        if line.lstrip(" -").startswith("uses:")
    ]
    remote = [use for use in uses if not use.startswith("./")]
    assert remote
    for use in remote:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", use), use
    dependabot = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text())
    ecosystems = {update["package-ecosystem"] for update in dependabot["updates"]}
    assert ecosystems == {"github-actions", "pip"}


def test_the_release_sets_the_version_labels_the_image_and_checks_an_anonymous_pull() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text())
    steps = workflow["jobs"]["release"]["steps"]
    runs = [str(step.get("run", "")) for step in steps]
    order = {
        what: next(index for index, run in enumerate(runs) if marker in run)
        for what, marker in {
            "version": 'sed -i "s/^version = ',
            "test": "bash .ci/run",
            "push": "docker push",
            "anonymous pull": "docker pull",
            "major tag": 'git push --force origin "$major"',
        }.items()
    }
    assert list(order) == sorted(order, key=order.__getitem__)  # in this order
    pull = runs[order["anonymous pull"]]
    assert "docker logout" in runs[order["push"]] and "docker image rm" in pull
    assert "Change visibility" in pull and "exit 1" in pull
    assert '--build-arg "SOURCE=' in runs[order["push"]]
    dockerfile = (ROOT / "Dockerfile").read_text()
    for label in ("source", "description", "licenses", "version"):
        assert f"org.opencontainers.image.{label}=" in dockerfile
    checkouts = [step for step in steps if "actions/checkout" in str(step.get("uses", ""))]
    assert all(step["with"]["persist-credentials"] is False for step in checkouts)


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    _check(_tool("hadolint"), "--failure-threshold", "info", "Dockerfile")


def test_dockerignore_lets_only_the_image_files_through() -> None:
    allowed = [
        line.removeprefix("!")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.startswith("!")
    ]
    assert "*" in (ROOT / ".dockerignore").read_text().splitlines()
    copied = re.findall(r"^COPY (.+) /app/", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    sources = {name for line in copied for name in line.split()}
    assert {name.rstrip("/") for name in allowed} == sources


def test_every_test_the_reliability_table_names_exists() -> None:
    text = (ROOT / "docs" / "reliability.md").read_text()
    named = set(re.findall(r"`(tests/(?:\w+/)?test_\w+\.py)::(test_\w+)`", text))
    assert len(named) > 40
    missing = [
        f"{path}::{name}"
        for path, name in sorted(named)
        if not re.search(rf"^def {name}\(", (ROOT / path).read_text(), re.MULTILINE)
    ]
    assert missing == []


def test_the_readmes_config_file_example_is_valid_and_the_tested_fixture() -> None:
    (example,) = re.findall(r"```toml\n(.*?)```", _doc("config-file.md"), re.S)
    fixture = fixture_path("config/daily-papers.toml").read_text()
    assert fixture.split("\n", 1)[1] == example
    assert len(parse_config_file(example, ConfigFile(".github/daily-papers.toml"))) == 2


def test_make_run_installs_the_runtime_dependencies_only() -> None:
    """A new user's first command must not pull the test and bench tools (about 400 MB)."""
    rules = re.findall(
        r"^([$()\w./-]+):([^\n]*)\n((?:\t[^\n]*\n)*)", (ROOT / "Makefile").read_text(), re.M
    )
    prerequisites = {target: deps.split() for target, deps, _ in rules}
    recipes = {target: recipe for target, _, recipe in rules}
    assert prerequisites["run"] == ["install"]
    assert prerequisites["install"] == ["$(VENV)/.runtime"]
    assert "-e ." in recipes["$(VENV)/.runtime"] and "[" not in recipes["$(VENV)/.runtime"]
    assert "'.[test,bench]'" in recipes["$(VENV)/.dev"]
    assert prerequisites["test"] == ["lint"] and prerequisites["lint"] == ["install-dev"]


def test_the_papers_json_output_description_names_each_field_a_record_has() -> None:
    described = _action()["outputs"]["papers-json"]["description"]
    named = re.findall(r"[a-z_]+", described.split("fields", 1)[1])
    fields = [name for name in named if name != "and"]
    record = {"heading": "", **paper(arxiv_id="2411.00001").to_json()}
    assert fields == list(record)
