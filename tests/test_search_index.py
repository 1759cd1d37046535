"""The search index of the built site, queried by the site's own search worker (Node, no browser).

``tests/node/search_runner.js`` loads the worker the build copied into ``site/``
(``docs/assets/javascripts/search-worker.js``, our own, with the lunr it imports) and
``site/search/search_index.json`` with the pages' text (``search_text.json``, see
igm_iim_site/search_split.py), and sends each query as the page does. A query that makes the
worker throw is an error here, even though the worker answers "no results" to the page (and says
why in the console).

Queries: wildcard, prefix, fuzzy, field and operator forms, numbers and units, every word of every
page title, and every name of igm_iim_site/search_terms.yml, whose first listed page must be in the top
three results (the browser test types a subset into the real search box).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from igm_iim_site import search_terms
from tests.browser.harness import SITE, site_is_built
from tests.live_node import node

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "node" / "search_runner.js"
WORDS = ROOT / "tests" / "data" / "lunr_words_128147d.json"

#: Query forms lunr parses specially, and the words and numbers a ward types.
FORMS = [
    "*", "**", "***", "*x*", "mtx*", "*ate", "*mab", "pred*sone", "p*", "1*", "*1", "15*", "0*", "2.5*",
    "meth~1", "meth~2", "methotrexate~3", "mtx^10", "mtx^", "title:taper", "text:mtx", "tags:x", "nofield:x",
    "title:*", ":", "+", "-", "^", "~", "+mtx -taper", "-mtx", "+", "--", "\\", '"', '"once weekly"',
    '"', "mg/kg", "15 mg", "1.5", "0.5–1", "2 g/kg", "1000 mg", "mg/m²", "×", "µg", "²", "≥ 20 mg",
    "TMP/SMX", "co-trimoxazole", "a b c d e f g h i j", "x" * 200, "15.0):", "S002", "S00*", "iim.mtx.start",
]


#: A bug of the theme's own worker, gone with our worker: a word joined by a hyphen to a word that ends
#: in a colon ("HZ-01:", "TMP-SMX: dose") was read by lunr's query parser as an unknown field, it threw
#: QueryParseError and the reader saw "No matching documents" (found by this test on the hazard log's
#: titles, 2026-12-07). Our worker builds its queries without that parser; these must now find pages.
HYPHEN_COLON = re.compile(r"[^\s:-]-[^\s:-]+:")


def _run(worker: Path, index: Path, queries: list[str], tmp_path: Path) -> list[dict]:
    path = tmp_path / "queries.json"
    path.write_text(json.dumps(queries), encoding="utf-8")
    out = subprocess.run([node(), str(RUNNER), str(worker), str(index), str(path)],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)["queries"]


def _site_worker() -> Path:
    worker = SITE / "assets" / "javascripts" / "search-worker.js"
    assert worker.is_file() and (worker.parent / "vendor" / "lunr.min.js").is_file(), worker
    return worker


@pytest.fixture(scope="module")
def built():
    if not site_is_built():
        pytest.skip(f"{SITE} is not built: run `make test` (or `make site` first)")
    if node() is None:
        pytest.fail("node is needed for this test (Node 20 is on every machine of this kind)")
    return _site_worker(), SITE / "search" / "search_index.json"


def site_docs() -> list[dict]:
    """Every entry of the built site's search index (the pages' text is in search_text.json)."""
    return json.loads((SITE / "search" / "search_text.json").read_text(encoding="utf-8"))["docs"]


def title_words() -> list[str]:
    words = set()
    for doc in site_docs():
        words.update(w for w in re.split(r"\s+", re.sub(r"<[^>]+>", " ", doc["title"])) if w)
    return sorted(words)


def test_no_query_crashes_the_site_s_search(built, tmp_path):
    worker, index = built
    names = [n for t in search_terms.load().terms for n in t.names]
    queries = [*FORMS, "TMP-SMX: dose", *names, *title_words()]
    answers = _run(worker, index, queries, tmp_path)
    crashed = [f"{a['query']!r}: {a['error'][:300]}" for a in answers if a["error"]]
    assert not crashed, "search fails for:\n" + "\n".join(crashed)
    hyphen_colon = [a for a in answers if HYPHEN_COLON.search(a["query"])]
    assert hyphen_colon and all(a["pages"] for a in hyphen_colon), [(a["query"], a["pages"][:3]) for a in hyphen_colon]
    # The run is not vacuous: ordinary queries find pages.
    found = {a["query"]: a["pages"] for a in answers}
    assert found["mtx*"] and found["15 mg"] and found["title:taper"], found


def test_each_ward_name_puts_its_page_in_the_top_three(built, tmp_path):
    worker, index = built
    vocabulary = search_terms.load()
    queries = [(n, t.where[0].split("#")[0]) for t in vocabulary.terms for n in t.names]
    answers = _run(worker, index, [q for q, _ in queries], tmp_path)
    missed = []
    for (query, page), answer in zip(queries, answers, strict=True):
        want = re.sub(r"(^|/)index\.md$", r"\1", page).removesuffix(".md").removesuffix(".py")
        want = want + "/" if want and not want.endswith("/") else want
        if want not in answer["pages"][:3]:
            missed.append(f"{query!r}: wants {want or 'home'}, top three {answer['pages'][:3]}")
    assert not missed, "\n".join(missed)


@pytest.mark.parametrize("query, clinical", [
    ("MTX", "calculators/regimens/methotrexate/"), ("JDM", "calculators/regimens/juvenile-dm/"),
    ("PCP prophylaxis", "guidelines/iim/"), ("taper", "calculators/taper/"),
])
def test_clinical_pages_rank_above_developer_pages(built, tmp_path, query, clinical):
    """Issue 24's ward trial: API, tool-choice and notebook pages came first for these."""
    (answer,) = _run(*built, [query], tmp_path)
    pages = answer["pages"]
    assert clinical in pages[:3], pages[:5]
    developer = [i for i, p in enumerate(pages) if p.startswith(("reference/", "editors/", "notebooks/"))]
    clinic = [i for i, p in enumerate(pages) if p.startswith(("guidelines/", "calculators/"))]
    assert not developer or max(clinic) < min(developer), pages


#: The ward trial's dose searches (issue 24, 4): each must list a page that gives the dose in its top three.
WARD_DOSES = {"15 mg": "calculators/regimens/methotrexate/", "2 g/kg": "calculators/regimens/ivig/",
              "1 g/kg": "calculators/regimens/ivig/", "500 mg": "calculators/regimens/mycophenolate/",
              "1000 mg": "calculators/regimens/rituximab/", "15 mg/m²": "calculators/regimens/juvenile-dm/"}


def test_a_dose_typed_as_a_search_finds_the_pages_that_give_it(built, tmp_path):
    """A search for a dose lists the calculator pages whose figures give it (hooks/search_terms.py tags).

    Before the dose tags, "2 g/kg" listed the IGM guideline first and the IVIG page not in the first six.
    """
    pages_of: dict[str, set[str]] = {}
    for doc in site_docs():
        for tag in doc.get("tags", []):
            pages_of.setdefault(tag, set()).add(doc["location"].split("#")[0])
    assert {"15 mg once weekly", "1–2 g/kg", "500 mg twice daily"} <= set(pages_of), pages_of
    # a tag is shown under the page's results: a weekly drug's dose is never a bare "15 mg" (HZ-02)
    weekly = [t for t in pages_of if "calculators/regimens/methotrexate/" in pages_of[t] and "/day" not in t]
    assert weekly and all(t.endswith("once weekly") for t in weekly), weekly
    queries = sorted(set(pages_of) | set(WARD_DOSES))
    answers = {a["query"]: a["pages"] for a in _run(*built, queries, tmp_path)}
    missed = [f"{q!r}: wants {WARD_DOSES[q]}, top three {answers[q][:3]}" for q in WARD_DOSES
              if WARD_DOSES[q] not in answers[q][:3]]
    # every dose a page gives: a page that gives it among the first five
    missed += [f"{q!r}: given by {sorted(pages)}, first five {answers[q][:5]}" for q, pages in pages_of.items()
               if not pages & set(answers[q][:5])]
    assert not missed, "\n".join(missed)
    # S003's unsafe methotrexate figure is shown on the page as a source's error, never tagged as a dose
    assert not [t for t in pages_of if t.startswith("25–50")], sorted(pages_of)


def test_developer_pages_stay_findable(built, tmp_path):
    answers = _run(*built, ["MTX_STEP_MG", "quality gates", "mkdocstrings", "taper engine"], tmp_path)
    pages = {a["query"]: a["pages"] for a in answers}
    assert pages["MTX_STEP_MG"][:1] == ["reference/statements/"], pages["MTX_STEP_MG"]
    assert pages["quality gates"][:1] == ["editors/quality/"], pages["quality gates"]
    assert "reference/taper/" in pages["taper engine"], pages["taper engine"]


def test_the_runner_reports_lunr_s_crash(tmp_path):
    """The guard can fail: the theme's own worker on a word list that breaks lunr's word graph.

    tests/data/lunr_words_128147d.json (see tests/test_search_worker.py) as the text of one page:
    with the theme's worker, "15" throws inside lunr; with the site's own worker it does not.
    """
    if node() is None:
        pytest.fail("node is needed for this test")
    import material

    words = json.loads(WORDS.read_text(encoding="utf-8"))
    index = tmp_path / "index.json"
    index.write_text(json.dumps({
        "config": {"lang": ["en"], "separator": r"[\s]+", "pipeline": ["stopWordFilter"],
                   "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1e6}}},
        "docs": [{"location": "words/", "title": "words", "text": " ".join(words)}]}), encoding="utf-8")
    theme = sorted((Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers")
                   .glob("search.*.min.js"))[0]
    (answer,) = _run(theme, index, ["15"], tmp_path)
    assert answer["error"] and "_index" in answer["error"], answer
    ours = ROOT / "docs" / "assets" / "javascripts" / "search-worker.js"
    (answer,) = _run(ours, index, ["15"], tmp_path)
    assert answer["error"] is None and answer["pages"] == ["words/"], answer


def test_mda5_finds_the_iim_page_saying_the_sources_do_not_cover_it(built, tmp_path):
    """Ward trial (issue 24): "MDA5" found nothing. The sources never mention it, so the IIM page says so, as
    the tool's statement, and search finds that sentence, never advice the sources do not give."""
    answers = {a["query"]: a["pages"] for a in _run(*built, ["MDA5", "anti-MDA5"], tmp_path)}
    assert answers["MDA5"][:1] == ["guidelines/iim/"] and answers["anti-MDA5"][:1] == ["guidelines/iim/"], answers
    page = (Path(__file__).resolve().parent.parent / "docs" / "guidelines" / "iim.md").read_text(encoding="utf-8")
    (item,) = [p.split("\n\n")[0] for p in page.split("\n- ") if "MDA5" in p]
    assert "not" in item and "covered" in item and '{{ kind("tool_choice") }}' in item, item
    assert "evidence(" not in item  # no source's label on a statement about what the sources leave out


#: The third ward trial (notes: ward-3, problem 4): query -> the page that must come first, and pages that
#: must not be listed above it.
WARD3 = {
    "Anti-Jo-1": ("guidelines/iim/", 3),
    "Jo-1": ("guidelines/iim/", 3),
    "2 g/kg": ("calculators/regimens/ivig/", 1),
    "1000 mg": ("calculators/regimens/iv-methylprednisolone/", 1),
    "2 mg/kg": ("calculators/regimens/azathioprine/", 1),  # above pages with 20 or 250 mg/kg
    "metotrexate": ("calculators/regimens/methotrexate/", 1),
    "azathioprne": ("calculators/regimens/azathioprine/", 1),
}


def test_the_third_ward_trial_s_searches_find_their_page(built, tmp_path):
    """A hyphenated antibody, two doses and a one-letter misspelling. Before: "Anti-Jo-1" listed the IIM
    guideline below the third place, the doses listed the Calculators index first, "metotrexate" nothing."""
    answers = {a["query"]: a for a in _run(*built, list(WARD3), tmp_path)}
    missed = [f"{q!r}: wants {page} in the first {n}, got {answers[q]['pages'][:4]}" for q, (page, n) in WARD3.items()
              if page not in answers[q]["pages"][:n]]
    assert not missed, "\n".join(missed)
    # the Calculators index gives no dose: it has no dose tags and is never above the page that gives it
    for query in ("2 g/kg", "1000 mg"):
        pages = answers[query]["pages"]
        assert "calculators/" not in pages[:2], (query, pages[:4])
    assert not [d for d in site_docs() if d["location"] in ("calculators/", "") and d.get("tags")]
    # a misspelt word that found its page is not shown as missing under it
    assert answers["metotrexate"]["missing"] == [] and answers["azathioprne"]["missing"] == [], answers


def test_a_hyphenated_word_is_searched_as_a_phrase_and_a_typo_is_forgiven_only_when_nothing_is_found(tmp_path):
    """The worker's own rules, on a made-up index: "anti-jo-1" wants the three whole words, not any
    word that starts with "1" (a page full of doses); "metotrexate" finds "methotrexate" only when the
    exact words find nothing, and a word under six letters is never stretched."""
    if node() is None:
        pytest.fail("node is needed for this test")
    index = tmp_path / "index.json"
    index.write_text(json.dumps({
        "config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter", "stemmer"],
                   "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
        "docs": [{"location": "doses/", "title": "doses", "text": "anti joint 10 12 15 100 150 " * 20},
                 {"location": "antibody/", "title": "antibody", "text": "the anti-Jo-1 antibody"},
                 {"location": "drug/", "title": "drug", "text": "methotrexate once weekly"},
                 {"location": "mood/", "title": "mood", "text": "cat"}]}), encoding="utf-8")
    ours = ROOT / "docs" / "assets" / "javascripts" / "search-worker.js"
    answers = {a["query"]: a for a in _run(ours, index, ["Anti-Jo-1", "anti-cat", "metotrexate",
                                                          "methotrexate", "cot", "zzzzzzzzzz"], tmp_path)}
    assert answers["Anti-Jo-1"]["pages"] == ["antibody/"], answers["Anti-Jo-1"]
    # no page has both words: the words are searched for one by one
    assert {"mood/", "antibody/"} <= set(answers["anti-cat"]["pages"]), answers["anti-cat"]
    assert answers["metotrexate"]["pages"] == ["drug/"] and answers["metotrexate"]["missing"] == [], answers
    assert answers["methotrexate"]["pages"] == ["drug/"], answers
    assert answers["cot"]["pages"] == [] and answers["zzzzzzzzzz"]["pages"] == [], answers


def test_a_dose_the_sources_do_not_give_finds_the_page_that_says_so(built, tmp_path):
    """The fourth ward trial: "750 mg/m2" (a cyclophosphamide dose, typed with the ward's m2) listed the
    methotrexate and juvenile DM pages (their dose tags have mg and m²) and not the cyclophosphamide page.
    Now the cyclophosphamide page comes first (searched_doses in search_terms.yml, a result with the typed
    number above those without it, m2 and m² one word), and the line it is found by says that the sources
    give no cyclophosphamide dose: search never shows 750 mg/m2 as a dose of the site."""
    queries = ["750 mg/m2", "750 mg/m²", "750 mg/M2", "15 mg/m2"]
    answers = {a["query"]: a for a in _run(*built, queries, tmp_path)}
    for query in queries[:3]:
        assert answers[query]["pages"][:1] == ["calculators/regimens/cyclophosphamide/"], answers[query]
        assert answers[query]["missing"] == [], answers[query]
    # the dose the sources give per m² still finds the pages that give it
    assert {"calculators/regimens/methotrexate/", "calculators/regimens/juvenile-dm/"} == set(
        answers["15 mg/m2"]["pages"][:2]), answers["15 mg/m2"]
    assert answers["15 mg/m2"]["missing"] == [], "m2 is not found as m²: " + str(answers["15 mg/m2"])
    (top,) = [d for d in site_docs() if d["location"] == "calculators/regimens/cyclophosphamide/"]
    said = re.search(r"[^.>]*750 mg/m2[^<]*", top["text"]).group(0)
    assert "the sources give no cyclophosphamide dose" in said, said


def test_words_in_separate_elements_are_separate_words_in_the_index(built):
    """The fourth ward trial: results read "RituximabS002" (a table cell's name, a <br>, its source badge)
    and the flowchart's lines ran together ("infectionor cancer found?S001Treat"): the theme's search
    plugin joins the text of adjacent elements with nothing between."""
    glued = [(d["location"], m.group(0)) for d in site_docs() for m in re.finditer(r".{12}[a-z]S00[0-3]\b.{0,12}",
                                                                                  d["title"] + " " + d["text"])]
    assert not glued, glued[:5]
    (iim,) = [d for d in site_docs() if d["location"] == "guidelines/iim/#4-severe-and-refractory-disease"]
    assert re.search(r"Rituximab\s+S002", iim["text"]), iim["text"][:500]
    (igm,) = [d for d in site_docs() if d["location"] == "guidelines/igm/#algorithm"]
    assert "other infection or cancer found? S001" in igm["text"], igm["text"][:500]


#: The fifth ward trial (notes: reviews/ward-5.md, problem 2): query -> the page that must come first.
WARD5 = {
    "prednisolone": "calculators/regimens/prednisone-initial/",  # was: Methotrexate (a section title)
    "15 mg/kg": "calculators/regimens/iv-methylprednisolone/",  # was: Methotrexate (15 mg once weekly)
    "methylprednisolone 62 kg": "calculators/regimens/iv-methylprednisolone/",  # was: Notebooks
    "DEXA": "calculators/safety/",  # was: Steroid equivalence (dexamethasone)
    "breast abscess": "guidelines/igm/",  # was: Sources
}


def test_the_fifth_ward_trial_s_searches_find_the_clinical_page_first(built, tmp_path):
    """A name of the ward's vocabulary typed whole lists the sections it is listed for first; a dose typed
    with its unit lists the page whose dose tag gives it (a range holding it) first; a developer page is
    never above a clinical one, whatever number it has; more of the words asked, then words in the title."""
    answers = {a["query"]: a for a in _run(*built, [*WARD5, "Prednisolone", "15 mg"], tmp_path)}
    missed = [f"{q!r}: wants {page} first, got {answers[q]['pages'][:4]}" for q, page in WARD5.items()
              if answers[q]["pages"][:1] != [page]]
    assert not missed, "\n".join(missed)
    # the prednisolone taper and the IGM guideline follow, above the methotrexate page
    pred = answers["prednisolone"]["pages"]
    assert pred[1:3] == ["calculators/taper/", "guidelines/igm/"] and answers["Prednisolone"]["pages"] == pred, pred
    assert "guidelines/iim/" in answers["DEXA"]["pages"][:2], answers["DEXA"]["pages"]
    # 15 mg is methotrexate's once-weekly dose: the range rule keeps the unit (mg is not mg/kg)
    assert "calculators/regimens/iv-methylprednisolone/" not in answers["15 mg"]["pages"][:3], answers["15 mg"]
    assert "calculators/regimens/methotrexate/" in answers["15 mg"]["pages"][:3], answers["15 mg"]
