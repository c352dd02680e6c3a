"""tools/check_sources.py reads Crossref's record of a work offline, from a recorded response."""

import json
from pathlib import Path

import pytest

from tools import check_sources

RECORDED = Path(__file__).parent / "data" / "crossref-work-with-notices.json"
BIB = """@article{jones2019,
  title     = {A trial of practice},
  doi       = {10.1000/jones2019},
  studytype = {randomized-trial},
  retracted = {2024-05-31, https://doi.org/10.1000/retraction-jones2019}
}

@book{nodoi2000,
  title     = {A book without a DOI},
  studytype = {book}
}

@article{clean2021,
  title = {Nothing wrong here},
  doi   = {10.1000/CLEAN.2021}
}
"""


def recorded_message() -> dict:
    return json.loads(RECORDED.read_text("utf-8"))["message"]


def test_notices_are_read_from_updated_by():
    found = check_sources.notices(recorded_message())
    assert [(n.kind, n.date, n.doi, n.source) for n in found] == [
        ("retraction", "2024-05-31", "10.1000/retraction-jones2019", "retraction-watch"),
        ("correction", "2020-01-15", "10.1000/erratum-jones2019", "publisher"),
        ("expression of concern", "2023-11-02", "10.1000/concern-jones2019", "publisher"),
    ]


def test_notices_are_read_from_relations_too():
    message = {"relation": {"is-retracted-by": [{"id-type": "doi", "id": "10.1/r"}]}}
    (notice,) = check_sources.notices(message)
    assert (notice.kind, notice.doi, notice.source) == ("retraction", "10.1/r", "relation")
    assert check_sources.notices({"DOI": "10.1/x"}) == []


def test_entries_with_a_doi_are_found():
    found = check_sources.entries_with_doi(BIB)
    assert [(key, doi) for key, doi, _ in found] == [
        ("jones2019", "10.1000/jones2019"),
        ("clean2021", "10.1000/CLEAN.2021"),
    ]


def test_a_notice_the_entry_does_not_record_is_reported():
    (_, _, body), _ = check_sources.entries_with_doi(BIB)
    lines, new = check_sources.report(
        "jones2019", "10.1000/jones2019", check_sources.notices(recorded_message()), body
    )
    assert new
    assert lines[0].endswith("source retraction-watch: recorded")
    assert "correction 2020-01-15, https://doi.org/10.1000/erratum-jones2019" in lines[1]
    assert lines[1].endswith("NOT RECORDED in references.bib")
    assert "expression of concern 2023-11-02" in lines[2]


def test_main_asks_about_every_doi_and_fails_on_an_unrecorded_notice(tmp_path, monkeypatch, capsys):
    bib = tmp_path / "references.bib"
    bib.write_text(BIB, "utf-8")
    asked = []

    def fake_fetch(doi, timeout=30):
        asked.append(doi)
        return recorded_message() if doi == "10.1000/jones2019" else {"DOI": doi}

    monkeypatch.setattr(check_sources, "fetch", fake_fetch)
    assert check_sources.main([str(bib), "--pause", "0"]) == 1
    assert asked == ["10.1000/jones2019", "10.1000/CLEAN.2021"]
    out, err = capsys.readouterr()
    assert out.count("jones2019 (doi:10.1000/jones2019)") == 3
    assert "Checked 2 of 2 DOIs" in err


@pytest.mark.parametrize("failure", [TimeoutError("timed out"), ValueError("not JSON")])
def test_main_says_when_crossref_cannot_be_asked(tmp_path, monkeypatch, capsys, failure):
    bib = tmp_path / "references.bib"
    bib.write_text(BIB, "utf-8")

    def failing_fetch(doi, timeout=30):
        raise failure

    monkeypatch.setattr(check_sources, "fetch", failing_fetch)
    assert check_sources.main([str(bib), "--pause", "0"]) == 2
    assert "could not ask Crossref" in capsys.readouterr().err
