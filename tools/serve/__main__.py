"""Live preview for `make serve`: one warm Sphinx process, rebuilt in place on every save.

    python -m tools.serve SOURCEDIR BUILDDIR [--host H] [--port P] [--watch DIR ...] -- SPHINXOPTS

The site is built as ``make html`` builds it (``-M html``: pages in BUILDDIR/html,
the saved environment in BUILDDIR/doctrees, the same SPHINXOPTS), and served at
http://HOST:PORT/. A thread polls the modification times of SOURCEDIR (and of every
--watch folder); after a save, the page is rebuilt without starting Python again
(``builder``), and the open page reloads (``server``).
"""

import argparse
import sys
from pathlib import Path

from .builder import WarmBuilder
from .server import LiveServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.serve", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("sourcedir", type=Path)
    parser.add_argument("builddir", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--watch", type=Path, action="append", default=[])
    argv = sys.argv[1:] if argv is None else argv
    # After "--": the options of sphinx-build (SPHINXOPTS).
    split = argv.index("--") if "--" in argv else len(argv)
    ours, options = argv[:split], argv[split + 1 :]
    args = parser.parse_args(ours)
    builder = WarmBuilder(args.sourcedir, args.builddir, options)
    try:
        server = LiveServer(builder, [w for w in args.watch if w.exists()], args.host, args.port)
    except OSError as error:
        print(f"[serve] Cannot serve at {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    try:
        server.start()
        print(f"[serve] Serving {builder.outdir} at {server.url} (Ctrl-C stops)", flush=True)
        while not server.stopping.wait(0.5):  # a timeout lets Ctrl-C through at once
            pass
    except KeyboardInterrupt:
        print("\n[serve] Stopped.")
    finally:
        server.stop(wait=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
