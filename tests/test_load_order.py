"""The parts of the extension give the same site whatever order they are loaded in.

Each part declares what it needs and, where two handlers of one event must run in
a given order, says so with a priority; nothing may rest on the order of the
names in ``sphinx_kb.EXTENSIONS``. The site is built with that list reversed and
compared, byte for byte, with the clean build every test reads.
"""

import filecmp
import subprocess
import sys
from pathlib import Path

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
