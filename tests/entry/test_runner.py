import io
from pathlib import Path

import pytest

from dailypapers.entry.runner import (
    SUMMARY_LIMIT,
    Workflow,
    escape_data,
    escape_property,
    input_variable,
    read_inputs,
)


@pytest.mark.parametrize(
    ("name", "variable"),
    [
        ("keywords", "INPUT_KEYWORDS"),
        ("max-papers", "INPUT_MAX-PAPERS"),
        ("github-token", "INPUT_GITHUB-TOKEN"),
        ("odd name", "INPUT_ODD_NAME"),
    ],
)
def test_input_variables_are_named_as_the_runner_names_them(name: str, variable: str) -> None:
    assert input_variable(name) == variable


def test_unset_inputs_read_as_empty() -> None:
    env = {"INPUT_KEYWORDS": "a\nb", "INPUT_MAX_PAPERS": "5"}
    assert read_inputs(("keywords", "max-papers"), env) == {"keywords": "a\nb", "max-papers": ""}


def test_messages_and_properties_are_escaped() -> None:
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    stream = io.StringIO()
    Workflow(stream, {}).command("error", "line1\nline2", file="docs/R.md", title="a: b, c")
    assert stream.getvalue() == "::error file=docs/R.md,title=a%3A b%2C c::line1%0Aline2\n"


def test_group_mask_and_notices() -> None:
    stream = io.StringIO()
    workflow = Workflow(stream, {})
    workflow.mask("ghs_secret")
    workflow.mask("")
    with workflow.group("Diffusion"):
        workflow.log("3 new")
    workflow.warning("careful", title="T")
    workflow.notice("done")
    assert stream.getvalue().splitlines() == [
        "::add-mask::ghs_secret",
        "::group::Diffusion",
        "3 new",
        "::endgroup::",
        "::warning title=T::careful",
        "::notice::done",
    ]


def test_outputs_use_a_delimiter_for_multiline_values(tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.write_text("earlier=1\n")
    Workflow(io.StringIO(), {"GITHUB_OUTPUT": str(output)}).set_outputs(
        {"changed": "true", "papers-json": "[\n1\n]"}
    )
    lines = output.read_text().splitlines()
    assert lines[:3] == ["earlier=1", "changed=true", lines[2]]
    name, delimiter = lines[2].split("<<")
    assert name == "papers-json"
    assert delimiter.startswith("ghadelimiter_")
    assert lines[3:] == ["[", "1", "]", delimiter]


def test_without_runner_files_outputs_and_summary_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    stream = io.StringIO()
    workflow = Workflow(stream, {})
    workflow.set_outputs({"changed": "false"})
    workflow.add_summary("# nothing")
    assert (stream.getvalue(), list(tmp_path.iterdir())) == ("", [])


def test_summary_is_appended_and_cut_to_the_limit(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    workflow = Workflow(io.StringIO(), {"GITHUB_STEP_SUMMARY": str(summary)})
    workflow.add_summary("first\n")
    workflow.add_summary("é" * SUMMARY_LIMIT)
    data = summary.read_bytes()
    assert data.startswith(b"first\n")
    assert len(data) <= SUMMARY_LIMIT
    assert data.decode().endswith("(cut to fit GitHub's 1 MiB summary limit)*\n")
