"""The browser's live-form scripts, run in Node (no browser): one long-lived process per test session.

`NodeForms` writes the generated files (messages, form data) and starts
``tests/node/live_runner.js`` with them and the hand-written scripts, in the order a page loads
them. ``run(form, raw, today)`` answers as ``LiveForms.run`` does in the page.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from calculators.forms import FORMS, export

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
RUNNER = ROOT / "tests" / "node" / "live_runner.js"


def node() -> str | None:
    return shutil.which("node")


class NodeForms:
    def __init__(self, workdir: Path, scripts_dir: Path | None = None, forms: list[str] | None = None,
                 edit_data: Callable[[str, dict], None] | None = None, extra_scripts: tuple[str, ...] = ()):
        """``scripts_dir``: where the hand-written scripts are (default docs/; a test may pass a mutated copy).

        ``edit_data(form, data)``: changes the exported data of a form before the page gets it (a mutation test).
        ``extra_scripts``: more of the site's scripts (paths under docs/), loaded after the forms' own.
        """
        workdir.mkdir(parents=True, exist_ok=True)
        site = workdir / "site"
        files: list[str] = []
        generated = {}
        for f in FORMS:
            data = export.form_data(f)
            if edit_data is not None:
                edit_data(f, data)
            generated[export.data_file(f)] = export.data_js(f, data=data)
        for rel, content in generated.items():
            path = site / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        base = scripts_dir or DOCS
        for rel in export.scripts_for(forms or list(FORMS)):
            files.append(str(site / rel) if rel in generated else str(base / rel))
        files += [str(base / rel) for rel in extra_scripts]
        self.process = subprocess.Popen([node(), str(RUNNER), *files], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, encoding="utf-8")

    def batch(self, requests: list[dict]) -> list[dict]:
        """[{form, inputs, today}] -> answers (or {"error": ...}), in order."""
        payload = [{"id": i, **r} for i, r in enumerate(requests)]
        self.process.stdin.write(json.dumps(payload) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("node runner died: " + self.process.stderr.read())
        return [item.get("answer", {"error": item.get("error")}) for item in json.loads(line)]

    def run(self, form: str, inputs: dict, today: str) -> dict:
        return self.batch([{"form": form, "inputs": inputs, "today": today}])[0]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)
