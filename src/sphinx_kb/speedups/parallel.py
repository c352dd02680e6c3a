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

It wraps ``sphinx.builders.Builder._read_parallel`` and ``_write_parallel``
(and, while reading, ``sphinx.builders.make_chunks``) of the Sphinx versions in
``sphinx_kb.upstream.VERIFIED``; Sphinx sizes its chunks inside
``Builder._read_parallel`` (through ``sphinx.util.parallel.make_chunks``) with
no setting for them: Sphinx issue 10967 asks for one, issue 11448 for a
restructured multiprocessing. ``tests/test_scale.py`` checks that a parallel build gives the same
pages as a serial one.
"""

from collections.abc import Sequence

from sphinx.application import Sphinx

from .. import upstream
from ..state import PARALLEL_SAFE

PATCH = "speedups.parallel"
SERIAL_BELOW = 40


def one_chunk_per_process(arguments: Sequence[str], nproc: int, maxbatch: int = 10) -> list:
    """Split arguments into nproc contiguous chunks of (nearly) equal length."""
    size = max(1, -(-len(arguments) // nproc))
    return [list(arguments[start : start + size]) for start in range(0, len(arguments), size)]


def read_parallel(self, docnames: list[str], nproc: int) -> None:
    import sphinx.builders

    if len(docnames) < SERIAL_BELOW:
        self._read_serial(docnames)
        return
    # _read_parallel looks make_chunks up in its module when it runs.
    make_chunks = sphinx.builders.make_chunks
    sphinx.builders.make_chunks = one_chunk_per_process
    try:
        upstream.original(sphinx.builders.Builder, "_read_parallel")(self, docnames, nproc)
    finally:
        sphinx.builders.make_chunks = make_chunks


def write_parallel(self, docnames: Sequence[str], nproc: int) -> None:
    from sphinx.builders import Builder

    if len(docnames) < SERIAL_BELOW:
        self._write_serial(docnames)
        return
    upstream.original(Builder, "_write_parallel")(self, docnames, nproc + 1)


def replacements() -> list[tuple[object, str, object]]:
    from sphinx.builders import Builder

    return [
        (Builder, "_read_parallel", read_parallel),
        (Builder, "_write_parallel", write_parallel),
    ]


def setup(app: Sphinx) -> dict:
    upstream.connect(app, PATCH, replacements, speedup=True)
    return PARALLEL_SAFE
