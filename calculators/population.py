"""Who a regimen or protocol is for, as data, enforced the same way everywhere.

Each regimen module and each taper protocol declares a `Population`: the
disease, and the ages its sources give it. `Population.check` refuses a
patient outside it, naming what the sources give such a patient (often:
nothing), and asks for an age rather than assume one. The browser follows
the same data (``calculators.regimens.export_populations``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from .choices import ADULT_AGE_YEARS
from .errors import format_number
from .messages import say

Disease = Literal["IIM", "IGM", "JDM"]
DISEASE_NAMES = {"IIM": "idiopathic inflammatory myopathy", "IGM": "idiopathic granulomatous mastitis",
                 "JDM": "juvenile dermatomyositis"}


class Population(BaseModel):
    """Who a regimen is for: the disease, and the ages its sources give it, enforced by `check`.

    ``min_age_years`` is inclusive, ``below_age_years`` exclusive; both
    ``None``: no age rule (the regimen then never asks for an age).
    ``elsewhere`` says what the sources give for the patients left out (for
    example that they give no IV methylprednisolone dose in juvenile DM).
    """

    model_config = ConfigDict(frozen=True)

    disease: Disease
    min_age_years: float | None = None
    below_age_years: float | None = None
    sources: tuple[str, ...]
    """The guideline sources that give the regimen to this population."""
    elsewhere: str = ""
    """What happens for a patient outside the population (what the sources give them, if anything)."""

    @property
    def age_restricted(self) -> bool:
        return self.min_age_years is not None or self.below_age_years is not None

    def describe(self) -> str:
        who = DISEASE_NAMES[self.disease]
        if self.min_age_years is not None:
            return say("pop.adults", age=format_number(self.min_age_years), who=who)
        if self.below_age_years is not None:
            return say("pop.children", age=format_number(self.below_age_years), who=who)
        return say("pop.anyone", who=who, disease=self.disease)

    def allowed(self) -> str:
        if self.min_age_years is not None:
            return say("pop.adults.allowed", age=format_number(self.min_age_years))
        if self.below_age_years is not None:
            return say("pop.children.allowed", age=format_number(self.below_age_years))
        return say("pop.any_age")

    def check(self, regimen: str, age_years: float | None) -> None:
        """Refuse a patient outside the population, or a missing age where the regimen is age-restricted.

        Runs `steps`, the rule as data, with the recipe interpreter (as a regimen's recipe and the page do).
        """
        from .regimens.recipe import run_steps  # imported when used: the regimens import this module

        run_steps(self.steps(regimen, "age_years"), {"age_years": age_years})

    def steps(self, regimen: str, age: str) -> list[dict[str, Any]]:
        """`check` as recipe steps (what a recipe's ``{"population": "=age_years"}`` step becomes when compiled).

        Parameters
        ----------
        regimen : str
            The regimen's name in the refusal (its recipe's ``called``) [text].
        age : str
            The expression giving the patient's age, without ``=`` [text].
        """
        if not self.age_restricted:
            return []
        outside = [f"{age} < {self.min_age_years!r}" if self.min_age_years is not None else "False",
                   f"{age} >= {self.below_age_years!r}" if self.below_age_years is not None else "False"]
        reason = say("reg.population.outside", regimen=regimen, who=self.describe(), sources=", ".join(self.sources))
        if self.elsewhere:
            reason = say("reg.population.elsewhere", reason=reason, elsewhere=self.elsewhere)
        return [{"refuse": "age_years", "when": f"={age} is None", "value": None, "allowed": self.allowed(),
                 "reason": say("reg.population.required", regimen=regimen, who=self.describe()),
                 "kind": "tool_choice", "rests_on": ["age_required", "adult_age"]},
                # the age echoed with its unit, "age_years = 10 years" (clinical review, minor: a bare "Age = 10")
                {"refuse": "age_years", "when": "=" + " or ".join(outside), "value": f"={age}", "unit": "years",
                 "allowed": self.allowed(), "reason": reason, "kind": "tool_choice", "rests_on": ["adult_age"]}]

    def as_json(self) -> dict[str, Any]:
        return {"disease": self.disease, "min_age_years": self.min_age_years,
                "below_age_years": self.below_age_years, "age_required": self.age_restricted,
                "sources": list(self.sources), "describe": self.describe(), "allowed": self.allowed(),
                "elsewhere": self.elsewhere}


def adults(disease: Disease, sources: tuple[str, ...], elsewhere: str = "") -> Population:
    """Adults (18 years or older, a tool choice) with ``disease``, as ``sources`` give the regimen.

    Parameters
    ----------
    disease : str
        The disease the regimen is for [text].
    sources : tuple of str
        The sources that give the regimen [text].
    elsewhere : str
        Where a patient outside it is pointed to [text].
    """
    return Population(disease=disease, min_age_years=ADULT_AGE_YEARS, sources=sources, elsewhere=elsewhere)


def juvenile(sources: tuple[str, ...], elsewhere: str = "") -> Population:
    """Patients under 18 (a tool choice) with juvenile dermatomyositis, as ``sources`` give the regimen.

    Parameters
    ----------
    sources : tuple of str
        The sources that give the regimen [text].
    elsewhere : str
        Where a patient outside it is pointed to [text].
    """
    return Population(disease="JDM", below_age_years=ADULT_AGE_YEARS, sources=sources, elsewhere=elsewhere)




__all__ = ["DISEASE_NAMES", "Disease", "Population", "adults", "juvenile"]
