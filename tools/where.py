"""Where a figure is shown and used: ``python -m tools.where iim.mtx.start`` (``make figure KEY=...``).

The first step of changing a dose: before editing the figure in
``calculators/guidance.py``, see every page line that renders it, every
calculator that reads it, the reference vectors those calculators answer, and
the review date of each page, so you know what will change and who must
re-review it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REVIEWED = re.compile(r"^last_reviewed:\s*(\S+)", re.MULTILINE)


def where(key: str, docs: Path = Path("docs")) -> dict:
    """The figure, the page lines that render it, the calculators that read it and their vectors."""
    from calculators.figures import registry
    from tools.changelog import shown_keys
    from tools.vectors import collect

    figures = registry()
    if key not in figures:
        close = [k for k in figures if k.split(".")[0] == key.split(".")[0]]
        raise SystemExit(f"unknown figure {key!r}; keys like it: {', '.join(close[:10]) or 'none'}")
    figure = figures[key]
    lines = []
    for path in sorted(docs.rglob("*")):
        if path.suffix not in (".md", ".py") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        reviewed = REVIEWED.search(text[:600])
        for shown, number in shown_keys(text):
            if shown == key:
                lines.append((path.as_posix(), number, reviewed.group(1) if reviewed else None))
    calculators = []
    try:
        from calculators import regimens

        calculators = [name for name, figs in getattr(regimens, "FIGURES_USED", {}).items()
                       if any(f.key == key for f in figs)]
    except ImportError:
        pass
    vectors = [v for v in collect() if v["calculator"] in calculators or
               (v["suite"] == "form" and v["calculator"] == "dose" and v["inputs"].get("regimen") in calculators)]
    return {"figure": figure, "lines": lines, "calculators": calculators, "vectors": vectors}


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.where KEY``."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m tools.where FIGURE_KEY", file=sys.stderr)
        return 2
    found = where(args[0])
    f = found["figure"]
    print(f"{f.key} = {f.text()}  ({f.kind}; sources {f.cite()})\n  {f.about}")
    print(f"\nShown on {len({p for p, _, _ in found['lines']})} page(s):")
    for path, number, reviewed in found["lines"]:
        print(f"  {path}:{number}" + (f"   (last_reviewed {reviewed})" if reviewed else ""))
    print(f"\nRead by {len(found['calculators'])} calculator(s): {', '.join(found['calculators']) or 'none'}")
    print(f"Reference vectors of those calculators: {len(found['vectors'])} "
          f"(their answers are compared at the next publish)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
