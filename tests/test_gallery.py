"""The output gallery (issue 22 §5): the committed page is what the code answers today.

The test compares and never writes: a stale page fails with the difference and the command that
refreshes it (``make refresh``).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from calculators.forms import FORMS
from tools import gallery

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / gallery.PAGE
RENDERED = gallery.render()


def test_the_committed_gallery_is_what_the_code_answers():
    committed = PAGE.read_text(encoding="utf-8")
    if committed != RENDERED:
        difference = "\n".join(gallery.diff(committed, RENDERED, "committed", "code")[:80])
        raise AssertionError(f"{gallery.PAGE} is stale: run `make refresh` (python -m tools.gallery) and commit "
                             f"it.\n{difference}")


def test_the_panel_goes_through_every_calculator():
    regimens = {value for value, _ in next(f for f in FORMS["dose"].fields if f.name == "regimen").choices if value}
    protocols = {value for value, _ in next(f for f in FORMS["taper"].fields if f.name == "protocol").choices
                 if value}
    tpmt = {value for value, _ in next(f for f in FORMS["dose"].fields if f.name == "tpmt").choices}
    assert set(gallery.REGIMEN_ENTRIES) == regimens
    assert set(gallery.TAPERS) == protocols
    assert set(gallery.TPMT_RESULTS) == tpmt
    for p in gallery.PANEL:
        assert f"## {p.label}:" in RENDERED
    ages = {p.age_years for p in gallery.PANEL}
    assert {17, 18} <= ages and min(ages) < 12
    assert any(p.weight_kg >= 180 for p in gallery.PANEL) and any(p.pregnant for p in gallery.PANEL)
    assert any(p.height_cm < 152.4 and p.sex == "female" for p in gallery.PANEL)
    assert any(p.weight_kg / (p.height_cm / 100) ** 2 < 13 for p in gallery.PANEL)  # cachectic
    # each patient meets every form: body size, each regimen, each taper, the plan checks
    blocks = RENDERED.count("\n### ")
    assert blocks == len(gallery.PANEL) * (2 + len(regimens) + len(protocols)) + (len(tpmt) - 1) + \
        len(gallery.STEROID_CASES)


def test_the_gallery_shows_first_lines_notes_with_kinds_and_refusals():
    assert RENDERED.count("FIRST LINE: ") > 50
    assert "REFUSED" in RENDERED and "note [tool_choice]" in RENDERED and "note [source]" in RENDERED
    assert "note [reference]" in RENDERED
    assert "check [" in RENDERED  # the whole-plan checks, with severity and kind


def test_the_check_mode_never_writes(tmp_path, capsys):
    page = tmp_path / gallery.PAGE
    page.parent.mkdir(parents=True)
    page.write_text(RENDERED.replace("FIRST LINE: 80 mg/day", "FIRST LINE: 8 mg/day", 1), encoding="utf-8")
    before = page.read_bytes()
    assert gallery.main(["--check", "--root", str(tmp_path)]) == 1
    assert page.read_bytes() == before
    err = capsys.readouterr().err
    assert "-  FIRST LINE: 8 mg/day" in err and "+  FIRST LINE: 80 mg/day" in err
    page.write_text(RENDERED, encoding="utf-8")
    assert gallery.main(["--check", "--root", str(tmp_path)]) == 0


def test_the_page_is_under_for_editors_and_declared_generated():
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["nav"]
    editors = next(item["For editors"] for item in nav if isinstance(item, dict) and "For editors" in item)
    assert {"Output gallery": "editors/output-gallery.md"} in editors
    # Its numbers are computed, not typed: the page sits between the generated markers that the typed-figure
    # check (igm_iim_site/typed_figures.py) declares exempt; without them the check would report it.
    from igm_iim_site.typed_figures import registry_index, scan_markdown

    body = RENDERED.split("---\n", 2)[2]  # after the front matter (kept out of the site search)
    assert body.startswith(gallery.HEADER) and RENDERED.rstrip().endswith(gallery.FOOTER)
    assert scan_markdown(body, "editors/output-gallery.md", 0, registry_index()).findings == []
    bare = body.replace(gallery.HEADER, "").replace(gallery.FOOTER, "")
    assert scan_markdown(bare, "editors/output-gallery.md", 0, registry_index()).findings


def test_the_diff_shows_a_changed_line_before_and_after():
    after = RENDERED.replace("FIRST LINE: 80 mg/day", "FIRST LINE: 60 mg/day", 1)
    lines = gallery.diff(RENDERED, after)
    assert "-  FIRST LINE: 80 mg/day by mouth once daily" in lines
    assert "+  FIRST LINE: 60 mg/day by mouth once daily" in lines
    assert gallery.diff(RENDERED, RENDERED) == []
