"""The site's build extensions have the ecosystem's shape (issue 25, point 2).

One installed MkDocs plugin (``igm-iim``, igm_iim_site/plugin.py) with a configuration schema
and an entry point; its parts run in the stated order, keep their priorities against the other
plugins, and keep their state per build; no project code keeps build state in module globals or
puts a folder on ``sys.path``.
"""

from __future__ import annotations

import ast
import re
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml
from mkdocs.plugins import PluginCollection

from igm_iim_site import plugin as site_plugin
from igm_iim_site.plugin import PARTS, GuidePlugin
from igm_iim_site.state import BuildState

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "igm_iim_site"


def _mkdocs_yml() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def _plugin_names(config: dict) -> list[str]:
    return [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]


# --- the package, the entry point and mkdocs.yml -----------------------------------------------------

def test_mkdocs_finds_the_plugin_by_its_entry_point():
    found = {ep.name: ep for ep in entry_points(group="mkdocs.plugins")}
    assert "igm-iim" in found, "the igm-iim plugin is not installed: run `make setup`"
    assert found["igm-iim"].load() is GuidePlugin


def test_mkdocs_yml_names_the_plugin_last_and_no_hooks():
    config = _mkdocs_yml()
    assert "hooks" not in config, "build extensions are parts of the igm-iim plugin, not hooks"
    assert _plugin_names(config)[-1] == "igm-iim", \
        "igm-iim must be last: its parts run after the other plugins' handlers of the same priority"


def test_every_module_with_event_handlers_is_a_part():
    """A module of the package with an ``on_<event>`` handler that is not in PARTS would never run."""
    parts = {part.module.__name__.rpartition(".")[2] for part in PARTS}
    handlers = {path.stem for path in PACKAGE.glob("*.py")
                if re.search(r"^def on_\w+\(", path.read_text(encoding="utf-8"), re.M)}
    assert handlers - parts == set(), f"modules with event handlers missing from PARTS: {handlers - parts}"
    assert len(parts) == len(PARTS), "a part is listed twice"
    assert all(part.why.strip() for part in PARTS), "every part says why it is where it is"


def test_the_order_puts_each_part_where_its_reason_says():
    names = [part.name for part in PARTS]
    assert names[0] == "reload", "a changed package is re-imported before any part reads it"
    assert names[-1] == "csp", "the policy hashes the final inline scripts"
    assert names.index("typed_figures") < names.index("figures"), "the check reads tokens not yet rendered"
    assert names.index("flowchart") < names.index("metadata"), "flowchart errors keep the editor's line numbers"
    assert names.index("live") < names.index("reader"), "reader adds its scripts to the live-form pages"


# --- priorities and dispatch -------------------------------------------------------------------------

def _registered(plugin: GuidePlugin) -> PluginCollection:
    plugins = PluginCollection()
    plugins["igm-iim"] = plugin
    return plugins


def _priorities(plugins: PluginCollection, event: str) -> list[float]:
    return [getattr(method, "mkdocs_priority", 0) for method in plugins.events[event]]


def test_each_part_keeps_its_priority_against_the_other_plugins():
    plugins = _registered(GuidePlugin())
    assert _priorities(plugins, "post_page") == [0, -100], "csp runs after every plugin's on_post_page"
    assert _priorities(plugins, "post_template") == [-100]
    # page_examples (serve only) reports its examples' failures and search_split splits the search index at
    # the default priority; offline writes its worker after every plugin, once the search index and notebooks
    # are written.
    assert _priorities(plugins, "post_build") == [0, -200], "offline writes its worker after every plugin"
    assert _priorities(plugins, "page_markdown") == [0]
    assert len(plugins.events["page_read_source"]) == 1, "MkDocs allows one on_page_read_source"


def _recording_parts(monkeypatch, names: list[str], priority_of: dict[str, float] | None = None) -> list[str]:
    """Replace PARTS by parts that append their name to the page text; return the call log."""
    from types import ModuleType

    from mkdocs.plugins import event_priority

    calls: list[str] = []
    parts = []
    for name in names:
        module = ModuleType(name)

        def on_page_markdown(markdown, *, state, _name=name, **kwargs):
            calls.append(_name)
            assert isinstance(state, BuildState)
            return None if _name.startswith("quiet") else f"{markdown}|{_name}"

        def on_config(config, *, state, **kwargs):
            return config

        priority = (priority_of or {}).get(name)
        module.on_page_markdown = event_priority(priority)(on_page_markdown) if priority else on_page_markdown
        module.on_config = on_config
        parts.append(site_plugin.Part(name, module, "test"))
    monkeypatch.setattr(site_plugin, "PARTS", tuple(parts))
    return calls


def _run(plugin: GuidePlugin, event: str, *args, **kwargs):
    return _registered(plugin).run_event(event, *args, **kwargs)


def test_parts_run_in_order_and_pass_the_page_along_as_mkdocs_does(monkeypatch):
    calls = _recording_parts(monkeypatch, ["a", "quiet", "b"])
    plugin = GuidePlugin()
    plugin.load_config({})
    _run(plugin, "config", {})
    assert plugin.run_parts("page_markdown", 0, ("text",), {}) == "text|a|b"  # None keeps the text
    assert calls == ["a", "quiet", "b"]


def test_a_disabled_part_does_not_run(monkeypatch):
    calls = _recording_parts(monkeypatch, ["figures", "statements"])  # the option accepts PARTS' names
    plugin = GuidePlugin()
    errors, _ = plugin.load_config({"disabled": ["figures"]})
    assert errors == []
    _run(plugin, "config", {})
    assert plugin.run_parts("page_markdown", 0, ("text",), {}) == "text|statements"
    assert calls == ["statements"]


def test_an_unknown_part_in_disabled_is_refused():
    errors, _ = GuidePlugin().load_config({"disabled": ["typo"]})
    assert errors and errors[0][0] == "disabled"


def test_each_build_gets_its_own_state_and_the_plugin_keeps_only_kept(monkeypatch):
    _recording_parts(monkeypatch, ["a"])
    plugin = GuidePlugin()
    plugin.load_config({})
    _run(plugin, "config", {})
    first = plugin.state
    first.of("metadata")["guidelines/igm.md"] = "left over"
    first.kept["fingerprint"] = ("kept",)
    _run(plugin, "config", {})  # the next build of one `mkdocs serve` (the same plugin instance)
    assert plugin.state is not first
    assert plugin.state.of("metadata") == {}, "a second build must not see the first build's pages"
    assert plugin.state.kept is first.kept is plugin.kept
    assert plugin.state.options is plugin.config


def test_the_state_says_what_mkdocs_was_started_for(monkeypatch):
    _recording_parts(monkeypatch, ["a"])
    plugins = _registered(plugin := GuidePlugin())
    plugin.load_config({})
    plugins.run_event("startup", command="serve", dirty=False)
    plugins.run_event("config", {})
    assert plugin.state.command == "serve"
    plugins.run_event("config", {})  # a rebuild of the same `mkdocs serve`
    assert plugin.state.command == "serve"


# --- no build state in module globals, no sys.path inserts -----------------------------------------

#: The code that builds or publishes the site, and its scripts.
SCANNED = ("igm_iim_site", "tools", "scripts", "calculators")
MUTATORS = {"append", "extend", "insert", "add", "update", "setdefault", "pop", "popitem", "clear", "remove",
            "discard"}


def module_state(source: str) -> list[str]:
    """Module-level names that a function of the module changes: state kept between calls.

    A ``global`` statement, or a module-level container that a function assigns into, deletes from
    or changes with a mutating method. Constants built once at import are not state.
    """
    tree = ast.parse(source)
    module_names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign | ast.AugAssign) else []
        module_names |= {t.id for t in targets if isinstance(t, ast.Name)}
    found = []
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
        local = {a.arg for a in function.args.args + function.args.kwonlyargs + function.args.posonlyargs}
        for node in ast.walk(function):
            if isinstance(node, ast.Global):
                found += [f"line {node.lineno}: global {name}" for name in node.names]
            base = None
            if isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
                for target in node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]:
                    if isinstance(target, ast.Subscript | ast.Attribute) and isinstance(target.value, ast.Name):
                        base = target.value.id
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in MUTATORS and isinstance(node.func.value, ast.Name):
                base = node.func.value.id
            if base in module_names and base not in local and not _bound_in(function, base):
                found.append(f"line {node.lineno}: {ast.unparse(node).splitlines()[0][:80]}")
    return found


def _bound_in(function: ast.AST, name: str) -> bool:
    """``name`` is assigned inside the function (a local that shadows the module's)."""
    for node in ast.walk(function):
        if isinstance(node, ast.With):
            targets = [item.optional_vars for item in node.items if item.optional_vars is not None]
        elif isinstance(node, ast.Assign):
            targets = node.targets
        else:
            targets = [node.target] if isinstance(node, ast.AnnAssign | ast.For) else []
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return True
    return False


SYS_PATH = re.compile(r"\bsys\.path\s*(?:\.\s*(?:insert|append|extend|remove|pop|clear)\s*\(|\[[^\]]*\]\s*=|\+=|=(?!=))"
                      r"|\baddsitedir\s*\(")


def sys_path_changes(source: str) -> list[str]:
    """Lines that change ``sys.path`` (in code or in code kept in a string for a child interpreter)."""
    return [f"line {n}: {line.strip()}" for n, line in enumerate(source.splitlines(), 1) if SYS_PATH.search(line)]


def _python_files(folders) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py") if "vendor" not in p.parts)


def test_the_scans_find_what_they_look_for():
    planted = ("import sys\n_seen = {}\nCACHE = None\n\ndef on_page(page):\n    global CACHE\n"
               "    _seen[page] = 1\n    CACHE = page\n\ndef other(x):\n    _seen.clear()\n")
    assert len(module_state(planted)) == 3  # `global CACHE`, the item assigned into _seen, _seen.clear()
    clean = "RULES = {'a': 1}\n\ndef f(state):\n    mine = {}\n    mine['x'] = RULES['a']\n    state['y'] = 2\n"
    assert module_state(clean) == []
    assert sys_path_changes("import sys\nsys.path.insert(0, '.')\n") == ["line 2: sys.path.insert(0, '.')"]
    assert sys_path_changes("code = 'sys.path[:] = saved'\n")
    assert sys_path_changes("if x in sys.path: pass\nprint(sys.path == y)\n") == []


@pytest.mark.parametrize("path", _python_files(SCANNED), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_module_keeps_build_state_in_globals(path):
    found = module_state(path.read_text(encoding="utf-8"))
    assert not found, (f"{path.relative_to(ROOT)} keeps state in module globals; keep it in the build's state "
                       f"(state.of(part), igm_iim_site/state.py) or pass it along:\n" + "\n".join(found))


@pytest.mark.parametrize("path", _python_files((*SCANNED, "tests")), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_code_puts_a_folder_on_sys_path(path):
    if path == Path(__file__):
        return  # this file names the patterns it looks for
    found = sys_path_changes(path.read_text(encoding="utf-8"))
    assert not found, (f"{path.relative_to(ROOT)} changes sys.path; the project is installed (`make setup`) and "
                       f"pytest puts the root on the path (pythonpath in pyproject.toml):\n" + "\n".join(found))


MEMO = re.compile(r"^\s*@(?:functools\.)?(?:lru_cache|cache)\b", re.M)


@pytest.mark.parametrize("path", _python_files(("igm_iim_site",)), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_part_memoises_across_builds(path):
    """A memo on a function of the build outlives the build: under `mkdocs serve` it would show old values."""
    assert not MEMO.search(path.read_text(encoding="utf-8")), \
        f"{path.relative_to(ROOT)} memoises a function; keep the value in the build's state instead"
