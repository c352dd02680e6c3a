"""The parts of the extension give the same site whatever order they are loaded in.

Each part declares what it needs and, where two handlers of one event must run in
a given order, says so with a priority; nothing may rest on the order of the
names in ``sphinx_kb.EXTENSIONS``. The site and the test roots are built with that
list reversed and compared, byte for byte, with builds in the declared order.
"""

import filecmp
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sphinx_kb

from .helpers import DOCS

RUNNER = """
import sys
import sphinx_kb
from sphinx.cmd.build import main
sphinx_kb.EXTENSIONS = tuple(reversed(sphinx_kb.EXTENSIONS))
sys.exit(main(["-M", "html", sys.argv[1], sys.argv[2], "-W", "--keep-going", "-n", "-q"]))
"""


def differing(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right, ignore=[".buildinfo"])
    found = [str(Path(compared.left, name)) for name in compared.diff_files]
    found += [str(Path(compared.left, name)) for name in compared.left_only + compared.right_only]
    for name in compared.subdirs:
        found += differing(left / name, right / name)
    return found


def test_reversed_load_order_builds_the_same_site(site, tmp_path):
    out = tmp_path / "reversed"
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, str(DOCS), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert differing(site, out / "html") == []


def _orders() -> dict[str, tuple[str, ...]]:
    """The declared order, the reverse, and three fixed shuffles."""
    declared = sphinx_kb.EXTENSIONS
    orders = {"declared": declared, "reversed": tuple(reversed(declared))}
    for seed in (1, 2, 3):
        shuffled = list(declared)
        random.Random(seed).shuffle(shuffled)
        orders[f"shuffled-{seed}"] = tuple(shuffled)
    return orders


@pytest.mark.parametrize("root", ["kb", "evidence", "terms"])
def test_any_load_order_builds_the_same_test_root(root, rootdir, tmp_path, make_app, monkeypatch):
    outputs = {}
    for name, order in _orders().items():
        monkeypatch.setattr(sphinx_kb, "EXTENSIONS", order)
        srcdir = Path(shutil.copytree(rootdir / f"test-{root}", tmp_path / name))
        app = make_app("html", srcdir=srcdir, builddir=srcdir / "_build")
        app.build()
        app.cleanup()
        outputs[name] = Path(app.outdir)
    declared = outputs.pop("declared")
    assert {name: differing(declared, out) for name, out in outputs.items()} == {
        name: [] for name in outputs
    }
