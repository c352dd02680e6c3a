"""Make ``-j`` pay off on a small machine: few large chunks, and no forks for small work.

Sphinx 9 reads in parallel by forking a process for every chunk of about
sqrt(10 x documents / jobs) documents, and every process sends the whole build
environment back, pickled, to be merged: at 1,000 articles and ``-j 2`` that is
15 environments of up to 5 MB each, and reading took 16 s instead of 10. It
writes with jobs - 1 processes, because the main process resolves and indexes
every page meanwhile; on two cores one of them then idles for much of the time.
And an incremental build that reads or writes a handful of pages still forks,
then pickles and merges the whole environment, which costs more than the work.

With ``-j N`` this module makes Sphinx:

- read in N chunks, one per process, so each environment comes back once;
- write with N processes beside the main one;
- read or write in the main process alone when there are fewer than
  ``SERIAL_BELOW`` documents.

It wraps ``Builder._read_parallel`` and ``Builder._write_parallel`` of Sphinx
9.0 (pinned in docs/requirements.txt), and leaves any other Sphinx as it is;
``tests/test_scale.py`` checks that a parallel build gives the same pages as a
serial one.
"""

from collections.abc import Sequence

import sphinx
import sphinx.builders
from sphinx.application import Sphinx
from sphinx.builders import Builder

from ..state import PARALLEL_SAFE

SERIAL_BELOW = 40
PATCHED_SPHINX = (9, 0)

_read_parallel = Builder._read_parallel
_write_parallel = Builder._write_parallel


def one_chunk_per_process(arguments: Sequence[str], nproc: int, maxbatch: int = 10) -> list:
    """Split arguments into nproc contiguous chunks of (nearly) equal length."""
    size = max(1, -(-len(arguments) // nproc))
    return [list(arguments[start : start + size]) for start in range(0, len(arguments), size)]


def read_parallel(self: Builder, docnames: list[str], nproc: int) -> None:
    if len(docnames) < SERIAL_BELOW:
        self._read_serial(docnames)
        return
    # _read_parallel looks make_chunks up in its module when it runs.
    make_chunks = sphinx.builders.make_chunks
    sphinx.builders.make_chunks = one_chunk_per_process
    try:
        _read_parallel(self, docnames, nproc)
    finally:
        sphinx.builders.make_chunks = make_chunks


def write_parallel(self: Builder, docnames: Sequence[str], nproc: int) -> None:
    if len(docnames) < SERIAL_BELOW:
        self._write_serial(docnames)
        return
    _write_parallel(self, docnames, nproc + 1)


def setup(app: Sphinx) -> dict:
    if sphinx.version_info[:2] != PATCHED_SPHINX:
        return  # only a speed-up: another Sphinx builds the same pages its own way
    Builder._read_parallel = read_parallel
    Builder._write_parallel = write_parallel
    return PARALLEL_SAFE
