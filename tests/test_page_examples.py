"""Under `make serve`, a saved page's examples run and a failure shows in the page (issue 23).

The ``page_examples`` part of the site's plugin (``igm_iim_site/page_examples.py``) runs the examples of each page whose text changed, as ``pytest
docs/x.md`` runs them (the project's runner, in a fresh interpreter), and shows a failure as a red
box under the example with its line, what the page shows and what the code gives. Only under
``mkdocs serve``: a build (``make site``, ``make test``, ``make publish``) never runs them.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from igm_iim_site import page_examples as hook
from igm_iim_site.state import BuildState
from tests.clones import change_figure, working_copy
from tests.serving import fetch, free_port, start_serve, wait_until

ROOT = Path(__file__).resolve().parent.parent
PAGE = """# A page

Some text.

```python
print(1 + 1)
#> 3
```

```python
x = 2
assert x == 3
```

```python
print(2 + 2)
#> 4
```
"""


def test_the_examples_of_a_page_run_as_pytest_runs_them(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    failures = hook.run_examples(ROOT, [page])
    assert [(f.line, f.expected, f.actual) for f in failures] == [
        (7, "3", "2"), (12, "assert x == 3", "AssertionError: assert 2 == 3")]
    page.write_text(PAGE.replace("#> 3", "#> 2").replace("x == 3", "x == 2"), encoding="utf-8")
    assert hook.run_examples(ROOT, [page]) == []


def test_the_box_goes_under_the_failing_example_even_after_other_hooks_changed_the_page():
    failure = hook.ExampleFailure("docs/x.md", 7, "3", "2")
    changed = "# A page\n\nA generated table\nof three lines\nabove.\n\n" + PAGE.split("\n", 3)[3]
    out = hook.annotate(changed, PAGE, [failure])
    before, after = out.split('<div class="example-failure-box"', 1)
    assert before.endswith("print(1 + 1)\n#> 3\n```\n\n") and "assert x == 3" in after
    assert "line 7: the page shows &ldquo;3&rdquo;, the code gives &ldquo;2&rdquo;" in after


def test_only_mkdocs_serve_runs_the_examples(monkeypatch, tmp_path):
    ran = []

    class Run:  # the part's run, recorded instead of started
        def __init__(self, root, pages):
            ran.append(pages)
            self.started = 0.0

        def failures(self):
            return []

    monkeypatch.setattr(hook, "ExampleRun", Run)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "x.md").write_text(PAGE, encoding="utf-8")
    (docs / "prose.md").write_text("# No example\n", encoding="utf-8")
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), docs_dir=str(docs))

    def build(command: str | None, kept: dict) -> None:  # a build of the plugin: a new state, what is kept kept
        state = BuildState(options={}, kept=kept, command=command)
        hook.on_config(config, state=state)
        hook.on_post_build(config, state=state)

    for command in ("build", "gh-deploy", "mike", None):
        build(command, {})
    assert ran == [] and not hook.serving(BuildState(options={}, command="build"))
    kept = {"fingerprint": ("calculators/a.py", 1, 1)}
    build("serve", kept)
    assert ran == [[docs / "x.md"]]
    build("serve", kept)
    assert len(ran) == 1, "an unchanged page is not run again"
    (docs / "x.md").write_text(PAGE + "\nMore text.\n", encoding="utf-8")
    build("serve", kept)
    assert len(ran) == 2, "a saved page runs again"
    kept["fingerprint"] = ("calculators/a.py", 2, 1)
    build("serve", kept)
    assert len(ran) == 3, "after a change in the package every page runs again"


# --- a real `mkdocs serve` ----------------------------------------------------------------------------

#: The ports this test may serve on (one free one is taken).
PORTS = range(8320, 8330)
SERVED = "calculators/body-size/"
SOURCE = "docs/calculators/body-size.md"
#: Seconds the first build may take on a loaded 2-core machine, and a rebuild after the edit.
FIRST_BUILD_S, REBUILD_S = 600, 180


@pytest.mark.slow
def test_a_saved_page_shows_its_failing_example_in_make_serve(tmp_path):
    copy = working_copy(tmp_path / "copy")
    page = copy / SOURCE
    text = page.read_text(encoding="utf-8")
    line = text.split("\n").index("#> 70.5 kg | Devine: 50 kg + 2.3 kg per inch over 60 in (male) | Devine 1974") + 1
    port = free_port(PORTS)
    log = (tmp_path / "serve.log").open("w")
    proc = start_serve(copy, port, log)
    url = f"http://127.0.0.1:{port}/{SERVED}"
    try:
        assert wait_until(url, lambda html: "Devine" in html, FIRST_BUILD_S, proc) is not None, \
            (tmp_path / "serve.log").read_text()[-3000:]
        assert "example-failure-box" not in fetch(url)
        page.write_text(text.replace("#> 70.5 kg | Devine", "#> 71.5 kg | Devine"), encoding="utf-8")
        seconds = wait_until(url, lambda html: "example-failure-box" in html, REBUILD_S, proc)
        served = (tmp_path / "serve.log").read_text()
        assert seconds is not None, f"no failure shown {REBUILD_S} s after the save:\n{served[-3000:]}"
        html = fetch(url)
        assert (f"This example fails at line {line}: the page shows &ldquo;71.5 kg | Devine: 50 kg + 2.3 kg per "
                "inch over 60 in (male) | Devine 1974&rdquo;, the code gives &ldquo;70.5 kg | Devine:") in html
        assert "example-failure-summary" in html
        assert f"{SOURCE}:{line}: example fails" in served
        print(f"failing example shown {seconds:.1f} s after the save")
        page.write_text(text, encoding="utf-8")
        cleared = wait_until(url, lambda html: "example-failure-box" not in html, REBUILD_S, proc)
        assert cleared is not None, "the box stayed after the page was put right"
        print(f"box gone {cleared:.1f} s after the fix")
        # a figure changed in the package: its pages show the new value, and their stale #> lines a box
        change_figure(copy, "iim.mmf.start", 500, 750)
        mmf = f"http://127.0.0.1:{port}/calculators/regimens/mycophenolate/"
        value = wait_until(mmf, lambda html: "750 mg twice daily" in html, REBUILD_S, proc)
        boxed = wait_until(mmf, lambda html: "example-failure-box" in html, REBUILD_S, proc)
        assert value is not None and boxed is not None, (tmp_path / "serve.log").read_text()[-3000:]
        assert "the page shows &ldquo;Starting dose: mycophenolate mofetil 500 mg" in fetch(mmf)
        print(f"figure change: new value served after {value:.1f} s, its stale example boxed after {boxed:.1f} s")
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(30)
        log.close()
