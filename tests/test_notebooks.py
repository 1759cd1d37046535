"""Every notebook page executes cleanly, outside the site build too.

The site build executes them as well (igm_iim_site/notebooks.py, errors fatal);
this test makes a broken notebook fail ``make test``/``make unit`` directly,
with the failing cell in the report.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient

from igm_iim_site.notebooks import strip_external_scripts

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "docs" / "notebooks").glob("*.py"))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes_without_error(path):
    notebook = jupytext.read(path)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert outputs, f"{path.name} produced no output at all"


def test_there_are_notebooks():
    assert NOTEBOOKS


def test_cdn_scripts_are_stripped_from_notebook_html():
    html = ('<p>x</p><!-- Load mathjax -->\n<script src="https://cdnjs.cloudflare.com/mathjax.js"> </script>'
            '<script type="text/x-mathjax-config">cfg</script>\n<!-- End of mathjax configuration -->'
            '<script src="https://cdn.example/require.js"></script><script src="../local.js"></script>')
    assert strip_external_scripts(html) == '<p>x</p><script src="../local.js"></script>'
