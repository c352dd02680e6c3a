"""Patches of other projects' internals: one policy, one table of verified versions.

A patch replaces a function or attribute that another project does not offer
as an extension point, so it is correct only for the code it was read against.
Every patch of this extension (``speedups/``, ``fixes/searchindex``) follows the
same rules:

- it imports the project it patches only when it is applied, so that
  ``import sphinx_kb`` and importing the patch's module need none of them;
- it is applied only when every distribution it touches is installed at a
  version in ``VERIFIED``; otherwise it is skipped with a message shown by
  ``sphinx-build -v``, never a warning, and the build goes on with the other
  project as it comes;
- a speed-up is also skipped with ``kb_speedups = False`` (fixes still apply);
- its module docstring names the upstream code or issue it works around.

``tests/test_patch_policy.py`` fails when ``make lock`` pins another version of
a distribution in this table: read the patched upstream code again, then add
the new version here.

A patch changes a module or class for the whole Python process, not for one
Sphinx application. So patches are applied on ``config-inited`` of each
application, idempotently (applying twice changes nothing), and a later
application in the same process that skips a patch (another version,
``kb_speedups = False``) gets the original back.
"""

from collections.abc import Callable, Iterable
from importlib import metadata

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Patch (module under sphinx_kb) -> distribution -> the versions it was verified against.
VERIFIED: dict[str, dict[str, tuple[str, ...]]] = {
    "speedups.parallel": {"sphinx": ("9.0.4",)},
    "speedups.docutilssettings": {
        "sphinx": ("9.0.4",),
        "myst-parser": ("5.2.0",),
        "docutils": ("0.22.4",),
    },
    "speedups.pybtexcache": {"pybtex": ("0.26.1",)},
    "speedups.stemcache": {"sphinx": ("9.0.4",)},
    "speedups.unchangedwrites": {"sphinx": ("9.0.4",)},
    "speedups.nothingtodo": {"sphinx": ("9.0.4",)},
    "speedups.bibliographycache": {"sphinxcontrib-bibtex": ("2.7.0",)},
    "fixes.searchindex": {"sphinx": ("9.0.4",)},
}

# (id of owner, attribute) -> the value found there before this extension replaced it; the
# owner (a module, a class, a dict) is kept alive in _applied while it is patched.
_originals: dict[tuple[int, str], object] = {}
# Patch name -> the (owner, attribute, replacement) it applied.
_applied: dict[str, list[tuple[object, str, object]]] = {}


def installed(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def unverified(patch: str) -> list[str]:
    """Why the installed versions are not those the patch was verified against ([] if they are)."""
    reasons = []
    for distribution, versions in VERIFIED[patch].items():
        found = installed(distribution)
        if found is None:
            reasons.append(f"{distribution} is not installed")
        elif found not in versions:
            verified = ", ".join(versions)
            reasons.append(f"{distribution} {found} is not a verified version ({verified})")
    return reasons


def _get(owner: object, attribute: str) -> object:
    return owner.get(attribute) if isinstance(owner, dict) else getattr(owner, attribute)


def _set(owner: object, attribute: str, value: object) -> None:
    if isinstance(owner, dict):
        owner[attribute] = value
    else:
        setattr(owner, attribute, value)


def original(owner: object, attribute: str) -> object:
    """What owner.attribute was before this extension patched it (its value if it did not).

    owner is a module, a class or a dict (then attribute is a key).
    """
    key = (id(owner), attribute)
    return _originals[key] if key in _originals else _get(owner, attribute)


def restore(patch: str) -> None:
    """Give back the originals a patch replaced (nothing if it is not applied)."""
    for owner, attribute, replacement in _applied.pop(patch, []):
        if _get(owner, attribute) is replacement:
            _set(owner, attribute, _originals.pop((id(owner), attribute)))


def applied(patch: str) -> bool:
    """Whether the patch is in force in this process (for its handlers to check)."""
    return patch in _applied


def enabled(patch: str, config: Config, *, speedup: bool, needs: str | None = None) -> bool:
    """Whether the patch applies to this build; if not, say why with -v and undo it."""
    reasons = unverified(patch)
    if speedup and not config.kb_speedups:
        reasons = ["kb_speedups = False", *reasons]
    if needs is not None and not applied(needs):
        reasons.append(f"it needs {needs}, which is not applied")
    if reasons:
        restore(patch)
        logger.verbose("sphinx_kb: %s is not applied: %s", patch, "; ".join(reasons))
    return not reasons


def apply(
    patch: str,
    replacements: Iterable[tuple[object, str, object]],
    install: Callable[[object, str, object], None] = _set,
) -> None:
    """Replace each owner.attribute by its replacement; applying again changes nothing.

    install(owner, attribute, replacement) makes the change, for a patch that
    goes through an extension point (Sphinx's registration functions).
    """
    replacements = list(replacements)
    for owner, attribute, replacement in replacements:
        current = _get(owner, attribute)
        if current is not replacement:
            _originals.setdefault((id(owner), attribute), current)
            install(owner, attribute, replacement)
    _applied[patch] = replacements


def connect(
    app: Sphinx,
    patch: str,
    replacements: Callable[[], Iterable[tuple[object, str, object]]],
    *,
    speedup: bool,
    needs: str | None = None,
) -> None:
    """Apply the patch on config-inited when enabled(); replacements() does the imports.

    A patch that needs another (``needs``) is connected after it, so it is decided second.
    """

    def on_config_inited(app: Sphinx, config: Config) -> None:
        if enabled(patch, config, speedup=speedup, needs=needs):
            apply(patch, replacements())

    app.connect("config-inited", on_config_inited)
