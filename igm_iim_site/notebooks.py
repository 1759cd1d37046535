"""Part of the igm-iim plugin: the jupytext notebooks in ``docs/notebooks/`` as executed, cached pages.

Every ``docs/notebooks/*.py`` (jupytext percent format) is a page of the site,
rendered from the notebook *as executed*:

* **Executed, errors fatal.** A notebook runs in a fresh Jupyter kernel
  (nbclient, ``allow_errors`` off). A cell that raises fails the build, with
  the cell and the traceback in the message.
* **Cached on everything that can change the output.** The executed cells
  are stored in ``.cache/notebooks/<name>-<key>.json``. The key is a hash of
  the notebook's text, every file of every local package it imports (the
  ``calculators`` package with its data files), the other files beside it,
  the Python version and kernel, and the versions of the libraries that
  execute it or shape its output (ipykernel, IPython, nbclient, jupytext,
  matplotlib, numpy, pydantic, icalendar). A change to any of them is a
  new key, so the notebook is executed again: a stale page cannot be
  served. Old entries of the notebook are removed.
* **In parallel with the rest of the build.** A notebook that misses the
  cache starts executing (in a subprocess) as soon as the files are known,
  and the build renders the other pages meanwhile; it waits for the
  notebook only when it reaches its page.
* **Rendered by the site's own Markdown.** Markdown cells are Markdown,
  code cells are fenced Python (highlighted and with a copy button like
  every code block), outputs are ``<pre>`` text or the HTML/SVG the cell
  displayed. No nbconvert template, so no 90 KB of inlined notebook CSS and
  no script from a CDN; the few rules the cells need are in the shared
  ``assets/stylesheets/notebooks.css``, linked from notebook pages only.
* **Nothing from another host.** The build fails if an output would load a
  script, image, frame or stylesheet from another host.

The notebook source is copied beside its page (``notebooks/taper/taper.py``)
and ``page.nb_url`` names it, for the "Download notebook" link in
``overrides/main.html``.

Run as a script (``python igm_iim_site/notebooks.py NOTEBOOK OUT KEY``), it executes
one notebook and writes the cache entry; the build starts it that way.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import os
import posixpath
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = "notebooks/"
CACHE_FORMAT = "2"  # bump when the cache entry's shape changes (2: stream outputs joined)
KERNEL = "python3"
STYLESHEET = "assets/stylesheets/notebooks.css"
#: Libraries whose version can change what a notebook prints or how it runs.
LIBRARIES = ("ipykernel", "ipython", "nbclient", "nbformat", "jupytext", "jupyter-client", "matplotlib", "numpy",
             "pydantic", "pydantic-core", "icalendar")

EXTERNAL_SCRIPT = re.compile(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.I)
MATHJAX_CONFIG = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S | re.I)
EXTERNAL_RESOURCE = re.compile(r"<(?:script|img|iframe|link|image|use)\b[^>]*\b(?:src|href)=\"(https?://[^\"]+)\"",
                               re.I)
IMPORT = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_]\w*)", re.M)
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
PLACEHOLDER = "<!--nb-output-{}-->"
PLACEHOLDER_RE = re.compile(r"(?:<p>)?<!--nb-output-(\d+)-->(?:</p>)?")

# --- the cache key -----------------------------------------------------------------

def _hash_tree(digest, root: Path) -> None:
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            digest.update(path.relative_to(root.parent).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")


def local_imports(source: str, root: Path = REPO) -> list[Path]:
    """The packages and modules of this repository that a notebook imports."""
    found = []
    for name in sorted(set(IMPORT.findall(source))):
        for candidate in (root / name, root / f"{name}.py"):
            if candidate.exists() and candidate not in found:
                found.append(candidate)
    return found


def library_versions() -> dict[str, str]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def cache_key(notebook: Path, root: Path = REPO, versions: dict[str, str] | None = None) -> str:
    """A hash of everything that can change what ``notebook`` outputs."""
    digest = hashlib.sha256()
    source = notebook.read_bytes()
    digest.update(f"format={CACHE_FORMAT} kernel={KERNEL} python={sys.version} {sys.implementation.name}\0".encode())
    for name, version in sorted((versions or library_versions()).items()):
        digest.update(f"{name}={version}\0".encode())
    digest.update(source + b"\0")
    for sibling in sorted(notebook.parent.iterdir()):
        if sibling.is_file() and sibling != notebook and sibling.suffix != ".py":
            digest.update(sibling.name.encode() + b"\0" + sibling.read_bytes() + b"\0")
    for path in local_imports(source.decode("utf-8"), root):
        if path.is_dir():
            _hash_tree(digest, path)
        else:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def cache_dir(config, cache: str = ".cache") -> Path:
    """Where executed notebooks are kept: ``notebooks/`` in the plugin's ``cache_dir``."""
    return Path(config.config_file_path).resolve().parent / cache / "notebooks"


def cache_path(directory: Path, notebook: Path, key: str) -> Path:
    return directory / f"{notebook.stem}-{key}.json"


# --- executing (in a subprocess) -------------------------------------------------------

def coalesce_streams(outputs: list[dict]) -> list[dict]:
    """Consecutive outputs of one stream (stdout, stderr) joined into one.

    The kernel sends printed text in chunks as it flushes, so one ``print`` loop can arrive as one
    output or as two, depending on timing: the page would differ from build to build (an extra empty
    ``<pre>``). Joined, the page depends only on what was printed.
    """
    merged: list[dict] = []
    for output in outputs:
        last = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and last is not None and last.get("output_type") == "stream"
                and last.get("name") == output.get("name")):
            last["text"] = _text(last.get("text", "")) + _text(output.get("text", ""))
        else:
            merged.append(dict(output))
    return merged


def execute(notebook: Path, out: Path, key: str, timeout_s: int) -> None:
    """Execute ``notebook`` in a fresh kernel, errors fatal; write its cells and outputs to ``out``.

    ``timeout_s`` bounds each cell (the plugin's ``notebook_timeout``).
    """
    import jupytext
    from nbclient import NotebookClient

    nb = jupytext.read(notebook)
    NotebookClient(nb, timeout=timeout_s, kernel_name=KERNEL, allow_errors=False,
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    cells = [{"cell_type": cell.cell_type, "source": cell.source,
              "outputs": coalesce_streams([dict(o) for o in cell.get("outputs", [])])} for cell in nb.cells]
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=out.parent, delete=False, suffix=".tmp", encoding="utf-8") as tmp:
        json.dump({"key": key, "notebook": notebook.name, "cells": cells}, tmp)
    os.replace(tmp.name, out)


def start(notebook: Path, out: Path, key: str, timeout_s: int, root: Path = REPO) -> subprocess.Popen:
    """Execute ``notebook`` in a child process; the notebook imports the project at ``root``."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    return subprocess.Popen([sys.executable, str(Path(__file__).resolve()), str(notebook), str(out), key,
                             str(timeout_s)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def load(notebook: Path, out: Path, key: str, jobs: dict | None = None) -> list[dict]:
    """The executed cells: from the cache, waiting for a running execution (one of ``jobs``) first."""
    from mkdocs.exceptions import PluginError

    job = (jobs or {}).pop(str(notebook), None)
    if job is not None:
        _, err = job.communicate()
        if job.returncode != 0:
            raise PluginError(f"notebook {notebook.name} failed to execute (errors are fatal):\n{err[-6000:]}")
    data = json.loads(out.read_text(encoding="utf-8"))
    if data.get("key") != key:  # never serve what was executed for other inputs
        raise PluginError(f"notebook cache entry {out} does not match its key {key}")
    return data["cells"]


# --- rendering --------------------------------------------------------------------

def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def render_output(output: dict) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        stream = output.get("name", "stdout")
        return (f'<div class="nb-output nb-output--{stream} jp-OutputArea-output" data-mime-type="text/plain">'
                f"<pre>{html.escape(ANSI.sub('', _text(output.get('text', ''))))}</pre></div>")
    if kind == "error":
        trace = ANSI.sub("", "\n".join(output.get("traceback", [])))
        return f'<div class="nb-output nb-output--error jp-OutputArea-output"><pre>{html.escape(trace)}</pre></div>'
    data = output.get("data", {})
    if "text/html" in data:
        body = _text(data["text/html"])
    elif "image/svg+xml" in data:
        body = _text(data["image/svg+xml"])
    elif "image/png" in data:
        alt = html.escape(_text(data.get("text/plain", "Figure")), quote=True)
        body = f'<img src="data:image/png;base64,{_text(data["image/png"]).strip()}" alt="{alt}">'
    elif "text/plain" in data:
        body = f"<pre>{html.escape(_text(data['text/plain']))}</pre>"
    else:
        return ""
    return f'<div class="nb-output nb-output--display jp-OutputArea-output">{body}</div>'


def to_markdown(cells: list[dict], outputs: list[str]) -> str:
    """The page's Markdown; each output is a placeholder, its HTML appended to ``outputs``."""
    parts = []
    for cell in cells:
        source = _text(cell["source"]).strip("\n")
        if cell["cell_type"] == "markdown":
            parts.append(source)
        elif cell["cell_type"] == "code":
            if source.strip():
                fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", source)), default=0))
                parts.append(f"{fence}python\n{source}\n{fence}")
            rendered = [render_output(o) for o in cell.get("outputs", [])]
            for block in filter(None, rendered):
                outputs.append(block)
                parts.append(PLACEHOLDER.format(len(outputs) - 1))
    return "\n\n".join(parts) + "\n"


def strip_external_scripts(html_text: str) -> str:
    html_text = MATHJAX_CONFIG.sub("", html_text)
    return EXTERNAL_SCRIPT.sub("", html_text)


# --- MkDocs events -----------------------------------------------------------------

def _is_notebook_uri(src_uri: str) -> bool:
    return src_uri.startswith(NOTEBOOK_DIR) and src_uri.endswith(".py") and "/" not in src_uri[len(NOTEBOOK_DIR):]


def on_config(config, *, state, **kwargs):
    mine = state.of("notebooks")
    mine.update(cache=cache_dir(config, state.options.cache_dir), versions=library_versions(), jobs={}, outputs={},
                keys={}, timeout=state.options.notebook_timeout,
                root=Path(config.config_file_path or ".").resolve().parent)
    return config


def on_files(files, config, *, state, **kwargs):
    from mkdocs.structure.files import File

    class NotebookFile(File):
        """A ``.py`` notebook that is a page (``notebooks/taper.py`` -> ``notebooks/taper/``)."""

        def is_documentation_page(self) -> bool:
            return True

    mine = state.of("notebooks")
    directory = mine["cache"]
    for file in list(files):
        if not _is_notebook_uri(file.src_uri) or file.abs_src_path is None:
            continue
        page_file = NotebookFile(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls,
                                 inclusion=file.inclusion)
        files.remove(file)
        files.append(page_file)
        notebook = Path(file.abs_src_path)
        key = cache_key(notebook, mine["root"], versions=mine["versions"])
        out = cache_path(directory, notebook, key)
        mine["keys"][str(notebook)] = (key, out)
        if directory.is_dir():
            for old in directory.glob(f"{notebook.stem}-*.json"):
                if old != out:
                    old.unlink(missing_ok=True)
        if not out.exists() and str(notebook) not in mine["jobs"]:
            mine["jobs"][str(notebook)] = start(notebook, out, key, mine["timeout"], mine["root"])
    return files


def on_page_read_source(page, config, *, state, **kwargs):
    if not _is_notebook_uri(page.file.src_uri):
        return None
    mine = state.of("notebooks")
    notebook = Path(page.file.abs_src_path)
    key, out = mine["keys"][str(notebook)]
    outputs: list[str] = []
    markdown = to_markdown(load(notebook, out, key, mine["jobs"]), outputs)
    mine["outputs"][page.file.src_uri] = outputs
    page.nb_url = posixpath.join(page.abs_url or "/", notebook.name) if page.abs_url else notebook.name
    return markdown


def on_page_content(html_content, page, config, files, *, state, **kwargs):
    outputs = state.of("notebooks")["outputs"].pop(page.file.src_uri, None)
    if outputs is None:
        return html_content
    body = PLACEHOLDER_RE.sub(lambda m: outputs[int(m.group(1))], html_content)
    return f'<div class="jupyter-wrapper nb-notebook">\n{body}\n</div>'


def on_post_page(output, page, config, **kwargs):
    from mkdocs.exceptions import PluginError

    if not _is_notebook_uri(page.file.src_uri):
        return output
    output = strip_external_scripts(output)
    # the site's own address (the canonical link, from site_url / SITE_URL) is not another host
    own = (config.site_url or "http://127.0.0.1").rstrip("/")
    remaining = [url for url in EXTERNAL_RESOURCE.findall(output) if not url.startswith("http://127.0.0.1")
                 and not url.startswith(own) and not url.startswith("http://www.w3.org/")]
    if remaining:
        raise PluginError(f"{page.file.src_uri}: notebook page would load from another host: {remaining[:3]}")
    # The shared notebook stylesheet, and the source beside the page for the download link.
    here = posixpath.dirname(page.file.dest_uri)
    link = f'<link rel="stylesheet" href="{posixpath.relpath(STYLESHEET, here)}">'
    output = output.replace("</head>", link + "\n</head>", 1)
    target = Path(config.site_dir) / here / Path(page.file.abs_src_path).name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(Path(page.file.abs_src_path).read_bytes())
    return output


def on_build_error(error, *, state, **kwargs):
    jobs = state.of("notebooks").get("jobs", {})
    for job in jobs.values():
        job.kill()
    jobs.clear()


def main(argv: list[str]) -> int:
    notebook, out, key, timeout_s = Path(argv[0]), Path(argv[1]), argv[2], int(argv[3])
    try:
        execute(notebook, out, key, timeout_s)
    except Exception as error:  # any error: reported to the build, which fails
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
