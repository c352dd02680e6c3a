"""The live preview behind `make serve`: one warm Sphinx process, rebuilt in place on every save.

    python -m tools.serve SOURCEDIR BUILDDIR [--host H] [--port P] [--watch DIR ...] -- SPHINXOPTS

- ``builder``: the Sphinx application kept between builds (``WarmBuilder``), and
  what it resets so that a rebuild equals a clean build;
- ``watcher``: the modification times of the watched folders, polled for changes;
- ``server``: the HTTP server with live reload, the status the browser polls,
  and ``LiveServer``, which runs the builder on every change the watcher finds;
- ``__main__``: the command line.
"""
