"""Part of the igm-iim plugin: the reader's scripts, each only where it is needed.

* ``share.js`` (the calculation kept in the address after ``#``) and
  ``record.js`` (the printed dose record) on pages that hold a live form,
  after the live-calculator scripts that igm_iim_site/live.py adds;
* ``view.js`` (clinician or patient view) on every page, plus a two-line
  inline script in the head that applies the saved view before the page is
  drawn, so a patient never sees the clinician layout flash first;
* the view's own elements written into the page, so that nothing moves when
  the deferred view.js runs (a first visit's layout shift was 0.18-0.28 in
  Lighthouse): the Clinician / Patient switch (top of the page and header
  bar), the first-visit question "Who is reading?" (hidden by the head
  script once a choice is saved) and the "for the prescribing team" notes
  of dose pages (shown in the patient view only). Without JavaScript the
  switch and the question stay hidden, as before, since nothing could
  answer them. view.js binds them, and makes them only if a page lacks them.
"""

from __future__ import annotations

import re
from html import escape

from mkdocs.utils import get_relative_url

LIVE_FORM = re.compile(r'<form\b[^>]*\bclass="[^"]*\blive-calc\b')
FORM_SCRIPTS = ("assets/javascripts/share.js", "assets/javascripts/record.js")
PAGE_SCRIPTS = ("assets/javascripts/view.js",)
STORAGE_KEY = "guide.reader"
EARLY_VIEW = (
    "<script>(function(d){var v=null;d.setAttribute(\"data-reader-js\",\"\");"
    "try{v=localStorage.getItem(\"" + STORAGE_KEY + "\")}catch(e){}"
    "if(v===\"patient\"||v===\"clinician\")d.setAttribute(\"data-reader-chosen\",\"\");else v=\"clinician\";"
    "d.setAttribute(\"data-reader\",v)})(document.documentElement)</script>"
)

# Every word of the reader's view is written here, into the page; view.js only wires it.
CHOICES = (("clinician", "Clinician", "Clinician view: the page as written for the healthcare team"),
           ("patient", "Patient", "Patient view: plain-language summary first"))
ASK_TEXT = ("Who is reading? The guide can lead with plain language for patients and families. "
            "You can change this at any time with the Clinician / Patient switch at the top of every page.")
ASK_CHOICES = (("clinician", "I work in healthcare"), ("patient", "I am a patient or family member"))
TEAM_NOTE = ("For the prescribing team: the doses on this page are worked out for the doctor, nurse "
             "or pharmacist who prescribes. Do not start, stop or change a medicine because of a number here; "
             "ask your team.")
FOLD_LABEL = "Clinical detail for the healthcare team (tests, doses, evidence)"
"""The label of the fold that holds a guideline page's clinical detail in the patient view (view.js makes the fold)."""
RESULT_NOTE = ("For the prescribing team: a dose shown below is for the person who prescribes, "
               "not an instruction to the patient.")

ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">')
SEARCH_IN_HEADER = re.compile(r'<div class="md-search"')
FIRST_H1 = re.compile(r"<h1\b[^>]*>.*?</h1>", re.DOTALL)
FORM = re.compile(r'<form\b[^>]*\bclass="[^"]*\blive-calc\b.*?</form>', re.DOTALL)
RESULT = re.compile(r'<(?:div|section|output)\b[^>]*\bdata-live-results?\b')


def switch(where: str) -> str:
    buttons = "".join(
        f'<button type="button" class="reader-switch__button" title="{escape(title)}" data-reader-choice="{view}" '
        f'aria-pressed="{str(view == "clinician").lower()}">{label}</button>' for view, label, title in CHOICES)
    fold = f' data-fold-label="{escape(FOLD_LABEL)}"' if where == "page" else ""
    return (f'<div class="reader-switch reader-switch--{where}" role="group" aria-label="Reading as"{fold}>'
            f"{buttons}</div>")


def ask() -> str:
    buttons = "".join(f'<button type="button" data-reader-choice="{view}">{escape(label)}</button>'
                      for view, label in ASK_CHOICES)
    return (f'<div class="reader-ask" role="region" aria-label="Who is reading"><p>{escape(ASK_TEXT)}</p>'
            f"{buttons}</div>")


def view_elements(output: str, url: str) -> str:
    """The switch, the first-visit question and the team notes, where view.js would put them."""
    article = ARTICLE.search(output)
    if article is None:
        return output
    head, body = output[: article.end()], output[article.end():]
    head = SEARCH_IN_HEADER.sub(lambda m: switch("header") + m.group(0), head, count=1)
    forms = list(FORM.finditer(body))
    doses = bool(forms) or url.startswith(("calculators/", "notebooks/"))
    if doses:
        body = FIRST_H1.sub(lambda m: m.group(0) + f'<p class="reader-note reader-note--page">{escape(TEAM_NOTE)}</p>',
                            body, count=1)
    note = f'<p class="reader-note reader-note--result">{escape(RESULT_NOTE)}</p>'

    def mark_form(match: re.Match) -> str:
        return RESULT.sub(lambda m: note + m.group(0), match.group(0), count=1)

    body = FORM.sub(mark_form, body)
    form = FORM.search(body)
    if form:  # a calculator page opens with its form: the question comes after it
        body = switch("page") + body[: form.end()] + ask() + body[form.end():]
    else:
        body = ask() + switch("page") + body
    return head + body


def _tags(scripts, page) -> str:
    return "".join(f'<script src="{get_relative_url(s, page.url)}" defer></script>' for s in scripts)


def on_post_page(output, page, config, **kwargs):
    scripts = list(PAGE_SCRIPTS)
    if LIVE_FORM.search(output):
        scripts = list(FORM_SCRIPTS) + scripts
    output = view_elements(output, page.url)
    output = output.replace("</head>", EARLY_VIEW + "\n</head>", 1)
    return output.replace("</body>", _tags(scripts, page) + "\n</body>", 1)
