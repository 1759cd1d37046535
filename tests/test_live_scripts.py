"""The live-calculator scripts load on the pages with a live form, and only there."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.live import LIVE_FORM, LIVE_SCRIPTS

SITE = Path(__file__).resolve().parent.parent / "site"


def _pages():
    if not (SITE / "index.html").exists():
        pytest.skip("site/ is not built: run `make test`")
    return sorted(SITE.rglob("index.html"))


def test_scripts_only_where_a_form_is():
    for page in _pages():
        html = page.read_text(encoding="utf-8")
        loaded = [s for s in LIVE_SCRIPTS if s.rsplit("/", 1)[-1] in html and "<script src=" in html
                  and f'{s.rsplit("/", 1)[-1]}" defer' in html]
        if LIVE_FORM.search(html):
            assert len(loaded) == len(LIVE_SCRIPTS), f"{page.relative_to(SITE)} has a form but loads {loaded}"
        else:
            assert not loaded, f"{page.relative_to(SITE)} has no live form but loads {loaded}"


def test_the_forms_pages_exist():
    with_forms = {p.parent.relative_to(SITE).as_posix() for p in _pages()
                  if LIVE_FORM.search(p.read_text(encoding="utf-8"))}
    assert {"calculators/body-size", "calculators/steroid-equivalence", "calculators/taper",
            "calculators/dose"} <= with_forms
