"""The flowchart hook: YAML in a fence becomes an SVG plus a text version."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from calculators.guidance import IIM_MTX_START
from igm_iim_site import flowchart
from igm_iim_site.flowchart import parse, render_chart, transform, wrap

SVG = "{http://www.w3.org/2000/svg}"

SIMPLE = """\
title: Test chart
nodes:
  - {id: a, kind: start, text: Begin here}
  - {id: b, kind: decision, text: "Is it so?", source: S002}
  - {id: c, text: Do the thing, source: [S002, S003], evidence: consensus, link: ../calculators/taper.md}
  - {id: d, kind: stop, text: Finished}
edges:
  - {from: a, to: b}
  - {from: b, to: c, label: "Yes"}
  - {from: b, to: d, label: "No"}
  - {from: c, to: d}
"""


def _page(yaml_text: str) -> str:
    return f"# Page\n\nIntro.\n\n```flowchart\n{yaml_text}```\n\nAfter.\n"


def _svg(html: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0))


def test_wrap_keeps_every_word_and_respects_the_width():
    text = "Methotrexate 15 mg once weekly plus prednisolone 10–20 mg/day, then taper"
    lines = wrap(text, 20)
    assert " ".join(lines) == text
    assert all(len(line) <= 20 for line in lines)
    assert wrap("Supercalifragilistic word", 5) == ["Supercalifragilistic", "word"]


def test_layout_is_one_column_top_to_bottom_inside_the_viewbox():
    html = render_chart(parse(SIMPLE), "fc1")
    svg = _svg(html)
    _, _, width, height = map(float, svg.get("viewBox").split())
    assert width == 360  # phone-width coordinate system: 1 unit is about 1 px at 390 px
    tops = []
    for group in svg.iter(f"{SVG}g"):
        shape = group.find(f"{SVG}rect")
        if shape is not None:
            x, y = float(shape.get("x")), float(shape.get("y"))
            w, h = float(shape.get("width")), float(shape.get("height"))
            assert x >= 0 and x + w <= width and y >= 0 and y + h <= height
            tops.append(y)
    assert tops == sorted(tops) and len(tops) == 3  # start, action, stop (the decision is a path)
    # b -> d skips c, so it runs in a lane right of the boxes; the others are straight down
    paths = [p.get("d") for p in svg.iter(f"{SVG}path") if p.get("class") == "fc-edge"]
    assert len(paths) == 1
    lane_x = float(re.search(r"H([\d.]+) V", paths[0]).group(1))
    box_right = max(float(r.get("x")) + float(r.get("width")) for r in svg.iter(f"{SVG}rect"))
    assert box_right < lane_x < width  # the lane runs clear of the boxes, inside the chart
    assert len([ln for ln in svg.iter(f"{SVG}line") if ln.get("class") == "fc-edge"]) == 3


def test_text_is_escaped_in_svg_and_text_version():
    chart = parse(SIMPLE.replace("Do the thing", "'<script>alert(1)</script> & \"x\"'"))
    html = render_chart(chart, "fc1")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in html
    _svg(html)  # still well-formed XML


def test_text_version_lists_every_step_with_sources_links_and_branches():
    html = render_chart(parse(SIMPLE), "fc1", resolve_link=lambda link: "../../calculators/taper/")
    steps = re.search(r'<ol id="fc1-steps">(.*)</ol>', html, re.DOTALL).group(1)
    items = re.findall(r'<li id="fc1-step-(\w)">', steps)
    assert items == ["a", "b", "c", "d"]
    assert '<strong>Decision.</strong> Is it so? <span class="fc-src">(S002)</span>' in steps
    assert '(S002 · S003 · expert consensus)' in steps
    assert 'Yes — go to <a href="#fc1-step-c">step 3</a> (Do the thing)' in steps
    assert 'No — go to <a href="#fc1-step-d">step 4</a> (Finished)' in steps
    assert 'Then <a href="#fc1-step-b">step 2</a>.' in steps  # plain next step: no repeated text
    assert steps.count('href="../../calculators/taper/"') == 1
    # the SVG names itself and points at the text version for screen readers
    svg = _svg(html)
    # "group", not "img": an img role hides the calculator links inside it (axe nested-interactive)
    assert svg.get("role") == "group" and svg.get("aria-describedby") == "fc1-steps"
    assert svg.find(f"{SVG}title").text.startswith("Flowchart: Test chart")
    links = [a.get("href") for a in svg.iter(f"{SVG}a")]
    assert links == ["../../calculators/taper/"]


def test_a_link_label_replaces_open_calculator_in_the_box_and_the_text_version():
    # Clinical review 3, M10: the IGM azathioprine step opened the IIM dose under "open calculator".
    labelled = SIMPLE.replace("link: ../calculators/taper.md}", "link: ../calculators/taper.md, link_label: IIM dose}")
    html = render_chart(parse(labelled), "fc1", resolve_link=lambda link: "../../calculators/taper/")
    metas = [t.text for t in _svg(html).iter(f"{SVG}text") if t.get("class") == "fc-meta"]
    assert "S002 · S003 · expert consensus · IIM dose ›" in metas and not any("open calculator" in m for m in metas)
    assert 'Open the calculator</a> (IIM dose).' in html


def test_the_igm_azathioprine_step_says_its_calculator_gives_the_iim_dose():
    from pathlib import Path

    page = (Path(__file__).resolve().parent.parent / "docs" / "guidelines" / "igm.md").read_text(encoding="utf-8")
    chart = parse(page.split("```flowchart\n", 1)[1].split("```", 1)[0])
    aza = next(n for n in chart.nodes if n.link and n.link.endswith("azathioprine.md"))
    assert aza.link_label == "IIM dose, not IGM"


def _files() -> Files:
    def f(path):
        return File(path, "/docs", "/site", use_directory_urls=True)
    return Files([f("guidelines/iim.md"), f("calculators/taper.md"), f("calculators/regimens/ivig.md")])


class _Page:
    def __init__(self, files, src):
        self.file = files.get_file_from_path(src)


def test_hook_resolves_page_links_to_built_urls():
    files = _files()
    page = _Page(files, "guidelines/iim.md")
    text = _page(SIMPLE.replace("../calculators/taper.md", "../calculators/regimens/ivig.md"))
    out = flowchart.on_page_markdown(text, page=page, config={}, files=files)
    assert 'href="../../calculators/regimens/ivig/"' in out
    assert out.startswith("# Page\n\nIntro.\n") and out.rstrip().endswith("After.")
    assert "```flowchart" not in out


def test_hook_refuses_a_link_to_a_missing_page_or_another_host():
    files = _files()
    page = _Page(files, "guidelines/iim.md")
    with pytest.raises(PluginError, match=r"^docs/guidelines/iim.md:5: flowchart: link '../calculators/nope.md'"):
        flowchart.on_page_markdown(_page(SIMPLE.replace("taper.md", "nope.md")), page=page, config={}, files=files)
    with pytest.raises(PluginError, match="must be a page of this site"):
        flowchart.on_page_markdown(_page(SIMPLE.replace("../calculators/taper.md", "https://x.org")),
                                   page=page, config={}, files=files)


def test_bad_yaml_fails_naming_page_and_line():
    # the fence opens on line 5 of the page; the broken line is line 3 of the YAML -> page line 8
    bad = "title: T\nnodes:\n  - {id: a, text: [unclosed\n"
    with pytest.raises(PluginError, match=r"^docs/guidelines/iim.md:[78]: flowchart: invalid YAML"):
        transform(_page(bad), "docs/guidelines/iim.md")


def test_invalid_field_fails_naming_page_line_and_field():
    bad = SIMPLE.replace("kind: decision", "kind: maybe")
    # 'kind: maybe' is on YAML line 4 -> page line 5 + 4 = 9
    with pytest.raises(PluginError, match=r"iim.md:9: flowchart: nodes.1.kind: Input should be"):
        transform(_page(bad), "docs/guidelines/iim.md")


def test_unknown_node_and_unknown_source_fail():
    with pytest.raises(PluginError, match=r"iim.md:15: flowchart: edge 3 to 'z': no such node"):
        transform(_page(SIMPLE.replace("{from: b, to: d,", "{from: b, to: z,")), "docs/guidelines/iim.md")
    with pytest.raises(PluginError, match=r"unknown source \['S009'\]"):
        transform(_page(SIMPLE.replace("source: S002", "source: S009")), "docs/guidelines/iim.md")


def test_figure_tokens_in_nodes_come_from_the_registry():
    text = _page(SIMPLE.replace("Do the thing", "'Methotrexate {{ figure(\"iim.mtx.start\") }}'"))
    out = transform(text, "docs/guidelines/iim.md")
    assert f"Methotrexate {IIM_MTX_START.text()}" in out
    with pytest.raises(PluginError, match=r"iim.md:10: flowchart: unknown figure 'iim.mtx.nope'"):
        transform(text.replace("iim.mtx.start", "iim.mtx.nope"), "docs/guidelines/iim.md")


def test_other_fences_are_left_alone():
    text = "````markdown\n```flowchart\nnot: yaml: [\n```\n````\n"
    assert transform(text, "p.md") == text
