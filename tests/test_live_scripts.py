"""The live forms come from the package: no hand-written form in the pages, and each page loads
only the scripts and data of its own forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calculators.forms import FORMS, export
from calculators.forms import html as form_html
from igm_iim_site.live import LIVE_FORM, render

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
INLINE = re.compile(r"`[^`\n]*`")


def test_no_page_holds_a_hand_written_input():
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = INLINE.sub("", FENCE.sub("", page.read_text(encoding="utf-8")))
        for tag in ("<input", "<select", "<form"):
            assert tag not in text, f"{page.relative_to(ROOT)} holds a hand-written {tag}: use {{{{ live_form(...) }}}}"


def test_the_token_becomes_the_form_of_the_definition():
    html = render('# Dose\n\n{{ live_form("dose") }}\n', "x.md")
    names = set(re.findall(r'name="([a-z_0-9]+)"', html))
    assert names == {f.name for f in FORMS["dose"].fields}
    assert 'class="live-calc" data-form="dose"' in html and "data-live-result" in html
    assert not re.search(r'<input[^>]*type="(text|date)"[^>]*value=', html)  # nothing pre-filled
    assert "selected" not in html  # no default patient, no default TPMT
    assert "\n\n" not in form_html.render(FORMS["dose"])  # one HTML block for Markdown


def test_an_unknown_form_fails_the_build():
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match="unknown live form 'doze'"):
        render('{{ live_form("doze") }}', "calculators/x.md")


def test_scripts_for_a_page_are_only_its_forms():
    taper = export.scripts_for(["taper"])
    assert export.data_file("taper") in taper and export.data_file("dose") not in taper
    assert not any(s.endswith("/dose.js") for s in taper)
    # the taper's start coverage and words are steps of the recipe language (calculators/taper/start.py)
    assert any(s.endswith("/recipe.js") for s in taper)
    dose = export.scripts_for(["dose"])
    # body size and steroid equivalence are formulas run by recipe.js: no script of their own
    assert export.SCRIPTS["body-size"][-1] == export.SCRIPTS["steroid-equivalence"][-1] == "recipe.js"
    assert dose.index(export.BASE + "recipe.js") < dose.index(export.BASE + "dose.js")
    for form in FORMS:
        for script in export.SCRIPTS[form]:
            assert (ROOT / "docs" / export.BASE / script).exists(), script


def _pages():
    if not (SITE / "index.html").exists():
        pytest.skip("site/ is not built: run `make test`")
    return sorted(SITE.rglob("index.html"))


def test_built_pages_load_the_scripts_of_their_forms_only():
    for page in _pages():
        html = page.read_text(encoding="utf-8")
        forms = list(dict.fromkeys(m.group("name") for m in LIVE_FORM.finditer(html)))
        loaded = re.findall(r'<script src="[^"]*(assets/javascripts/live/[^"]+)" defer>', html)
        assert loaded == export.scripts_for(forms) if forms else not loaded, page.relative_to(SITE)


def test_the_forms_pages_exist():
    with_forms = {p.parent.relative_to(SITE).as_posix() for p in _pages()
                  if LIVE_FORM.search(p.read_text(encoding="utf-8"))}
    assert {"calculators/body-size", "calculators/steroid-equivalence", "calculators/taper",
            "calculators/dose"} <= with_forms


def test_the_dose_form_says_per_regimen_what_each_field_needs():
    """required / optional / unused follow the chosen regimen; the HTML starts as the presets make it."""
    from calculators.forms.reading import need

    fields = {f.name: f for f in FORMS["dose"].fields}

    def needs(regimen: str) -> dict[str, str]:
        raw = {"regimen": regimen, "weight_unit": "kg", "height_unit": "cm"}
        return {name: need(f, raw) for name, f in fields.items()}

    assert needs("prednisone_initial")["weight"] == "required"
    # the actual weight is required for azathioprine (issue 22): dosed on ideal body weight, warned on the actual
    assert needs("azathioprine")["weight"] == "required" and needs("azathioprine")["height"] == "required"
    assert needs("azathioprine")["tpmt"] == "required"
    assert needs("rituximab")["weight"] == "unused" and needs("rituximab")["start"] == "optional"
    assert needs("methotrexate_igm")["mg_per_week"] == "required"
    # on a regimen's own page (regimen preset), a field it requires does not start "(optional)"
    page = form_html.render(FORMS["dose"], presets={"regimen": "prednisone_initial"})
    assert re.search(r'data-optional-for="weight" hidden>', page)
    page = form_html.render(FORMS["dose"], presets={"regimen": "azathioprine"})
    assert re.search(r'data-optional-for="weight" hidden>', page)
