"""The package's shape, as the README's layout describes it: layers as subpackages, the
interfaces in one module, every error under one base, and modules and functions short enough to
read at once."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import dailypapers
from dailypapers.domain.errors import DailyPapersError

PACKAGE = Path(dailypapers.__file__).parent
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40
MAX_PARAMETERS = 6


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _functions(path: Path) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = ast.parse(path.read_text())
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    arguments = function.args
    names = [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
    return [name for name in names if name not in {"self", "cls"}]


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


def test_the_layers_are_subpackages() -> None:
    packages = sorted(path.parent.name for path in PACKAGE.glob("*/__init__.py"))
    assert len(packages) >= 4
    for package in packages:
        docstring = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
        assert docstring, f"dailypapers/{package}/__init__.py says what the layer owns"


def test_every_module_says_why_it_exists_and_stays_short() -> None:
    for path in _modules():
        text = path.read_text()
        assert ast.get_docstring(ast.parse(text)), f"{path} has no module docstring"
        assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{path} is over {MAX_MODULE_LINES}"


def test_functions_are_short_and_take_few_parameters() -> None:
    too_long = []
    for path in _modules():
        for function in _functions(path):
            length = (function.end_lineno or function.lineno) - function.lineno + 1
            if length > MAX_FUNCTION_LINES or len(_parameters(function)) > MAX_PARAMETERS:
                too_long.append(f"{path.relative_to(PACKAGE)}:{function.lineno} {function.name}")
    assert too_long == []


def test_the_protocols_the_run_talks_through_are_in_one_module() -> None:
    protocols = {
        f"{cls.__module__}.{cls.__name__}"
        for cls in _package_classes()
        if getattr(cls, "_is_protocol", False)
    }
    assert protocols
    assert {name.rsplit(".", 1)[0] for name in protocols} == {"dailypapers.domain.interfaces"}


def test_every_error_the_package_defines_is_under_one_base() -> None:
    errors = [cls for cls in _package_classes() if issubclass(cls, BaseException)]
    assert len(errors) > 10
    assert [cls.__qualname__ for cls in errors if not issubclass(cls, DailyPapersError)] == []
