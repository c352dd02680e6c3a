"""Fingerprints of source texts, and the search for runs of words copied from them.

A source's own text belongs to its author and is never stored in the repository.
What is stored (``sources/<id>.yaml``) is its fingerprint: every run of ``RUN``
(10) consecutive words of the text, normalised, hashed with BLAKE2b under a key
of the source's own and cut to ``DIGEST_BYTES`` (6 bytes, 48 bits), kept as a
sorted set of hex strings. A page then shares a run of 10 or more words with the
source exactly when one of its own 10-word runs, hashed the same way, is in the set.

Normalisation (the same for the source and for every page): typographic
apostrophes and double quotes become straight ones, everything is lowercased,
and a word is a maximal run of ``a-z``, ``0-9`` and ``'``; anything else
(spaces, punctuation, Markdown markup) separates words. Two texts that differ
only in case, punctuation, line breaks or quote style therefore share their runs.

What the fingerprint guarantees, and what it does not:

- No text can be read from it. A hash is one-way and the set is sorted, so
  neither the words nor their order are stored; the only way to learn anything
  is to guess a whole 10-word run and test it. Guessing ten unknown words is
  hopeless: with a vocabulary of 10,000 words there are 10**40 runs to try, and
  at 48 bits some 10**28 of them would match one of the hashes by chance.
- The limit: someone who already knows nine consecutive words of the source
  can try each word of a dictionary as the tenth and see which one is in the
  set, and so, one word at a time, extend a passage they already know. No exact
  guard can prevent this: the build itself gives the same answer to anyone who
  writes a run into a page and sees whether it is refused. So the guarantee is
  that the fingerprint reveals no word of the source to anyone who does not
  already know the nine words before it.
- The key (random, one per source) means the hashes are not those of any other
  fingerprint or public table: a list of hashed phrases made once cannot be
  matched against every source, and the same passage in two sources gives
  unrelated hashes. It is stored beside the hashes, so it is not a secret.
- Cutting the hash to 48 bits keeps the file small. The price is false matches:
  a run of 10 words that is not in the source matches with a chance of
  (runs in the fingerprint) / 2**48. For a 1,000-run source that is 1 in
  280 billion per run checked; a 1,000-article build checks about 600,000
  runs, so it falsely refuses a page about once in 470,000 builds. A real copy
  is always found: the guard never misses a shared run of 10 or more words.
"""

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

RUN = 10
DIGEST_BYTES = 6
SCHEME = f"blake2b-{DIGEST_BYTES * 8}, {RUN}-word runs"
KEY_BYTES = 16
WORD = re.compile(r"[a-z0-9']+")
QUOTES = str.maketrans({"\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    """The text as the guard compares it: straight quotes, lowercase (newlines kept)."""
    return text.translate(QUOTES).lower()


def words(text: str) -> list[str]:
    return WORD.findall(normalise(text))


def _window_digests(found: list[str], key: bytes) -> list[bytes]:
    """The digest of each run of RUN consecutive words, in order."""
    if len(found) < RUN:
        return []
    data = " ".join(found).encode("ascii")  # words are ASCII by construction
    starts = list(accumulate((len(word) + 1 for word in found), initial=0))
    # Copying a hasher that has taken the key costs half as much as keying one per run.
    keyed = hashlib.blake2b(key=key, digest_size=DIGEST_BYTES)
    digests = []
    for start, end in zip(starts, starts[RUN:], strict=False):
        hasher = keyed.copy()
        hasher.update(data[start : end - 1])
        digests.append(hasher.digest())
    return digests


@dataclass(frozen=True)
class Fingerprint:
    """The hashed 10-word runs of one source, under that source's key."""

    key: bytes
    runs: frozenset[bytes]

    @classmethod
    def of_text(cls, text: str, key: bytes | None = None) -> "Fingerprint":
        key = secrets.token_bytes(KEY_BYTES) if key is None else key
        return cls(key, frozenset(_window_digests(words(text), key)))

    @classmethod
    def from_data(cls, data: dict) -> "Fingerprint":
        """From the ``fingerprint`` mapping of a source file; ValueError if malformed."""
        if not isinstance(data, dict) or data.get("scheme") != SCHEME:
            raise ValueError(f"the fingerprint must have 'scheme: {SCHEME}'")
        key, runs = data.get("key"), data.get("runs")
        if not isinstance(key, str) or not isinstance(runs, list):
            raise ValueError("the fingerprint needs 'key' (hex) and 'runs' (a list of hex)")
        hex_digits = re.compile(rf"[0-9a-f]{{{DIGEST_BYTES * 2}}}")
        # An all-digit run must stay quoted: unquoted, YAML reads '012345670123' as a number.
        if not all(isinstance(run, str) and hex_digits.fullmatch(run) for run in runs):
            raise ValueError(f"each run must be {DIGEST_BYTES * 2} hex digits, as quoted text")
        if not re.fullmatch(r"([0-9a-f]{2}){1,64}", key):
            raise ValueError("the key must be hex digits")
        return cls(bytes.fromhex(key), frozenset(bytes.fromhex(run) for run in runs))

    def to_data(self) -> dict:
        return {
            "scheme": SCHEME,
            "key": self.key.hex(),
            "runs": sorted(run.hex() for run in self.runs),
        }


@dataclass(frozen=True)
class Copy:
    """A run of words that a page shares with a source."""

    source: str
    line: int  # 1-based, in the page's text
    length: int  # in words, RUN or more
    first_words: str


def find_copies(text: str, fingerprints: Iterable[tuple[str, Fingerprint]]) -> list[Copy]:
    """Every maximal run of RUN or more words of text found in a fingerprint, in order."""
    normal = normalise(text)
    found = WORD.findall(normal)
    hits: list[tuple[int, int, str]] = []  # (first word, length, source)
    by_key: dict[bytes, list[tuple[str, Fingerprint]]] = {}
    for source, fingerprint in fingerprints:
        by_key.setdefault(fingerprint.key, []).append((source, fingerprint))
    for key, sources in by_key.items():
        digests = _window_digests(found, key)
        for source, fingerprint in sources:
            runs = fingerprint.runs
            start = None
            for index, digest in enumerate([*digests, None]):
                if digest is not None and digest in runs:
                    start = index if start is None else start
                elif start is not None:
                    hits.append((start, index - start + RUN - 1, source))
                    start = None
    if not hits:
        return []
    positions = [match.start() for match in WORD.finditer(normal)]
    copies = [
        Copy(
            source,
            normal.count("\n", 0, positions[first]) + 1,
            length,
            " ".join(found[first : first + 6]),
        )
        for first, length, source in hits
    ]
    return sorted(copies, key=lambda copy: (copy.line, copy.source))
