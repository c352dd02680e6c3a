"""Every warning subtype the extension gives is documented in sphinx_kb.warnings, and no other.

The calls are read from the source: ``subtype=`` keywords, ``subtype = "..."``
assignments, and the last argument of the helpers that take the subtype
positionally (``warn_at`` and the directives' ``_warn``).
"""

import ast
from pathlib import Path

import sphinx_kb
from sphinx_kb.warnings import SUBTYPES

PACKAGE = Path(sphinx_kb.__file__).parent
POSITIONAL = {"warn_at", "_warn"}


def _called(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    return node.func.attr if isinstance(node.func, ast.Attribute) else None


def used_subtypes() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        where = str(path.relative_to(PACKAGE))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            found = []
            if isinstance(node, ast.Call):
                found += [k.value for k in node.keywords if k.arg == "subtype"]
                if _called(node) in POSITIONAL and node.args:
                    found.append(node.args[-1])
            elif isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "subtype" for target in node.targets
            ):
                found.append(node.value)
            for value in found:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    used.setdefault(value.value, set()).add(where)
    return used


def test_every_subtype_given_is_documented():
    undocumented = {s: sorted(w) for s, w in used_subtypes().items() if s not in SUBTYPES}
    assert undocumented == {}


def test_every_documented_subtype_is_given_somewhere():
    assert sorted(set(SUBTYPES) - set(used_subtypes())) == []


def test_the_scan_finds_the_subtypes_it_should():
    # A scan that found nothing would pass the two tests above.
    used = used_subtypes()
    assert {"unused_term", "image_alt", "claim_citation", "alias_clash"} <= set(used)
