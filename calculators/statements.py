"""What every statement of the package rests on: a source, a named reference, or a choice of this tool.

Every note, cap, refusal reason and safety item the package produces is one
of three kinds, and says which:

``source``
    stated by one of the guideline summaries S000-S003; ``rests_on`` lists
    them, and the statement says what they state.
``reference``
    taken from a named outside reference (Devine 1974, Mosteller 1987, the CPIC
    thiopurine guideline 2018 update, the steroid equivalence table, MedCalc-Bench); ``rests_on`` names it.
``tool_choice``
    decided by this project where the sources are silent; ``rests_on`` holds
    the key of the choice in :data:`calculators.choices.TOOL_CHOICES`, where
    what the tool does, where and why are written once.

A tool choice never names a guideline source as its basis: the validator of
`Note` refuses it, and the tests check every statement the package can make.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_serializer, model_validator

from .choices import TOOL_CHOICES
from .sources import GUIDELINE_SOURCES, REFERENCE_SOURCES

Kind = Literal["source", "reference", "tool_choice"]
KINDS: tuple[Kind, ...] = ("source", "reference", "tool_choice")


def check_basis(kind: str, rests_on: tuple[str, ...]) -> None:
    """Refuse a statement whose basis does not fit its kind (a tool choice citing S002, say).

    Parameters
    ----------
    kind : str
        ``source``, ``reference`` or ``tool_choice`` [text].
    rests_on : tuple of str
        What the statement rests on: source ids, reference ids or tool-choice keys [text].
    """
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {KINDS}")
    if not rests_on:
        raise ValueError(f"a {kind} statement must say what it rests on")
    known = {"source": GUIDELINE_SOURCES, "reference": REFERENCE_SOURCES, "tool_choice": TOOL_CHOICES}[kind]
    wrong = [item for item in rests_on if item not in known]
    if wrong:
        raise ValueError(f"a {kind} statement cannot rest on {wrong}; allowed: {sorted(known)}")


class Note(BaseModel):
    """One sentence a result says, with the kind of statement it is and what it rests on."""

    model_config = ConfigDict(frozen=True)

    text: str
    kind: Kind
    rests_on: tuple[str, ...]
    """Guideline source ids (``source``), reference ids (``reference``) or tool-choice keys (``tool_choice``)."""
    warning: bool = False
    """A warning, not only a note: the plan as entered goes against what the statement says (a dose above an
    outside reference's usual maximum, a dose chosen against a factor the source says moves it). Pages show it
    first, marked as a warning; its kind and basis are those of the statement."""

    @model_validator(mode="after")
    def _basis_fits_kind(self) -> Note:
        check_basis(self.kind, self.rests_on)
        return self

    @model_serializer(mode="wrap")
    def _warning_only_when_set(self, handler: Any) -> dict[str, Any]:
        # ``warning`` is written only where it is set, so every plain note serialises (reference vectors,
        # editions' changelog) exactly as before the field existed.
        data = handler(self)
        if not data.get("warning", True):
            del data["warning"]
        return data

    def label(self) -> str:
        """``S002``, ``Devine 1974`` or ``tool choice``: what a page shows beside the sentence."""
        return "tool choice" if self.kind == "tool_choice" else ", ".join(self.rests_on)

    def __str__(self) -> str:
        return self.text


def source(text: str, *ids: str) -> Note:
    """A sentence stated by the guideline sources ``ids`` (S000-S003).

    Parameters
    ----------
    text : str
        The sentence [text].
    *ids : str
        The guideline sources it rests on, S000-S003 [text].
    """
    return Note(text=text, kind="source", rests_on=ids)


def reference(text: str, *ids: str) -> Note:
    """A sentence from the named outside references ``ids``.

    Parameters
    ----------
    text : str
        The sentence [text].
    *ids : str
        The outside references it rests on [text].
    """
    return Note(text=text, kind="reference", rests_on=ids)


def choice(key: str, text: str | None = None) -> Note:
    """A tool choice: its declared text (or ``text``, a sentence applying it), resting on the choice ``key``.

    Parameters
    ----------
    key : str
        A key of `calculators.choices.TOOL_CHOICES` [text].
    text : str, optional
        A sentence applying the choice, instead of its declared text [text].
    """
    return Note(text=text if text is not None else TOOL_CHOICES[key].text, kind="tool_choice", rests_on=(key,))


def texts(notes: tuple[Note, ...] | list[Note]) -> list[str]:
    """The sentences of ``notes``, in order.

    Parameters
    ----------
    notes : sequence of Note
        The notes [record].
    """
    return [n.text for n in notes]


__all__ = ["KINDS", "Kind", "Note", "check_basis", "choice", "reference", "source", "texts"]
