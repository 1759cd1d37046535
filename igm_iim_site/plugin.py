"""The site's MkDocs plugin, ``igm-iim``: every build extension of the guide, in one stated order.

``mkdocs.yml`` names it last in ``plugins:`` (``- igm-iim: {...}``); the entry point in
``pyproject.toml`` (``[project.entry-points."mkdocs.plugins"]``) lets MkDocs find it once
``make setup`` has installed this project. It replaces the ~19 ``hooks:`` files the site had,
which ordered themselves by comments in ``mkdocs.yml`` and kept their state in module globals.

Each *part* is a module of this package with MkDocs event handlers (``on_config``,
``on_page_markdown``, ...), written as MkDocs documents hooks. The plugin runs them itself:

* **Order.** :data:`PARTS` is the order, with the reason for each place. For every event the
  plugin calls the parts that handle it in that order, the page or file passed from one to the
  next as MkDocs passes it from plugin to plugin (a handler that returns ``None`` keeps it).
* **Priorities.** A handler decorated with :func:`mkdocs.plugins.event_priority` keeps its
  priority against the other plugins: the plugin registers one handler per event and priority
  (:class:`mkdocs.plugins.CombinedEvent`), so ``csp`` still runs after every plugin's
  ``on_post_page`` and ``offline`` after every plugin's ``on_post_build``. Being last in
  ``plugins:``, the parts run after the other plugins of the same priority, where MkDocs ran
  the hooks (it appended them to the plugin list).
* **State.** Every handler receives ``state=``, the :class:`~igm_iim_site.state.BuildState` of
  the build under way: the plugin's options and what each part keeps for this build. A new one
  is made at each build's ``on_config``; what must outlive a build of one ``mkdocs serve`` (the
  reload fingerprint, kept caches) is in ``state.kept``, held by the plugin instance, which MkDocs
  keeps across rebuilds because the plugin has an ``on_startup`` handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from igm_iim_site import (
    api_styles,
    csp,
    data_files,
    editions,
    figures,
    flowchart,
    live,
    metadata,
    notebooks,
    offline,
    page_examples,
    reader,
    reload,
    render_cache,
    search_split,
    search_terms,
    statements,
    theme_markup,
    typed_figures,
    unique_ids,
)
from igm_iim_site.state import BuildState


@dataclass(frozen=True)
class Part:
    """One build extension: its name (as in the ``disabled`` option), its module and why it is where it is."""

    name: str
    module: ModuleType
    why: str


#: The parts in the order they run, for every event. Read the reason before moving one.
PARTS: tuple[Part, ...] = (
    Part("reload", reload, "first: under `mkdocs serve`, a changed calculators/ or tools/ is re-imported "
         "(and the other parts re-run) before any part reads the package"),
    Part("typed_figures", typed_figures, "before figures: reads each page as the editor typed it, figure "
         "tokens not yet rendered, so a typed dose is found on the line the editor wrote"),
    Part("figures", figures, "renders {{ figure(...) }} tokens from the registry; before the parts that read "
         "rendered text"),
    Part("statements", statements, "{{ tool_choices() }}, {{ tool_choice(...) }}, {{ kind(...) }}; after figures"),
    Part("data_files", data_files, "the package's data files and their JSON Schemas under reference/data/, "
         "and {{ data_files() }}; after figures, like the other page tokens"),
    Part("flowchart", flowchart, "before metadata: it reports errors by line, and the source list metadata "
         "adds would shift the lines"),
    Part("metadata", metadata, "guideline front matter validated, evidence labels, source list and banner"),
    Part("notebooks", notebooks, "docs/notebooks/*.py executed (errors fatal), cached on all inputs, rendered "
         "as pages; starts them at on_files so they run while the other pages render"),
    Part("live", live, "the live forms from calculators.forms, and their scripts on the pages that have one"),
    Part("reader", reader, "after live: share.js and record.js on live-form pages, view.js everywhere"),
    Part("editions", editions, "edition label, version selector under mike, update notes, review check, "
         "reference vectors"),
    Part("offline", offline, "published editions only: service worker and web app manifest; its on_post_build "
         "runs after every plugin's (priority -200), once the search index and notebooks are written"),
    Part("render_cache", render_cache, "compiled templates kept across builds (Jinja's public bytecode cache)"),
    Part("api_styles", api_styles, "mkdocstrings' stylesheet only on pages with API docs (it blocks the first "
         "paint)"),
    Part("unique_ids", unique_ids, "line anchors of code blocks numbered page-wide (mkdocstrings restarts them "
         "per docstring)"),
    Part("search_terms", search_terms, "the ward's words (search_terms.yml) in the search index; clinical pages "
         "ranked first"),
    Part("search_split", search_split, "after the theme's search plugin wrote the index (its on_post_build "
         "runs first: the plugin is last in plugins:), and before offline hashes every file: the pages' text "
         "into search/search_text.json, fetched by our search worker at the first query"),
    Part("theme_markup", theme_markup, "tables wrapped as the theme wraps them: its script loads at the first "
         "interaction"),
    Part("page_examples", page_examples, "`mkdocs serve` only: a saved page's Python examples run (started "
         "at on_config, so they run while the site builds) and a failing one shows in its page; after the "
         "parts that change the Markdown, as it finds each example by its code"),
    Part("csp", csp, "last: the Content-Security-Policy <meta> hashes the page's final inline scripts, so it "
         "runs after every part and plugin has written them (priority -100)"),
)

#: The MkDocs events (``on_<event>``) a part may handle.
EVENTS = ("config", "pre_build", "files", "nav", "env", "post_build", "build_error", "pre_template",
          "template_context", "post_template", "pre_page", "page_read_source", "page_markdown", "page_content",
          "page_context", "post_page", "serve", "shutdown")


class GuideConfig(base.Config):
    """The options of ``- igm-iim:`` in ``mkdocs.yml``."""

    #: Parts left out of this build, by name (for a trial or a measurement; the site needs them all).
    disabled = c.ListOfItems(c.Choice([part.name for part in PARTS]), default=[])
    #: True for the downloadable file:// archive (``make archive`` sets ``GUIDE_ARCHIVE``).
    archive = c.Type(bool, default=False)
    #: The archive zip an edition build ships in downloads/ (``GUIDE_ARCHIVE_ZIP``), if one was built.
    archive_zip = c.Optional(c.Type(str))
    #: Days a page may be edited after its last_reviewed date before the build notes a review may be due.
    review_grace_days = c.Type(int, default=30)
    #: Where the build keeps its caches (executed notebooks, compiled templates, reference vectors, the
    #: figures of past review dates), from the folder of mkdocs.yml.
    cache_dir = c.Type(str, default=".cache")
    #: Seconds a notebook may run before the build fails.
    notebook_timeout = c.Type(int, default=300)


def _handles(part: Part, event: str, priority: float) -> bool:
    handler = getattr(part.module, f"on_{event}", None)
    return handler is not None and getattr(handler, "mkdocs_priority", 0) == priority


def _priorities(event: str) -> list[float]:
    found = {getattr(getattr(part.module, f"on_{event}"), "mkdocs_priority", 0)
             for part in PARTS if hasattr(part.module, f"on_{event}")}
    return sorted(found, reverse=True)


def _handler(event: str, priority: float):
    def handle(self, *args, **kwargs):
        return self.run_parts(event, priority, args, kwargs)

    handle.__name__ = handle.__qualname__ = f"_{event}_at_{priority:g}"
    return event_priority(priority)(handle)


class GuidePlugin(BasePlugin[GuideConfig]):
    """Runs :data:`PARTS` in order at every MkDocs event, with the state of the build under way."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict = {}  # what outlives one build of a `mkdocs serve`: see the module's docstring
        self.state: BuildState | None = None
        self.command: str | None = None

    def on_startup(self, *, command, dirty) -> None:
        # Its presence keeps this instance across the rebuilds of one `mkdocs serve` (MkDocs 1.4+).
        self.command = command

    def active(self) -> list[Part]:
        return [part for part in PARTS if part.name not in self.config.disabled]

    def run_parts(self, event: str, priority: float, args: tuple, kwargs: dict):
        """Call each part's ``on_<event>`` of this priority in order, passing the item along as MkDocs does."""
        if event == "config" and priority == _priorities("config")[0]:  # a build starts: its own state
            self.state = BuildState(options=self.config, kept=self.kept, command=self.command)
        # As MkDocs' run_event: an item (config, files, page text) goes from one handler to the next;
        # the events with keywords only (on_post_build ...) return the last answer that is not None.
        item = args[0] if args else None
        for part in self.active():
            if not _handles(part, event, priority):
                continue
            handler = getattr(part.module, f"on_{event}")
            result = handler(item, **kwargs, state=self.state) if args else handler(**kwargs, state=self.state)
            if result is not None:
                item = result
        return item


# One handler a priority for each event some part handles (none for the others: MkDocs then skips us).
for _event in EVENTS:
    if _priorities(_event):
        setattr(GuidePlugin, f"on_{_event}", CombinedEvent(*(_handler(_event, p) for p in _priorities(_event))))
