"""The package says what it is: a licence file that matches its metadata, and a description of what it computes.

A reader of the package index (or `pip show`) sees the description and the licence; twine and
PyPI read them from pyproject.toml. The description is checked against the package itself: every
regimen calculator it exports is named, so a new regimen cannot ship under an old summary.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from calculators import regimens

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

# The opening line and the grant of the MIT licence (https://opensource.org/license/mit), as it is written.
MIT_OPENING = "MIT License"
MIT_GRANT = ("Permission is hereby granted, free of charge, to any person obtaining a copy of this software "
             "and associated documentation files (the \"Software\"), to deal in the Software without restriction")


def test_the_licence_file_matches_the_metadata():
    assert PROJECT["license"] == "MIT"
    assert PROJECT.get("license-files") == ["LICENSE"], "the wheel and sdist must carry the licence text"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.splitlines()[0] == MIT_OPENING
    assert MIT_GRANT in " ".join(text.split())
    assert re.search(r"^Copyright \(c\) \d{4} \S", text, re.M), "a copyright line with a year and a holder"


def _drug(calculator: str) -> str:
    """prednisone_initial -> prednisone, iv_methylprednisolone -> methylprednisolone, calcineurin_inhibitor -> ..."""
    words = [w for w in calculator.split("_") if w not in {"iv", "initial", "iim", "igm", "jdm"}]
    return " ".join(words)


def test_the_description_says_what_the_package_computes():
    text = PROJECT["description"].lower()
    assert len(text) < 512, "a one-paragraph summary (the index shows it as one line)"
    missing = sorted({_drug(c) for c in regimens.CALCULATORS if _drug(c) not in text})
    assert not missing, f"regimen calculators the description does not name: {missing}"
    for what in ("body surface area", "ideal and adjusted weight", "steroid equivalents", "taper", "safety",
                 "granulomatous mastitis", "inflammatory myopathy", "source"):
        assert what in text, what
