"""Where every number comes from.

Two kinds of source stand behind the calculators:

* the four guideline summaries the site is built from (``S000`` to ``S003``),
  which set doses, caps, tapers and safety rules;
* the published formulas for body size and steroid equivalence, which the
  guideline summaries use but do not spell out.

Each result of this package carries one of these `Source` objects, so
a page can always say where a number came from.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict


class Source(BaseModel):
    """A document a rule is taken from."""

    model_config = ConfigDict(frozen=True)

    id: str
    """Short identifier used in pages and results, e.g. ``S002``."""
    title: str
    kind: str
    """``guideline summary`` or ``formula``."""
    topic: str = ""
    published: dt.date | None = None
    """The date the document gives for its last update, where it gives one."""
    file: str | None = None
    """File name of the guideline summary as supplied to this project."""
    citation: str = ""
    references: tuple[str, ...] = ()

    def label(self) -> str:
        """Short human label, e.g. ``S002 Treatment of inflammatory myopathy (2025-12-06)``."""
        when = f" ({self.published.isoformat()})" if self.published else ""
        return f"{self.id} {self.title}{when}"

    def __str__(self) -> str:
        return self.label()


S000 = Source(
    id="S000",
    title="Management of recurrent idiopathic granulomatous mastitis refractory to steroids",
    kind="guideline summary",
    topic="IGM",
    published=dt.date(2025, 11, 17),
    file="000_37d83c73b354d780.txt",
    citation="Dr.Oracle clinical summary, review status shown as Submitted / Under Review / Approved; "
    "numbered citations 1-7, reference list not reproduced in the summary.",
)
S001 = Source(
    id="S001",
    title="Treatment of refractory idiopathic granulomatous mastitis (left breast)",
    kind="guideline summary",
    topic="IGM",
    published=None,
    file="001_ebf7c26eb6ceb07b.txt",
    citation="Clinical summary with numbered citations 1-8; no date and no reference list given.",
)
S002 = Source(
    id="S002",
    title="Treatment of inflammatory myopathy",
    kind="guideline summary",
    topic="IIM",
    published=dt.date(2025, 12, 6),
    file="002_2576d5e9de4cd91b.txt",
    citation="Dr.Oracle clinical summary, review status shown as Submitted / Under Review / Approved.",
    references=(
        "Treatment of Anti-HMGCR-Associated Inflammatory Myopathy. Guideline. Praxis Medical Insights: "
        "Practical Summaries of Clinical Guidelines, 2025.",
        "Initial Treatment Approach for Idiopathic Inflammatory Myopathy. Guideline. Praxis Medical Insights: "
        "Practical Summaries of Clinical Guidelines, 2025.",
        "Treatment of Inflammatory Myopathy. Guideline. Praxis Medical Insights: "
        "Practical Summaries of Clinical Guidelines, 2025.",
        "Inflammatory myopathies: management of steroid resistance. Research. "
        "Current Opinion in Neurology, 2011.",
        "Inflammatory myopathies: how to treat the difficult cases. Research. Journal of Clinical "
        "Neuroscience (official journal of the Neurosurgical Society of Australasia), 2003.",
        "Current treatment of the inflammatory myopathies. Research. Current Opinion in Rheumatology, 1994.",
    ),
)
S003 = Source(
    id="S003",
    title="Initial treatment approach for idiopathic inflammatory myopathy",
    kind="guideline summary",
    topic="IIM",
    published=None,
    file="003_f20fd58c9852f050.txt",
    citation="Clinical summary with numbered citations 1-5; no date and no reference list given.",
)

DEVINE_1974 = Source(
    id="Devine 1974",
    title="Devine formula for ideal body weight",
    kind="formula",
    citation="Devine BJ. Gentamicin therapy. Drug Intell Clin Pharm. 1974;8:650-655.",
)
MOSTELLER_1987 = Source(
    id="Mosteller 1987",
    title="Mosteller formula for body surface area",
    kind="formula",
    citation="Mosteller RD. Simplified calculation of body-surface area. N Engl J Med. 1987;317(17):1098.",
)
DUBOIS_1916 = Source(
    id="Du Bois 1916",
    title="Du Bois formula for body surface area",
    kind="formula",
    citation="Du Bois D, Du Bois EF. A formula to estimate the approximate surface area if height and "
    "weight be known. Arch Intern Med. 1916;17:863-871.",
)
QUETELET_BMI = Source(
    id="BMI (WHO)",
    title="Body mass index, weight divided by height squared",
    kind="formula",
    citation="World Health Organization. Obesity: preventing and managing the global epidemic. "
    "WHO Technical Report Series 894, 2000.",
)
ADJUSTED_BW = Source(
    id="Adjusted body weight (0.4)",
    title="Adjusted body weight, IBW + 0.4 x (actual - IBW)",
    kind="formula",
    citation="Bauer LA. Applied Clinical Pharmacokinetics, 2nd ed. McGraw-Hill, 2008 (dosing-weight "
    "correction factor 0.4); as implemented in MedCalc-Bench (Khandekar et al., 2024).",
)
STEROID_TABLE = Source(
    id="Steroid equivalence table",
    title="Equivalent anti-inflammatory doses of systemic corticosteroids",
    kind="formula",
    citation="Equivalent doses as used by the MedCalc-Bench steroid conversion calculator "
    "(Khandekar et al., 2024, arXiv:2406.12036), after Meikle AW, Tyler FH. Potency and duration of "
    "action of glucocorticoids. Am J Med. 1977;63:200-207. Published tables differ for betamethasone "
    "(0.6 to 0.75 mg); this table uses 0.75 mg.",
)

# One name for CPIC wherever it is cited (the id is the label every note and page shows): the guideline is the
# 2018 update, published by Relling et al. in Clin Pharmacol Ther in 2019 (review M-N5: "2018" and "Relling et
# al. 2019" on one result read as two references).
CPIC_THIOPURINE_2018 = Source(
    id="CPIC thiopurine guideline 2018 update (Relling et al. 2019)",
    title="CPIC guideline for thiopurine dosing based on TPMT and NUDT15 genotypes (2018 update)",
    kind="external guideline",
    topic="azathioprine and TPMT",
    citation="Relling MV, Schwab M, Whirl-Carrillo M, et al. Clinical Pharmacogenetics Implementation "
    "Consortium guideline for thiopurine dosing based on TPMT and NUDT15 genotypes: 2018 update. "
    "Clin Pharmacol Ther. 2019;105(5):1095-1105. doi:10.1002/cpt.1304. Used only for what to do with a "
    "reduced TPMT result, which S002 and S003 do not say; NUDT15 is not assessed here.",
)

MTX_INTERACTIONS = Source(
    id="Methotrexate labelling and BNF",
    title="Methotrexate product labelling and the British National Formulary: interaction with trimethoprim",
    kind="drug reference",
    topic="methotrexate with trimethoprim-sulfamethoxazole",
    citation="Methotrexate prescribing information (US FDA label, Drug interactions: trimethoprim/"
    "sulfamethoxazole reported to increase bone marrow suppression) and British National Formulary, "
    "methotrexate interactions (co-trimoxazole and trimethoprim: increased risk of haematological toxicity). "
    "Used only for the caution that the Pneumocystis prophylaxis the sources name (trimethoprim-"
    "sulfamethoxazole) interacts with methotrexate, which S000-S003 do not say.",
)

AZA_INTERACTIONS = Source(
    id="Azathioprine labelling and BNF",
    title="Azathioprine and febuxostat product labelling and the British National Formulary: xanthine oxidase "
    "inhibitors",
    kind="drug reference",
    topic="azathioprine with allopurinol or febuxostat",
    citation="Azathioprine prescribing information (US FDA label, Drug interactions: allopurinol inhibits one "
    "pathway of azathioprine's inactivation; the azathioprine dose must be cut sharply when both are given), "
    "febuxostat prescribing information (US FDA label: contraindicated with azathioprine) and British National "
    "Formulary, azathioprine interactions (allopurinol and febuxostat: increased risk of haematological "
    "toxicity). Used only for the caution on azathioprine results, which S000-S003 do not give.",
)

RITUXIMAB_HBV = Source(
    id="Rituximab labelling",
    title="Rituximab product labelling: hepatitis B virus reactivation",
    kind="drug reference",
    topic="rituximab and hepatitis B reactivation",
    citation="Rituximab prescribing information (US FDA label, boxed warning: hepatitis B virus reactivation, "
    "which can cause fulminant hepatitis, hepatic failure and death; screen every patient for hepatitis B "
    "infection, HBsAg and anti-HBc, before starting). Used only for the screening note on the rituximab "
    "result, which S000-S003 do not give for rituximab.",
)

TERATOGEN_LABELLING = Source(
    id="Mycophenolate and cyclophosphamide labelling",
    title="Mycophenolate mofetil and cyclophosphamide product labelling: embryo-fetal toxicity",
    kind="drug reference",
    topic="mycophenolate and cyclophosphamide in pregnancy",
    citation="Mycophenolate mofetil prescribing information (US FDA label, boxed warning: embryofetal toxicity, "
    "pregnancy loss and congenital malformations; pregnancy test before starting; contraception during "
    "treatment and for 6 weeks after stopping) and cyclophosphamide prescribing information (US FDA label, "
    "embryo-fetal toxicity; contraception during treatment and for up to 1 year after); the EU and UK summaries "
    "of product characteristics list pregnancy among the contraindications of both (section 4.3; for "
    "mycophenolate, unless no other treatment can prevent transplant rejection). Used only because "
    "S000-S003 name these drugs for IIM but say nothing of their use in pregnancy.",
)

MEDCALC_BENCH = Source(
    id="MedCalc-Bench",
    title="MedCalc-Bench: evaluating large language models for medical calculations",
    kind="benchmark",
    citation="Khandekar N, Jin Q, Xiong G, et al. MedCalc-Bench: Evaluating Large Language Models for Medical "
    "Calculations. arXiv:2406.12036, 2024. Its calculator implementations are the reference the body-size and "
    "steroid-conversion results are checked against.",
)

GUIDELINE_SOURCES: dict[str, Source] = {s.id: s for s in (S000, S001, S002, S003)}
FORMULA_SOURCES: dict[str, Source] = {
    s.id: s for s in (DEVINE_1974, MOSTELLER_1987, DUBOIS_1916, QUETELET_BMI, ADJUSTED_BW, STEROID_TABLE)
}
EXTERNAL_GUIDELINES: dict[str, Source] = {
    s.id: s for s in (CPIC_THIOPURINE_2018, MTX_INTERACTIONS, TERATOGEN_LABELLING, RITUXIMAB_HBV, AZA_INTERACTIONS)
}
REFERENCE_SOURCES: dict[str, Source] = {**FORMULA_SOURCES, **EXTERNAL_GUIDELINES, MEDCALC_BENCH.id: MEDCALC_BENCH}
"""Named outside references: a statement resting on one of these is of kind ``reference``."""
ALL_SOURCES: dict[str, Source] = {**GUIDELINE_SOURCES, **REFERENCE_SOURCES}
