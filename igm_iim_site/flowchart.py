"""Part of the igm-iim plugin: draw a treatment algorithm from a ```flowchart fence, at build time.

A page writes its algorithm as data, in a fenced block whose language is
``flowchart`` and whose body is YAML::

    ```flowchart
    title: Recurrent or steroid-refractory IGM
    nodes:
      - id: biopsy
        kind: start                 # start | decision | action | stop
        text: Core needle biopsy and tissue cultures
        source: S001                # one id or a list; must exist in calculators.sources
        evidence: consensus         # optional, a key of igm_iim_site/metadata.py EVIDENCE
        link: ../calculators/taper.md   # optional, a page of this site, relative to this page
        link_label: IIM dose, not IGM   # optional, said instead of "open calculator" when that misleads
    edges:
      - {from: biopsy, to: steroid, label: IGM confirmed}
      - {from: response, to: mtx, label: "Recurrent", cite: S000}   # the source this branch follows
    ```

Where the sources disagree, each branch names the source it follows with
``cite`` (one id or a list); the chart shows it after the label, as
``Recurrent (S000)``, and so does the text version. A decision whose
branches cite different sources is a source conflict drawn whole.

The hook replaces the fence with an inline SVG (no script, no request to
another host) followed by a text version of the same algorithm: a numbered
list of the steps, each with its source, its calculator link and where each
answer leads. Figures can be written as ``{{ figure("key") }}`` inside node
text and edge labels; they are rendered from the registry like everywhere
else.

Layout is one column in the order the nodes are listed, so the chart reads
top to bottom at phone width. An edge to the next node is a short arrow
down; any other edge (a skip forward or a loop back) runs in its own lane to
the right of the boxes. Colours come from CSS classes styled with the
theme's variables (``docs/assets/stylesheets/guidelines.css``), so the chart
follows the light and dark schemes.

Any error (bad YAML, unknown field, unknown node, source or page) fails the
build with the page and the line in the page.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Annotated, Literal

import yaml
from mkdocs.exceptions import PluginError
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from calculators.sources import ALL_SOURCES
from igm_iim_site.figures import render as render_figures
from igm_iim_site.metadata import EVIDENCE


def _known_sources(value: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [s for s in value if s not in ALL_SOURCES]
    if unknown:
        raise ValueError(f"unknown source {unknown}; known: {', '.join(sorted(ALL_SOURCES))}")
    return value


SourceIds = Annotated[tuple[str, ...], BeforeValidator(lambda v: (v,) if isinstance(v, str) else v),
                      AfterValidator(_known_sources)]
"""One source id or a list of them, each one that calculators.sources knows (a box's or a branch's)."""

NodeKind = Literal["start", "decision", "action", "stop"]
KIND_LABEL = {"start": "Start", "decision": "Decision", "action": "Action", "stop": "End"}

# Geometry, in SVG user units. The viewBox is 360 wide: at a 390 px phone the
# content column is about 360 px, so 1 unit is about 1 px and 14-unit text is
# 14 px; on a desktop the chart is capped at 23rem wide (see the CSS).
WIDTH = 360
MARGIN = 6
LANE_GAP = 13
MIN_BOX_WIDTH = 236
FONT = 14
LINE = 18
SMALL = 11.5
PAD_X = 10
PAD_Y = 8
GAP = 38
CHAR_EM = 0.56  # average advance of a system sans-serif character, in em (conservative)
DECISION_INSET = 12


class Node(BaseModel):
    """One box of the chart: its text, kind, sources, evidence and calculator link."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    text: str = Field(min_length=1)
    kind: NodeKind = "action"
    source: SourceIds = ()
    evidence: str | None = None
    link: str | None = None
    link_label: str | None = None
    """What the link opens, when "open calculator" would mislead: a calculator that gives another disease's
    dose (the IGM azathioprine step opens the IIM dose; clinical review 3, M10)."""

    @field_validator("evidence")
    @classmethod
    def _known_evidence(cls, value: str | None) -> str | None:
        if value is not None and value not in EVIDENCE:
            raise ValueError(f"unknown evidence level {value!r}; known: {', '.join(EVIDENCE)}")
        return value


class Edge(BaseModel):
    """An arrow between two boxes, with its label and the source the branch follows."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    source: str = Field(alias="from")
    to: str
    label: str = ""
    cite: SourceIds = ()
    """The source(s) this branch follows, where the sources disagree."""

    def shown_label(self) -> str:
        """The label as drawn: ``Recurrent (S000)`` when the branch cites a source."""
        cited = f"({', '.join(self.cite)})" if self.cite else ""
        return f"{self.label} {cited}".strip()


class Chart(BaseModel):
    """A whole algorithm: title, boxes in reading order, arrows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    nodes: tuple[Node, ...] = Field(min_length=1)
    edges: tuple[Edge, ...] = ()


class ChartError(ValueError):
    """A flowchart that cannot be drawn; ``line`` is 1-based within the YAML."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


# --- parsing -----------------------------------------------------------------

def _line_of(root: yaml.Node | None, loc: tuple) -> int:
    """1-based line of the YAML node at a pydantic error location (best effort)."""
    node, line = root, 1
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == part]
            node = match[0] if match else None
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line


def parse(text: str) -> Chart:
    """YAML text to a validated :class:`Chart`; raises :class:`ChartError`."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ChartError(f"invalid YAML: {problem}", line) from None
    if not isinstance(data, dict):
        raise ChartError("the block must be a YAML mapping with title, nodes and edges")
    try:
        chart = Chart.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ChartError(f"{where}: {err['msg']}", _line_of(root, err["loc"])) from None
    ids = [n.id for n in chart.nodes]
    seen = set()
    for i, node_id in enumerate(ids):
        if node_id in seen:
            raise ChartError(f"node id {node_id!r} is used twice", _line_of(root, ("nodes", i, "id")))
        seen.add(node_id)
    for i, edge in enumerate(chart.edges):
        for end, key in ((edge.source, "from"), (edge.to, "to")):
            if end not in seen:
                raise ChartError(
                    f"edge {i + 1} {key} {end!r}: no such node; nodes are {', '.join(ids)}",
                    _line_of(root, ("edges", i, key)),
                )
    return chart


# --- layout --------------------------------------------------------------------

def wrap(text: str, max_chars: int) -> list[str]:
    """Greedy word wrap; a word longer than a line stands on its own line."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= max_chars or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def _lanes(chart: Chart) -> list[tuple[Edge, int]]:
    """Edges that do not go to the next node, each with a lane index (0 = nearest the boxes)."""
    order = {n.id: i for i, n in enumerate(chart.nodes)}
    long_edges = [e for e in chart.edges if order[e.to] != order[e.source] + 1]
    long_edges.sort(key=lambda e: abs(order[e.to] - order[e.source]))
    placed: list[tuple[Edge, int, int, int]] = []
    for edge in long_edges:
        lo, hi = sorted((order[edge.source], order[edge.to]))
        lane = 0
        while any(other == lane and not (hi < a or lo > b) for _, other, a, b in placed):
            lane += 1
        placed.append((edge, lane, lo, hi))
    return [(edge, lane) for edge, lane, _, _ in placed]


def _meta_line(node: Node) -> str:
    parts = list(node.source)
    if node.evidence:
        parts.append(EVIDENCE[node.evidence].short)
    if node.link:
        parts.append(f"{node.link_label or 'open calculator'} ›")
    return " · ".join(parts)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def render_chart(chart: Chart, uid: str, resolve_link=lambda link: link) -> str:
    """HTML for one chart: the SVG and its text version. ``resolve_link`` maps a page link to a URL."""
    lanes = _lanes(chart)
    n_lanes = max((lane for _, lane in lanes), default=-1) + 1
    width = max(WIDTH, 2 * MARGIN + MIN_BOX_WIDTH + n_lanes * LANE_GAP + 8)
    box_w = width - 2 * MARGIN - n_lanes * LANE_GAP - (8 if n_lanes else 0)
    x0 = MARGIN
    order = {n.id: i for i, n in enumerate(chart.nodes)}
    urls = {n.id: resolve_link(n.link) for n in chart.nodes if n.link}

    boxes = []  # (node, y, h, lines)
    y = MARGIN
    for node in chart.nodes:
        inset = DECISION_INSET if node.kind == "decision" else 0
        max_chars = int((box_w - 2 * PAD_X - 2 * inset) / (FONT * CHAR_EM))
        lines = wrap(node.text, max_chars)
        meta = _meta_line(node)
        h = 2 * PAD_Y + len(lines) * LINE + (SMALL + 5 if meta else 0)
        boxes.append((node, y, h, lines, meta))
        y += h + GAP
    height = y - GAP + MARGIN
    cx = x0 + box_w / 2
    right = x0 + box_w

    out = [
        f'<svg class="fc-svg" viewBox="0 0 {width:g} {height:g}" xmlns="http://www.w3.org/2000/svg" '
        f'role="group" aria-labelledby="{uid}-title" aria-describedby="{uid}-steps" '
        f'preserveAspectRatio="xMidYMin meet">',
        f'<title id="{uid}-title">Flowchart: {_esc(chart.title)}. The text version below lists every step.</title>',
        f'<defs><marker id="{uid}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path class="fc-arrowhead" d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ]

    # edges first, so boxes sit on top of them
    by_id = {b[0].id: b for b in boxes}
    out_count: dict[str, int] = {}
    in_count: dict[str, int] = {}
    lane_of = {id(e): lane for e, lane in lanes}
    for edge in chart.edges:
        src, dst = by_id[edge.source], by_id[edge.to]
        label = _esc(edge.shown_label())
        if order[edge.to] == order[edge.source] + 1:
            y1, y2 = src[1] + src[2], dst[1]
            out.append(f'<line class="fc-edge" x1="{cx:g}" y1="{y1:g}" x2="{cx:g}" y2="{y2 - 1:g}" '
                       f'marker-end="url(#{uid}-arrow)"/>')
            if label:
                out.append(f'<text class="fc-label" x="{cx - 7:g}" y="{(y1 + y2) / 2 + 4:g}" '
                           f'text-anchor="end">{label}</text>')
            continue
        lane = lane_of[id(edge)]
        k_out = out_count.get(edge.source, 0)
        out_count[edge.source] = k_out + 1
        k_in = in_count.get(edge.to, 0)
        in_count[edge.to] = k_in + 1
        # leave from the bottom edge near the right corner, run along the gap under the box to the
        # lane, then down (or up) the lane and into the target's right side; the label sits in the
        # gap, left of the exit, where it cannot collide with box text
        sx = right - 26 - 44 * k_out
        sy = src[1] + src[2]
        gy = sy + GAP / 2 + 4 * k_out
        ty = dst[1] + dst[2] / 2 - 8 * k_in
        lx = right + 8 + lane * LANE_GAP + LANE_GAP / 2
        t_inset = DECISION_INSET if dst[0].kind == "decision" else 0
        tx = right - t_inset * 0.5
        out.append(f'<path class="fc-edge" d="M{sx:g},{sy:g} V{gy:g} H{lx:g} V{ty:g} H{tx + 1:g}" fill="none" '
                   f'marker-end="url(#{uid}-arrow)"/>')
        if label:
            out.append(f'<text class="fc-label fc-label-side" x="{sx - 5:g}" y="{gy - 4:g}" '
                       f'text-anchor="end">{label}</text>')

    for node, top, h, lines, meta in boxes:
        kind = node.kind
        if kind == "decision":
            i = DECISION_INSET
            mid = top + h / 2
            shape = (f'<path class="fc-shape" d="M{x0 + i:g},{top:g} H{right - i:g} L{right:g},{mid:g} '
                     f'L{right - i:g},{top + h:g} H{x0 + i:g} L{x0:g},{mid:g} Z"/>')
        else:
            r = h / 2 if kind in ("start", "stop") and h <= 3 * LINE + 2 * PAD_Y else (10 if kind != "action" else 3)
            shape = (f'<rect class="fc-shape" x="{x0:g}" y="{top:g}" width="{box_w:g}" height="{h:g}" '
                     f'rx="{min(r, 18):g}"/>')
        texts = []
        ty = top + PAD_Y + FONT
        for line in lines:
            texts.append(f'<text class="fc-text" x="{cx:g}" y="{ty:g}" text-anchor="middle">{_esc(line)}</text>')
            ty += LINE
        if meta:
            texts.append(f'<text class="fc-meta" x="{cx:g}" y="{ty + 1:g}" text-anchor="middle">{_esc(meta)}</text>')
        # a space between the lines of a box, and between boxes: never drawn (SVG draws no text outside a
        # <text>), and the search index reads "other infection or cancer found? S001", not
        # "infectionor cancer found?S001Treat" (the ward trial's "RituximabS002")
        group = f'<g class="fc-node fc-{kind}" id="{uid}-node-{node.id}">{shape}{" ".join(texts)}</g>'
        if node.id in urls:
            group = (f'<a class="fc-link" href="{_esc(urls[node.id])}">'
                     f'<title>{_esc(node.text)}: open the calculator</title> {group}</a>')
        out.append(group)
    out.append("</svg>")
    svg = " ".join(out)

    # the text version: the same algorithm as a numbered list
    items = []
    outgoing: dict[str, list[Edge]] = {}
    for edge in chart.edges:
        outgoing.setdefault(edge.source, []).append(edge)
    for number, node in enumerate(chart.nodes, start=1):
        bits = [f'<strong>{KIND_LABEL[node.kind]}.</strong> {_esc(node.text)}']
        tags = list(node.source)
        if node.evidence:
            tags.append(EVIDENCE[node.evidence].short)
        if tags:
            bits.append(f' <span class="fc-src">({_esc(" · ".join(tags))})</span>')
        if node.id in urls:
            said = f" ({_esc(node.link_label)})" if node.link_label else ""
            bits.append(f' <a href="{_esc(urls[node.id])}">Open the calculator</a>{said}.')
        nexts = []
        for edge in outgoing.get(node.id, []):
            target = order[edge.to] + 1
            link = f'<a href="#{uid}-step-{edge.to}">step {target}</a>'
            if not edge.shown_label() and target == number + 1:
                nexts.append(f"<li>Then {link}.</li>")
                continue
            lead = f"{_esc(edge.shown_label())} — go" if edge.shown_label() else "Go"
            nexts.append(f"<li>{lead} to {link} ({_esc(chart.nodes[target - 1].text)})</li>")
        sub = f'<ul>{"".join(nexts)}</ul>' if nexts else ""
        items.append(f'<li id="{uid}-step-{node.id}">{"".join(bits)}{sub}</li>')
    text_version = (
        f'<details class="fc-text-version"><summary>Text version of this flowchart</summary>'
        f'<ol id="{uid}-steps">{"".join(items)}</ol></details>'
    )
    return f'<div class="flowchart" id="{uid}">{svg}{text_version}</div>'


# --- MkDocs glue -----------------------------------------------------------------

OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)\s*\{?\s*\.?flowchart\s*\}?\s*$")
ANY_FENCE = re.compile(r"^\s*(```+|~~~+)")


def _render_text(value: str, page_path: str, line: int) -> str:
    try:
        return render_figures(value, page_path)
    except PluginError as exc:
        # the figures hook counts lines within the string; name the page line instead
        raise PluginError(f"{page_path}:{line}: flowchart: {str(exc).split(': ', 1)[-1]}") from None


def transform(markdown: str, page_path: str, resolve_link=lambda link, line: link, line_offset: int = 0) -> str:
    """Replace every ```flowchart fence in a page by its chart; errors name page and line."""
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    count = 0
    other_fence = None
    while i < len(lines):
        line = lines[i]
        if other_fence is not None:
            out.append(line)
            marker = ANY_FENCE.match(line)
            if marker and marker.group(1)[0] == other_fence[0] and len(marker.group(1)) >= len(other_fence):
                other_fence = None
            i += 1
            continue
        match = OPEN.match(line)
        if not match:
            marker = ANY_FENCE.match(line)
            if marker:
                other_fence = marker.group(1)
            out.append(line)
            i += 1
            continue
        start = i + 1 + line_offset  # 1-based line of the opening fence in the file; YAML starts on the next
        indent, fence = match.group("indent"), match.group("fence")
        body = []
        i += 1
        while i < len(lines) and not (lines[i].strip().startswith(fence[0] * len(fence))
                                      and lines[i].strip().strip(fence[0]) == ""):
            body.append(lines[i].removeprefix(indent))
            i += 1
        if i >= len(lines):
            raise PluginError(f"{page_path}:{start}: flowchart: the fence is never closed")
        i += 1  # skip the closing fence
        count += 1
        try:
            chart = parse("\n".join(body))
        except ChartError as exc:
            raise PluginError(f"{page_path}:{start + exc.line}: flowchart: {exc}") from None
        # render figure tokens in text and labels, then links
        root = yaml.compose("\n".join(body), Loader=yaml.SafeLoader)

        def line_of(*loc, start=start, root=root) -> int:
            return start + _line_of(root, loc)

        nodes = [n.model_copy(update={"text": _render_text(n.text, page_path, line_of("nodes", k, "text"))})
                 for k, n in enumerate(chart.nodes)]
        edges = [e.model_copy(update={"label": _render_text(e.label, page_path, line_of("edges", k, "label"))})
                 for k, e in enumerate(chart.edges)]
        chart = chart.model_copy(update={"nodes": tuple(nodes), "edges": tuple(edges)})
        uid = f"fc{count}"
        html_block = render_chart(chart, uid, lambda link, start=start: resolve_link(link, start))
        out.extend(["", indent + html_block, ""])
    return "\n".join(out)


def front_matter_lines(page, markdown: str) -> int:
    """Lines MkDocs removed from the top of the page (front matter) before the hooks see it.

    Hooks that run before this one keep the line count (figures, this hook), so
    adding this to a line number in ``markdown`` gives the line in the file.
    """
    try:
        full = page.file.content_string
    except (AttributeError, OSError, TypeError):
        return 0
    return max(0, full.count("\n") - markdown.count("\n"))


def on_page_markdown(markdown, page, config, files, **kwargs):
    src = page.file.src_uri
    offset = front_matter_lines(page, markdown)

    shown = f"docs/{src}"

    def resolve(link: str, line: int) -> str:
        if re.match(r"^[a-z]+:", link) or link.startswith("/"):
            raise PluginError(f"{shown}:{line}: flowchart: link {link!r} must be a page of this site, "
                              f"written relative to this page (e.g. ../calculators/taper.md)")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src), link))
        file = files.get_file_from_path(target)
        if file is None or not file.is_documentation_page():
            raise PluginError(f"{shown}:{line}: flowchart: link {link!r} points to {target!r}, "
                              f"which is not a page of this site")
        return file.url_relative_to(page.file)

    return transform(markdown, shown, resolve, line_offset=offset)
