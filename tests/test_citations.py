"""Outside references are cited one way everywhere (second clinical review, M-N5 and the pregnancy wording).

The texts read are everything a reader can meet: every template of `calculators.messages`, every note
and refusal of the committed reference vectors, the output gallery, and every Markdown page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from calculators import messages
from calculators.regimens import azathioprine
from calculators.sources import CPIC_THIOPURINE_2018, EXTERNAL_GUIDELINES

ROOT = Path(__file__).resolve().parent.parent


def reader_texts() -> dict[str, str]:
    """Every text a reader can meet, by where it is."""
    out = {f"messages:{k}": v for k, v in messages.export()["templates"].items()}
    vectors = json.loads((ROOT / "tests" / "data" / "regimen_vectors.json").read_text(encoding="utf-8"))
    out["tests/data/regimen_vectors.json"] = json.dumps(vectors, ensure_ascii=False)
    for page in sorted((ROOT / "docs").rglob("*.md")):
        out[str(page.relative_to(ROOT))] = " ".join(page.read_text(encoding="utf-8").split())
    return out


# --- CPIC: one citation (the 2018 update of the thiopurine guideline, Relling et al., 2019) -----------------

def test_cpic_has_one_name_that_says_both_the_update_and_the_paper():
    assert CPIC_THIOPURINE_2018.id == "CPIC thiopurine guideline 2018 update (Relling et al. 2019)"
    assert EXTERNAL_GUIDELINES[CPIC_THIOPURINE_2018.id] is CPIC_THIOPURINE_2018
    assert "2018 update" in CPIC_THIOPURINE_2018.citation and "2019;105" in CPIC_THIOPURINE_2018.citation


def test_cpic_is_never_cited_by_another_year_or_name():
    found = []
    for where, text in reader_texts().items():
        # a year beside CPIC must be its 2018 update; "Relling et al." must be 2019, after "2018 update"
        for m in re.finditer(r"CPIC[\w ]{0,30}?\b((?:19|20)\d\d)\b(?! update)", text):
            found.append(f"{where}: {m.group(0)!r}")
        for m in re.finditer(r"Relling et al\.?,?[^)]{0,40}", text):
            before = text[max(0, m.start() - 60):m.start()]
            if "2019" not in m.group(0) or "2018 update" not in before:
                found.append(f"{where}: {text[max(0, m.start() - 60):m.end()]!r}")
        if "CPIC thiopurines 2018" in text or "CPIC 2018" in text:
            found.append(f"{where}: an old name of CPIC")
    assert not found, "CPIC cited another way:\n" + "\n".join(found)


@pytest.mark.parametrize("tpmt", ["intermediate", "low-absent"])
def test_an_azathioprine_result_names_cpic_once_and_the_same_way(tpmt):
    patient = {"weight": 40, "weight_unit": "kg", "height": 183, "height_unit": "cm", "sex": "male", "age_years": 40}
    result = azathioprine(patient, tpmt=tpmt)
    texts = [n.text for n in result.notes] + [" ".join(n.rests_on) for n in result.notes] + list(result.sources)
    years = {y for t in texts for y in re.findall(r"\b20\d\d\b", t) if "CPIC" in t or "Relling" in t}
    assert years <= {"2018", "2019"}
    assert all("CPIC thiopurine guideline 2018 update (Relling et al. 2019)" in t
               for t in texts if "CPIC" in t and re.search(r"\b20\d\d\b", t))


# --- a labelled contraindication reads as one ------------------------------------------------------------

def test_no_text_softens_the_teratogens_contraindication():
    # Mycophenolate and cyclophosphamide in pregnancy: contraindicated (product labelling, an outside reference);
    # nothing a reader meets may say they can be started there "with specialist advice" or merely "not in" it
    found = [where for where, text in reader_texts().items()
             if re.search(r"without specialist advice|not in pregnancy", text)]
    assert not found, "softened wording in: " + ", ".join(found)
    templates = messages.export()["templates"]
    for key in ("safety.teratogen.pregnancy", "reg.mmf.teratogen", "reg.cyc.teratogen"):
        assert "contraindicated in pregnancy" in templates[key] and "product labelling" in templates[key], key
