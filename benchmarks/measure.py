"""Run one Sphinx build in this process and print its wall time and peak memory as JSON.

The build runs as ``make html`` runs it, with ``-j`` set from BENCH_JOBS (the
Makefile passes its JOBS, "auto" by default). Peak memory is that of the
largest process: the main one or a worker it forked.

usage: python measure.py SOURCEDIR OUTDIR   (run in a fresh process per build)
"""

import json
import os
import resource
import sys
import time

from sphinx.cmd.build import main as sphinx_main


def main() -> int:
    source, out = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    jobs = os.environ.get("BENCH_JOBS", "auto")
    status = sphinx_main(["-M", "html", source, out, "-q", "-j", jobs])
    elapsed = time.perf_counter() - start
    peak_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    peak_mb = peak_kb / 1024
    print(json.dumps({"status": status, "seconds": elapsed, "peak_mb": peak_mb}))
    return status


if __name__ == "__main__":
    sys.exit(main())
