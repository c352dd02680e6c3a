"""The extension's settings: each declared once, described, and checked when conf.py is read."""

import shutil

import pytest

from sphinx_kb.config import SETTINGS, problem_with


def test_every_setting_is_described_and_named_kb():
    names = [setting.name for setting in SETTINGS]
    assert len(names) == len(set(names))
    for setting in SETTINGS:
        assert setting.name.startswith("kb_")
        assert setting.description.strip().endswith((".", ")"))
        assert setting.rebuild in {"env", "html"}
        assert problem_with(setting, setting.default) is None, setting.name


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("kb_related_count", 0, "kb_related_count is 0: give a whole number above 0"),
        ("kb_related_count", True, "is True: give a whole number"),
        ("kb_notice_topics", "(", "kb_notice_topics is not a regular expression"),
        ("kb_search_ranking", {"a/*": 11}, "kb_search_ranking ['a/*'] is 11"),
        ("kb_certainty_scale", [{"key": "x"}], "level 1 needs the text fields"),
        ("kb_articles_folder", "../up", "give a folder of the source folder"),
    ],
)
def test_a_bad_setting_is_reported_at_its_line_and_the_default_used(
    make_app, rootdir, tmp_path, name, value, expected
):
    srcdir = shutil.copytree(rootdir / "test-kb", tmp_path / "src")
    conf = srcdir / "conf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text + f"\n{name} = {value!r}\n", encoding="utf-8")
    line = len(conf.read_text(encoding="utf-8").splitlines())
    app = make_app("html", srcdir=srcdir)
    warnings = app.warning.getvalue()
    assert expected in warnings
    assert f"conf.py:{line}:" in warnings
    assert "[kb.config]" in warnings
    default = next(s.default for s in SETTINGS if s.name == name)
    assert app.config[name] == default
