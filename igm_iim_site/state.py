"""The state of one build, handed to every part of the plugin as ``state=``.

A part keeps what it learns during a build (the pages it validated, the notebooks it started,
the edition it builds) in ``state.of("<part>")``, never in a module global: two builds in one
process (``mkdocs serve``, the tests) cannot see each other's leftovers, and a test makes a new
state instead of clearing a module. ``state.kept`` is the plugin instance's: what one
``mkdocs serve`` keeps from build to build on purpose (the fingerprint of the package, caches).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class BuildState:
    """The plugin's options and the parts' own state for the build under way."""

    #: The validated ``igm-iim`` options (:class:`igm_iim_site.plugin.GuideConfig`), or a mapping in tests.
    options: Any
    #: Kept across the builds of one ``mkdocs serve`` (held by the plugin instance).
    kept: dict = field(default_factory=dict)
    #: What MkDocs was started for (its ``on_startup``): "serve", "build", "gh-deploy" (mike says "mike");
    #: None when nothing said (a test, an older caller). A part that only serves an editor checks it.
    command: str | None = None
    parts: dict[str, dict] = field(default_factory=dict)

    def of(self, part: str) -> dict:
        """The state of one part in this build (empty when the build starts)."""
        return self.parts.setdefault(part, {})

    @classmethod
    def default(cls, **options: Any) -> BuildState:
        """A state with the plugin's default options, some replaced (for tests and tools)."""
        from igm_iim_site.plugin import GuideConfig

        config = GuideConfig()
        config.load_dict(options)
        failed, _ = config.validate()
        if failed:
            raise ValueError(f"invalid igm-iim options: {failed}")
        return cls(options=config)
