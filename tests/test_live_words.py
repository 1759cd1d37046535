"""Words once (issue 15): no sentence is typed into the browser code that the package also says.

Every note, refusal, label and safety message the page shows is a template of
`calculators.messages` (or a figure or tool choice the package exports); the page fills it.
"""

from __future__ import annotations

from pathlib import Path

from scripts.live_strings import browser_scripts, duplicated

ROOT = Path(__file__).resolve().parent.parent


PENDING: set[str] = set()
"""Scripts still being moved to templates (the taper engine, rewritten for issue 11 in the package)."""


def test_no_prose_of_the_package_is_typed_into_the_browser_code():
    found, total = duplicated(ROOT)
    found = [(name, literal) for name, literal in found if name not in PENDING]
    listing = "\n".join(f"  {name}: {literal!r}" for name, literal in found)
    assert not found, (f"{len(found)} of {total} string literals of 4+ words in the browser code are also in "
                       f"calculators/; make them templates in calculators/messages.py:\n{listing}")


def test_the_scan_finds_the_live_scripts():
    names = {p.name for p in browser_scripts(ROOT)}
    assert {"contract.js", "forms.js", "dose.js", "taper.js", "share.js", "record.js", "view.js"} <= names


def test_safety_messages_are_templates_the_scan_sees(tmp_path):
    """The safety sentences live in calculators.messages, so one typed into a page script fails the scan."""
    import shutil

    from calculators.messages import TEMPLATE_SOURCE
    from calculators.safety import RULES

    keys = {key for key in TEMPLATE_SOURCE if key.startswith("safety.")}
    assert len(keys) >= len(RULES)
    shutil.copytree(ROOT / "calculators", tmp_path / "calculators", ignore=shutil.ignore_patterns("__pycache__"))
    live = tmp_path / "docs" / "assets" / "javascripts" / "live"
    live.mkdir(parents=True)
    for key in sorted(keys):
        sentence = TEMPLATE_SOURCE[key].split("{")[0].strip()  # as written in messages.py, before a token
        if len(sentence.split()) < 4:
            continue
        (live / "taper.js").write_text(f'var m = "{sentence}";\n', encoding="utf-8")
        found, _ = duplicated(tmp_path)
        assert found, f"a copy of {key} typed into taper.js went unnoticed"
