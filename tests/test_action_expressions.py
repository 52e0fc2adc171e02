"""GitHub's runner reads action.yml as a template: `${{ }}` outside the few places its metadata
syntax allows fails the job at "Set up job" (`Unrecognized named-value: 'secrets'`), and act
refuses the file (`expressions are not allowed here`). Schema checks and linters pass such a file,
so this test walks the YAML itself and names the line of every expression in the wrong place.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

# Where GitHub's metadata syntax evaluates expressions: an input's default, a composite action's
# output value, and what `runs` hands the container (args, env, entrypoints, composite steps).
ALLOWED = (
    ("inputs", "*", "default"),
    ("outputs", "*", "value"),
    ("runs", "args"),
    ("runs", "env"),
    ("runs", "entrypoint"),
    ("runs", "pre-entrypoint"),
    ("runs", "post-entrypoint"),
    ("runs", "steps"),
)


def _allowed(path: tuple[str, ...]) -> bool:
    return any(
        len(path) >= len(rule) and all(r in ("*", p) for r, p in zip(rule, path, strict=False))
        for rule in ALLOWED
    )


def _scalars(
    node: yaml.Node, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], yaml.ScalarNode]]:
    if isinstance(node, yaml.MappingNode):
        return [
            found for key, value in node.value for found in _scalars(value, (*path, str(key.value)))
        ]
    if isinstance(node, yaml.SequenceNode):
        return [found for item in node.value for found in _scalars(item, path)]
    assert isinstance(node, yaml.ScalarNode)
    return [(path, node)]


def misplaced_expressions(text: str) -> list[str]:
    """``line N: a.b.c`` for each scalar holding ``${{`` where the runner does not allow one."""
    root = yaml.compose(text)
    return [
        f"line {node.start_mark.line + 1}: {'.'.join(path)}"
        for path, node in _scalars(root)
        if "${{" in str(node.value) and not _allowed(path)
    ]


def test_action_yml_has_expressions_only_where_the_runner_allows_them() -> None:
    assert misplaced_expressions((ROOT / "action.yml").read_text()) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # The two descriptions as b8bdfa3 and 13b98fc wrote them.
        (
            "inputs:\n  notify:\n    description: 'Apprise URLs, for example from a secret,"
            " ${{ secrets.PAPERS_NOTIFY }}: the URLs hold credentials.'\n",
            ["line 3: inputs.notify.description"],
        ),
        (
            "name: x\ninputs:\n  summary-api-key:\n    description: >-\n      That API's own key,"
            " for example\n      ${{ secrets.OPENAI_API_KEY }}.\n    default: ''\n",
            ["line 4: inputs.summary-api-key.description"],
        ),
        ("description: Uses ${{ github.token }}\n", ["line 1: description"]),
        (
            "outputs:\n  sha:\n    description: '${{ steps.a.outputs.sha }}'\n",
            ["line 3: outputs.sha.description"],
        ),
        ("inputs:\n  github-token:\n    default: ${{ github.token }}\n", []),
        ("runs:\n  using: docker\n  image: Dockerfile\n  args: ['${{ inputs.x }}']\n", []),
        ("runs:\n  using: docker\n  image: Dockerfile\n  env:\n    X: ${{ inputs.x }}\n", []),
    ],
)
def test_misplaced_expressions_are_named_by_line(text: str, found: list[str]) -> None:
    assert misplaced_expressions(text) == found
