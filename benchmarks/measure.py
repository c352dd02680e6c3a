"""Run one Sphinx build in this process and print its wall time and peak memory as JSON.

usage: python measure.py SOURCEDIR OUTDIR   (run in a fresh process per build)
"""

import json
import resource
import sys
import time

from sphinx.cmd.build import main as sphinx_main


def main() -> int:
    source, out = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    status = sphinx_main(["-M", "html", source, out, "-q"])
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"status": status, "seconds": elapsed, "peak_mb": peak_mb}))
    return status


if __name__ == "__main__":
    sys.exit(main())
