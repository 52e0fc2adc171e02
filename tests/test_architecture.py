"""The package's shape: layers whose imports point one way (the import-linter contract in
pyproject.toml, run here as `lint-imports`), no import cycle among the top-level parts, the
protocols the run talks through in one module, few errors under one base, a docstring that says
why each module exists, and the line budgets of readme/ and config/."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import grimp

import dailypapers
from dailypapers.domain.errors import DailyPapersError

PACKAGE = Path(dailypapers.__file__).parent
ROOT = PACKAGE.parent
MAX_ERROR_CLASSES = 10
# Lines a part may take, all its modules counted with their docstrings, as `wc -l` counts them.
PART_LINE_BUDGETS = {"readme": 2_000, "config": 1_200}


def _package_classes() -> list[type]:
    """Every class defined in the package's modules."""
    found = []
    for module_info in pkgutil.walk_packages([str(PACKAGE)], "dailypapers."):
        if module_info.name == "dailypapers.__main__":
            continue
        module = importlib.import_module(module_info.name)
        found += [
            member
            for _, member in inspect.getmembers(module, inspect.isclass)
            if member.__module__ == module.__name__
        ]
    return found


def test_the_import_contract_holds() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_no_import_cycle_among_the_top_level_parts() -> None:
    """Counting imports under TYPE_CHECKING too: a cycle there is a cycle of understanding."""
    graph = grimp.build_graph("dailypapers", include_external_packages=False)
    parts = sorted(
        module for module in graph.find_children("dailypapers") if module != "dailypapers.__main__"
    )
    imports = {
        (importer, imported)
        for importer in parts
        for imported in parts
        if importer != imported
        and graph.chain_exists(importer, imported, as_packages=True)
        and graph.chain_exists(imported, importer, as_packages=True)
    }
    assert sorted(imports) == []


def test_the_layers_are_subpackages_that_say_what_they_own() -> None:
    packages = sorted(path.parent.name for path in PACKAGE.glob("*/__init__.py"))
    assert {"domain", "entry", "steps", "readme", "config"} <= set(packages)
    for package in packages:
        docstring = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
        assert docstring, f"dailypapers/{package}/__init__.py says what the layer owns"


def test_every_module_says_why_it_exists() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        assert ast.get_docstring(ast.parse(path.read_text())), f"{path} has no module docstring"


def test_the_protocols_the_run_talks_through_are_in_one_module() -> None:
    protocols = {
        f"{cls.__module__}.{cls.__name__}"
        for cls in _package_classes()
        if getattr(cls, "_is_protocol", False)
    }
    assert protocols
    assert {name.rsplit(".", 1)[0] for name in protocols} == {"dailypapers.domain.interfaces"}


def test_few_errors_each_under_one_base() -> None:
    errors = [cls for cls in _package_classes() if issubclass(cls, BaseException)]
    assert [cls.__qualname__ for cls in errors if not issubclass(cls, DailyPapersError)] == []
    assert len(errors) <= MAX_ERROR_CLASSES, sorted(cls.__qualname__ for cls in errors)


def test_the_readme_and_config_parts_stay_within_their_line_budgets() -> None:
    """readme/ once held a Python model of GitHub's renderer, cmark-gfm, to judge its rows by; the
    rows are judged by cmark-gfm itself now (cmarkgfm), and the budget is there so that no model of
    the renderer grows back in its place. config/ once parsed the same values twice, the action's
    inputs and the config file's keys each its own way; its budget keeps it from growing back
    into two of everything. A part past its budget asks what it has taken on that a library, or
    another part, already does."""
    for part, budget in PART_LINE_BUDGETS.items():
        lines = sum(path.read_text().count("\n") for path in (PACKAGE / part).rglob("*.py"))
        assert lines <= budget, f"dailypapers/{part}/ has {lines} lines, more than {budget}"
