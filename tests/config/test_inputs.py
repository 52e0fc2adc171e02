import ast
import dataclasses
from pathlib import Path

import pytest

from dailypapers.config.from_inputs import action_settings, local_settings
from dailypapers.config.inputs import (
    ACTION_INPUTS,
    INPUTS,
    LOCAL_INPUTS,
)
from dailypapers.config.section import keyword_section, keyword_sections
from dailypapers.domain.errors import ConfigError
from dailypapers.domain.pages import PageSettings
from dailypapers.domain.project import user_agent
from dailypapers.domain.section import SeedInputs
from dailypapers.domain.settings import (
    DEFAULT_ARXIV_API_URL,
    ActionSettings,
    ArxivSettings,
    ConfigFile,
    ExtraFileSettings,
    GitHubSettings,
    IssueSettings,
    NotifySettings,
    RunSettings,
    TldrSettings,
)
from dailypapers.entry.arguments import local_parser, local_values
from dailypapers.notify.apprise import url_problem

ENV = {"GITHUB_REPOSITORY": "octo/papers", "GITHUB_API_URL": "https://ghe.example.com/api/v3"}


def _inputs(**overrides: str) -> dict[str, str]:
    inputs = {"keywords": "Diffusion\nGraph Neural Networks\n", "github-token": "ghs_x"}
    inputs.update({key.replace("_", "-"): value for key, value in overrides.items()})
    return inputs


def _problems(inputs: dict[str, str], env: dict[str, str] = ENV) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        action_settings(inputs, env, url_problem=url_problem)
    return raised.value.problems


def test_defaults_fill_every_optional_input() -> None:
    settings = action_settings(_inputs(), ENV, url_problem=url_problem)
    assert settings == ActionSettings(
        run=RunSettings(
            sections=keyword_sections(("Diffusion", "Graph Neural Networks")),
            arxiv=ArxivSettings(),
            dry_run=False,
            user_agent=user_agent("", "octo/papers"),
            extra_files=ExtraFileSettings(
                feed_id_prefix="https://github.com/octo/papers/blob/HEAD/"
            ),
            notify=NotifySettings(readme_url="https://github.com/octo/papers/blob/HEAD/README.md"),
        ),
        github=GitHubSettings(
            repository="octo/papers", api_url="https://ghe.example.com/api/v3", token="ghs_x"
        ),
    )


def test_every_input_is_read() -> None:
    settings = action_settings(
        _inputs(
            max_papers="50",
            categories="cs, stat\neess.IV",
            readme_path="docs/papers.md",
            branch="refs/heads/papers",
            commit_message="chore: papers",
            dry_run="true",
            arxiv_api_url="http://127.0.0.1:9/api/query",
            request_interval="0.5",
        ),
        {"GITHUB_REPOSITORY": "octo/papers"},
        url_problem=url_problem,
    )
    assert settings.run.sections == keyword_sections(
        ("Diffusion", "Graph Neural Networks"), 50, ("cs", "stat", "eess.IV")
    )
    assert settings.run.arxiv == ArxivSettings("http://127.0.0.1:9/api/query", 0.5)
    assert settings.run.user_agent == user_agent("", "octo/papers")
    assert settings.github == GitHubSettings(
        repository="octo/papers",
        api_url="https://api.github.com",
        token="ghs_x",
        readme_path="docs/papers.md",
        branch="papers",
    )
    assert settings.run.commit_message == "chore: papers"
    assert settings.run.dry_run is True


def test_keywords_drop_blank_lines_and_fold_inner_whitespace() -> None:
    settings = action_settings(
        _inputs(keywords="\n  Graph   Neural Networks \n\n LLM\n"), ENV, url_problem=url_problem
    )
    headings = [section.heading for section in settings.run.sections]
    assert headings == ["Graph Neural Networks", "LLM"]


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"keywords": " \n \n"}, "input 'keywords': no keyword given"),
        ({"keywords": "Diffusion\ndiffusion"}, "'diffusion' repeats 'Diffusion'"),
        ({"keywords": 'say "hi"'}, "contains '\"'"),
        ({"keywords": "a | b"}, "contains '|'"),
        ({"keywords": "C# tips"}, "contains '#'"),
        ({"keywords": "[link](x)"}, "contains '[' ']'"),
        ({"keywords": "x" * 101}, "shorten it to at most 100"),
        ({"keywords": "\n".join(f"k{i}" for i in range(101))}, "list at most 100"),
        ({"max_papers": "0"}, "input 'max-papers': '0' is not a whole number from 1 to 2000"),
        ({"max_papers": "-5"}, "'-5' is not a whole number"),
        ({"max_papers": "ten"}, "'ten' is not a whole number"),
        ({"max_papers": "2001"}, "from 1 to 2000"),
        ({"max_papers": "1e3"}, "'1e3' is not a whole number"),
        ({"categories": "cs, physic, cs.XX"}, "unknown arXiv categories 'physic', 'cs.XX'"),
        ({"readme_path": "../README.md"}, "input 'readme-path': '../README.md' is not a file path"),
        ({"readme_path": "/etc/passwd"}, "is not a file path inside the repository"),
        ({"readme_path": "docs//x.md"}, "is not a file path"),
        ({"readme_path": "docs\\x.md"}, "is not a file path"),
        ({"branch": "feature..x"}, "input 'branch': 'feature..x' is not a valid branch name"),
        ({"branch": "-rf"}, "is not a valid branch name"),
        ({"branch": "a b"}, "is not a valid branch name"),
        ({"branch": "x.lock"}, "is not a valid branch name"),
        ({"github_token": " "}, "input 'github-token': no token"),
        ({"dry_run": "yes"}, "input 'dry-run': 'yes' is neither true nor false"),
        ({"arxiv_api_url": "ftp://x"}, "input 'arxiv-api-url': 'ftp://x' is not an http(s) URL"),
        ({"request_interval": "soon"}, "input 'request-interval': 'soon' is not a number"),
        ({"request_interval": "-1"}, "is not a number of seconds"),
        ({"request_interval": "1"}, "below the 3 s arXiv asks for"),
        ({"keyword_match": "both"}, "input 'keyword-match': 'both' is not one of auto, "),
        ({"primary_only": "yes"}, "input 'primary-only': 'yes' is neither true nor false"),
        ({"summary_model": "gpt 4"}, "input 'summary-model': 'gpt 4' is not a model name"),
        (
            {
                "summary_model": "m",
                "summary_api_url": "https://api.openai.com/v1",
                "summary_api_key": "",
            },
            "input 'summary-api-key': no key for the model's API; pass that API's own key from a "
            "repository secret",
        ),
        (
            {
                "summary_model": "m",
                "summary_api_url": "https://api.openai.com/v1",
                "summary_api_key": "ghs_x",
            },
            "input 'summary-api-key': this is a GitHub token, which is sent to GitHub's API and "
            "nowhere else",
        ),
        (
            {
                "summary_model": "m",
                "summary_api_url": "https://api.openai.com/v1",
                "summary_api_key": "github_pat_11AB",
            },
            "input 'summary-api-key': this is a GitHub token",
        ),
        (
            {
                "summary_model": "m",
                "summary_api_url": "https://api.openai.com/v1",
                "summary_api_key": "k\nX-Injected: 1",
            },
            "input 'summary-api-key': the token holds a space, a line break",
        ),
        (
            {"summary_model": "m", "summary_api_key": "k"},
            "input 'summary-api-url': no API for summary-model; set it to the base URL of an "
            "OpenAI-compatible API, such as https://api.openai.com/v1",
        ),
        (
            {"summary_model": "m", "summary_api_key": "k", "summary_api_url": "models.github.ai"},
            "input 'summary-api-url': 'models.github.ai' is not an http(s) URL",
        ),
        (
            {
                "summary_model": "m",
                "summary_api_key": "k",
                "summary_api_url": "https://models.github.ai/inference",
            },
            "input 'summary-api-url': GitHub retired GitHub Models on 2026-07-30 and "
            "models.github.ai serves no model any more; set it to another OpenAI-compatible API",
        ),
        (
            {
                "summary_model": "m",
                "summary_api_url": "https://api.openai.com/v1",
                "summary_api_key": "k",
                "summary_language": "x" * 41,
            },
            "input 'summary-language': ",
        ),
        (
            {
                "summary_model": "m",
                "summary_api_url": "https://api.openai.com/v1",
                "summary_api_key": "k",
                "summary_max_papers": "0",
            },
            "input 'summary-max-papers': '0' is not a whole number from 1 to 1000",
        ),
        (
            {
                "summary_model": "m",
                "summary_api_url": "https://api.openai.com/v1",
                "summary_api_key": "k",
                "summary_batch_tokens": "100",
            },
            "input 'summary-batch-tokens': '100' is not a whole number from 500 to 1000000",
        ),
        ({"columns": "Title, Date, Stars"}, "input 'columns': unknown column 'Stars'; choose from"),
        ({"columns": "Date, Title"}, "input 'columns': must start with Title and include Date"),
        ({"time_zone": "Asia"}, "input 'time-zone': 'Asia' is not an IANA time zone"),
        ({"time_zone": "CET+1"}, "input 'time-zone': 'CET+1' is not an IANA time zone"),
        ({"time_zone": "/etc/localtime"}, "is not an IANA time zone"),
    ],
)
def test_each_bad_input_is_named_with_its_fix(overrides: dict[str, str], fragment: str) -> None:
    problems = _problems(_inputs(**overrides))
    assert len(problems) == 1
    assert fragment in problems[0]


def test_all_problems_are_reported_together() -> None:
    problems = _problems(_inputs(keywords="", max_papers="0", branch="..", github_token=""), env={})
    assert [problem.split(":")[0] for problem in problems] == [
        "input 'keywords'",
        "input 'max-papers'",
        "input 'branch'",
        "input 'github-token'",
        "GITHUB_REPOSITORY (set by the runner)",
    ]


def test_polite_interval_is_only_enforced_against_arxiv() -> None:
    settings = local_settings(
        ["LLM"],
        {"arxiv-api-url": "http://127.0.0.1:8080/api/query", "request-interval": "0"},
        url_problem=url_problem,
    )
    assert settings.arxiv.request_interval == 0 and not isinstance(settings.sections, ConfigFile)
    with pytest.raises(ConfigError, match="--request-interval: 0 s is below"):
        local_settings(
            ["LLM"],
            {"arxiv-api-url": DEFAULT_ARXIV_API_URL, "request-interval": "0"},
            url_problem=url_problem,
        )


def test_local_settings_name_the_flags() -> None:
    with pytest.raises(ConfigError) as raised:
        local_settings(
            ["a", "A"], {"max-papers": "x", "arxiv-api-url": "nope"}, url_problem=url_problem
        )
    assert [problem.split(":")[0] for problem in raised.value.problems] == [
        "--keyword",
        "--max-papers",
        "--arxiv-url",
    ]


def test_a_flag_keyword_with_a_line_break_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"--keyword: 'a\\nb' contains '\\n'"):
        local_settings(["a\nb"], {}, url_problem=url_problem)


def test_output_files_are_read_and_checked() -> None:
    settings = action_settings(
        _inputs(feeds_dir="feeds/", papers_file="data/papers.json"),
        {**ENV, "GITHUB_SERVER_URL": "https://ghe.example.com"},
        url_problem=url_problem,
    )
    assert settings.run.extra_files == ExtraFileSettings(
        "feeds", "data/papers.json", "https://ghe.example.com/octo/papers/blob/HEAD/"
    )
    assert _problems(_inputs(feeds_dir="../x", papers_file="README.md")) == [
        "input 'feeds-dir': '../x' is not a file path inside the repository; give it relative "
        "to the repository root with '/' between folders and no '..', for example docs/papers.md",
        "input 'papers-file': 'README.md' is the README itself; give the papers file its own "
        "path, such as papers.json",
    ]


def test_the_site_folder_is_read_and_checked() -> None:
    assert (
        action_settings(_inputs(site_dir="site/"), ENV, url_problem=url_problem).run.site_dir
        == "site"
    )
    assert action_settings(_inputs(), ENV, url_problem=url_problem).run.site_dir is None
    assert (
        local_settings(["a"], {"site-dir": "../web"}, url_problem=url_problem).site_dir == "../web"
    )
    assert _problems(_inputs(site_dir="/srv/site")) == [
        "input 'site-dir': '/srv/site' is not a file path inside the repository; give it "
        "relative to the repository root with '/' between folders and no '..', for example "
        "docs/papers.md",
    ]


def test_issue_inputs_are_read_and_checked() -> None:
    settings = action_settings(
        _inputs(open_issue="true", issue_labels="papers, daily\n papers ,", branch="pages"),
        ENV,
        url_problem=url_problem,
    )
    assert settings.run.notify == NotifySettings(
        "https://github.com/octo/papers/blob/pages/README.md", IssueSettings(("papers", "daily"))
    )
    problems = _problems(_inputs(open_issue="yes", issue_labels="x" * 51))
    assert [problem.split(":")[0] for problem in problems] == [
        "input 'open-issue'",
        "input 'issue-labels'",
    ]


def test_the_local_command_has_a_flag_for_each_input_that_has_one() -> None:
    parser = local_parser("9.9.9")
    flags = {option for action in parser._actions for option in action.option_strings}
    assert {str(spec.flag) for spec in LOCAL_INPUTS} <= flags
    assert set(ACTION_INPUTS) >= {spec.name for spec in LOCAL_INPUTS}
    arguments = parser.parse_args(
        ["--readme", "R.md", "--keyword", "a", "--keyword", "b", "--dry-run", "--max-papers", "5"]
    )
    keywords, raw = local_values(arguments)
    assert keywords == ["a", "b"]
    assert (raw["max-papers"], raw["dry-run"], raw["categories"]) == ("5", "true", "")
    assert local_settings(keywords, raw, url_problem=url_problem).dry_run is True
    assert "dry-run" not in local_values(parser.parse_args(["--readme", "R", "--keyword", "a"]))[1]


def test_a_bad_github_api_url_is_shown_a_github_url() -> None:
    (problem,) = _problems(_inputs(), {**ENV, "GITHUB_API_URL": "api.github.com"})
    assert problem == (
        "GITHUB_API_URL (set by the runner): 'api.github.com' is not an http(s) URL such as "
        "https://api.github.com"
    )


def test_keyword_match_and_time_zone_are_read() -> None:
    settings = action_settings(
        _inputs(keywords="LLM\nGraph Neural Networks", keyword_match="", time_zone=""),
        ENV,
        url_problem=url_problem,
    )
    assert [section.query for section in settings.run.sections] == [
        'ti:"LLM" AND abs:"LLM"',
        'ti:"Graph Neural Networks" OR abs:"Graph Neural Networks"',
    ]
    assert settings.run.time_zone == "UTC"
    chosen = action_settings(
        _inputs(keywords="LLM", keyword_match="title-or-abstract", time_zone="Asia/Shanghai"),
        ENV,
        url_problem=url_problem,
    )
    assert chosen.run.sections[0].query == 'ti:"LLM" OR abs:"LLM"'
    assert chosen.run.time_zone == "Asia/Shanghai"
    local = local_settings(
        ["LLM"],
        {"keyword-match": "title-and-abstract", "time-zone": "UTC"},
        url_problem=url_problem,
    )
    assert (local.sections[0].query, local.time_zone) == ('ti:"LLM" AND abs:"LLM"', "UTC")
    with_file = action_settings(
        _inputs(keywords="", config_file="p.toml", keyword_match="title-or-abstract"),
        ENV,
        url_problem=url_problem,
    )
    assert isinstance(with_file.run.sections, ConfigFile)
    assert with_file.run.sections.keyword_match == "title-or-abstract"


def test_primary_only_and_columns_reach_every_keyword_and_the_config_file() -> None:
    chosen = _inputs(keywords="A\nB", primary_only="true", columns="title, date, abstract, code")
    sections = action_settings(chosen, ENV, url_problem=url_problem).run.sections
    assert {(section.primary_only, section.columns) for section in sections} == {
        (True, ("Title", "Date", "Abstract", "Code"))
    }
    local = local_settings(
        ["A"], {"primary-only": "true", "columns": "Title,Date,Code"}, url_problem=url_problem
    )
    assert (local.sections[0].primary_only, local.sections[0].columns) == (
        True,
        ("Title", "Date", "Code"),
    )
    with_file = action_settings(
        _inputs(keywords="", config_file="p.toml", columns="Title,Date"),
        ENV,
        url_problem=url_problem,
    )
    assert isinstance(with_file.run.sections, ConfigFile)
    assert with_file.run.sections.columns == ("Title", "Date")
    assert action_settings(_inputs(keywords="A"), ENV, url_problem=url_problem).run.sections[
        0
    ] == keyword_section("A")


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"papers_file": "README.md"}, "input 'papers-file': 'README.md' is the README itself"),
        (
            {"keywords": "", "config_file": "papers.toml", "papers_file": "papers.toml"},
            "input 'papers-file': 'papers.toml' is the config file itself",
        ),
        (
            {"papers_file": "README.md/papers.json"},
            "input 'papers-file': 'README.md/papers.json' goes through the README ('README.md')",
        ),
        ({"feeds_dir": "README.md"}, "input 'feeds-dir': 'README.md' is the README itself"),
        (
            {"feeds_dir": "docs", "readme_path": "docs/papers.md"},
            "input 'feeds-dir': 'docs' holds the README ('docs/papers.md')",
        ),
    ],
)
def test_no_extra_file_is_written_where_the_run_reads(
    overrides: dict[str, str], problem: str
) -> None:
    assert any(found.startswith(problem) for found in _problems(_inputs(**overrides))), problem


def test_locally_the_same_file_by_another_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"--papers-file: 'README\.md' is the README itself"):
        local_settings(
            ["LLM"],
            {"papers-file": "README.md"},
            readme=str(tmp_path / "README.md"),
            url_problem=url_problem,
        )


def test_tldrs_are_off_unless_a_model_is_named_and_then_fully_set() -> None:
    assert (
        action_settings(_inputs(summary_api_key="k"), ENV, url_problem=url_problem).run.tldr
        == TldrSettings()
    )
    chosen = _inputs(
        summary_model="gpt-4.1-mini",
        summary_api_url="https://api.openai.com/v1",
        summary_api_key="sk-k",
        summary_language="Deutsch",
    )
    assert action_settings(chosen, ENV, url_problem=url_problem).run.tldr == TldrSettings(
        "gpt-4.1-mini", "https://api.openai.com/v1", "sk-k", "Deutsch", 50, 4000
    )


def test_the_workflows_own_token_is_never_the_models_key() -> None:
    inputs = _inputs(
        summary_model="m",
        summary_api_url="https://api.openai.com/v1",
        github_token="a_token_without_a_known_prefix",
        summary_api_key="a_token_without_a_known_prefix",
    )
    (problem,) = _problems(inputs)
    assert problem.startswith("input 'summary-api-key': this is a GitHub token")


def test_the_local_command_takes_the_tldr_key_from_its_own_variable_only() -> None:
    raw = {"summary-model": "gpt-4.1-mini", "summary-api-url": "https://api.openai.com/v1"}
    both = {"DAILY_PAPERS_SUMMARY_KEY": "own", "GITHUB_TOKEN": "gh"}
    assert local_settings(["A"], raw, env=both, url_problem=url_problem).tldr.api_key == "own"
    for env in ({"GITHUB_TOKEN": "gh"}, {}):
        with pytest.raises(ConfigError) as raised:
            local_settings(["A"], raw, env=env, url_problem=url_problem)
        assert raised.value.problems[0].startswith(
            "DAILY_PAPERS_SUMMARY_KEY (environment): no key for the model's API"
        )
    same = {"DAILY_PAPERS_SUMMARY_KEY": "tok", "GH_TOKEN": "tok"}
    with pytest.raises(ConfigError, match="this is a GitHub token"):
        local_settings(["A"], raw, env=same, url_problem=url_problem)
    assert "--summary-api-key" not in local_parser("1").format_help()


def test_each_input_goes_to_a_field_of_its_settings() -> None:
    groups: dict[str, type] = {
        "sections": ConfigFile, "seeds": SeedInputs, "tldr": TldrSettings, "arxiv": ArxivSettings,
        "github": GitHubSettings, "extra_files": ExtraFileSettings, "run": RunSettings,
        "pages": PageSettings, "notify": NotifySettings,
    }  # fmt: skip
    for spec in INPUTS:
        group, _, name = spec.to.partition(".")
        assert not spec.to or name in {f.name for f in dataclasses.fields(groups[group])}, spec
    assert {spec.to.partition(".")[0] for spec in INPUTS if spec.to} == set(groups)


def test_config_imports_nothing_of_ours_but_the_domain() -> None:
    folder = Path(action_settings.__code__.co_filename).parent
    nodes = [node for path in folder.glob("*.py") for node in ast.walk(ast.parse(path.read_text()))]
    imported = {node.module or "" for node in nodes if isinstance(node, ast.ImportFrom)}
    imported |= {
        alias.name for node in nodes if isinstance(node, ast.Import) for alias in node.names
    }
    ours = {name for name in imported if name.split(".")[0] == "dailypapers"}
    assert ours and all(
        name.startswith(("dailypapers.config", "dailypapers.domain")) for name in ours
    )
