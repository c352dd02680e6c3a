"""The watcher: modification times of the files under the watched folders, polled for changes."""

import os
from dataclasses import dataclass, field
from pathlib import Path

IGNORED_DIRS = {"__pycache__", "node_modules", ".git"}


@dataclass
class Watcher:
    """Modification times of the files under some folders, polled for changes."""

    roots: list[Path]
    skip: list[Path] = field(default_factory=list)
    seen: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.roots = [Path(r).resolve() for r in self.roots]
        self.skip = [Path(s).resolve() for s in self.skip]
        self.seen = self.scan()

    def scan(self) -> dict[Path, tuple[int, int]]:
        found: dict[Path, tuple[int, int]] = {}
        for root in self.roots:
            for folder, dirnames, filenames in os.walk(root):
                here = Path(folder)
                dirnames[:] = [
                    d
                    for d in dirnames
                    if d not in IGNORED_DIRS and not d.startswith(".") and here / d not in self.skip
                ]
                for name in filenames:
                    path = here / name
                    try:
                        stat = path.lstat()
                    except FileNotFoundError:
                        continue
                    found[path] = (stat.st_mtime_ns, stat.st_size)
        return found

    def changes(self) -> set[Path]:
        """The files added, changed or deleted since the last call."""
        now = self.scan()
        changed = {p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
        self.seen = now
        return changed
