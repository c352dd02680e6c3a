"""Ask Crossref whether any cited work has been retracted, corrected or flagged.

For every entry of the bibliography with a DOI, this fetches the work's record
from Crossref's public REST API (https://api.crossref.org/works/DOI) and reads
its ``updated-by`` list, where Crossref records the notices that update a work,
from publishers and from Retraction Watch, and its ``relation`` links. It
reports each retraction, correction and expression of concern, and says which
of them the entry does not yet record in its ``retracted`` or ``correction``
field.

    python tools/check_sources.py docs/references.bib

Exit status: 0 when every notice found is recorded, 1 when one is not, 2 when
Crossref could not be asked about a DOI. It needs the network, so it is not part
of ``make test``; ``make check-sources`` runs it, and CI runs it every week.
Standard library only.
"""

import argparse
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

API = "https://api.crossref.org/works/"
USER_AGENT = "the-relational-brain-check-sources/1.0 (weekly check of the DOIs it cites)"
ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,(.*?)^\}", re.MULTILINE | re.DOTALL)
FIELD = r"^\s*{name}\s*=\s*[{{\"](.*?)[}}\"]\s*,?\s*$"

# Crossref's update types, by what a reader needs to know.
KINDS = {
    "retraction": "retraction",
    "withdrawal": "retraction",
    "removal": "retraction",
    "partial_retraction": "retraction",
    "correction": "correction",
    "erratum": "correction",
    "corrigendum": "correction",
    "addendum": "correction",
    "expression_of_concern": "expression of concern",
}
# The bibliography field that records each kind, if any.
RECORDED_IN = {"retraction": "retracted", "correction": "correction"}


@dataclass(frozen=True)
class Notice:
    kind: str  # retraction, correction or expression of concern
    date: str  # YYYY-MM-DD, or as much of it as Crossref gives
    doi: str  # the notice's own DOI ('' if unknown)
    source: str  # who recorded it: publisher, retraction-watch, ...


def entries_with_doi(bib_text: str) -> list[tuple[str, str, str]]:
    """(key, DOI, the entry's text) for each entry that has a DOI."""
    found = []
    for match in ENTRY.finditer(bib_text):
        body = match.group(3)
        doi = re.search(FIELD.format(name="doi"), body, re.MULTILINE | re.IGNORECASE)
        if doi:
            found.append((match.group(2), doi.group(1).strip(), body))
    return found


def _kind(update_type: str) -> str | None:
    name = update_type.strip().lower().replace("-", "_").replace(" ", "_")
    if name in KINDS:
        return KINDS[name]
    for word, kind in (("retract", "retraction"), ("correct", "correction"),
                       ("concern", "expression of concern")):  # fmt: skip
        if word in name:
            return kind
    return None


def _date(value: dict | None) -> str:
    parts = ((value or {}).get("date-parts") or [[]])[0]
    return "-".join(f"{part:02d}" if n else str(part) for n, part in enumerate(parts) if part)


def notices(message: dict) -> list[Notice]:
    """The notices a Crossref work record lists: ``updated-by``, then ``relation``."""
    found = []
    for update in message.get("updated-by") or []:
        kind = _kind(update.get("type", ""))
        if kind:
            found.append(
                Notice(
                    kind,
                    _date(update.get("updated")),
                    update.get("DOI", ""),
                    update.get("source", ""),
                )
            )
    for relation, targets in (message.get("relation") or {}).items():
        kind = _kind(relation)
        for target in targets if kind else []:
            doi = target.get("id", "") if target.get("id-type", "doi") == "doi" else ""
            if not any(n.kind == kind and n.doi.lower() == doi.lower() for n in found):
                found.append(Notice(kind, "", doi, "relation"))
    return found


def unrecorded(notice: Notice, entry_text: str) -> bool:
    """Whether the entry lacks the field that should record this notice."""
    field = RECORDED_IN.get(notice.kind)
    if field is None:  # an expression of concern has no field: always report it
        return True
    return re.search(FIELD.format(name=field), entry_text, re.MULTILINE | re.IGNORECASE) is None


def fetch(doi: str, timeout: float = 30) -> dict:
    request = urllib.request.Request(
        API + urllib.parse.quote(doi, safe=""), headers={"User-Agent": USER_AGENT}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)["message"]


def report(key: str, doi: str, found: list[Notice], entry_text: str) -> tuple[list[str], bool]:
    lines, new = [], False
    for notice in found:
        missing = unrecorded(notice, entry_text)
        new |= missing
        where = f"https://doi.org/{notice.doi}" if notice.doi else "no notice DOI"
        state = "NOT RECORDED in references.bib" if missing else "recorded"
        lines.append(
            f"{key} (doi:{doi}): {notice.kind} {notice.date or '(no date)'}, {where}, "
            f"source {notice.source or 'unknown'}: {state}"
        )
    return lines, new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bibfile", type=Path)
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between requests")
    args = parser.parse_args(argv)
    entries = entries_with_doi(args.bibfile.read_text(encoding="utf-8"))
    failed, new = [], False
    for number, (key, doi, body) in enumerate(entries):
        if number:
            time.sleep(args.pause)
        try:
            message = fetch(doi)
        except (urllib.error.URLError, TimeoutError, ValueError, KeyError) as error:
            failed.append(f"{key} (doi:{doi}): could not ask Crossref: {error}")
            continue
        lines, unrecorded_here = report(key, doi, notices(message), body)
        new |= unrecorded_here
        for line in lines:
            print(line)
    for line in failed:
        print(line, file=sys.stderr)
    print(
        f"Checked {len(entries) - len(failed)} of {len(entries)} DOIs with Crossref.",
        file=sys.stderr,
    )
    if new:
        print(
            "Record each retraction or correction in its entry as "
            "'retracted = {YYYY-MM-DD, https://doi.org/...}' or 'correction = {...}', "
            "and review the claims that cite it.",
            file=sys.stderr,
        )
    return 2 if failed else 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())
