"""Calculators behind the IGM and IIM guideline site.

Every function validates its inputs (an `InputError` names the field,
the value and what is allowed) and returns results that carry the rule they
applied and the source it came from.
"""

from .body_size import adjusted_body_weight, body_mass_index, body_surface_area, ideal_body_weight
from .errors import InputError
from .patient import Patient
from .regimens import (
    CapApplied,
    DoseLine,
    RegimenResult,
    azathioprine,
    calcineurin_inhibitor,
    cyclophosphamide,
    export_regimens,
    iv_methylprednisolone,
    ivig,
    methotrexate_igm,
    methotrexate_iim,
    methotrexate_jdm,
    mycophenolate,
    prednisone_initial,
    prednisone_jdm,
    rituximab,
)
from .result import Result
from .safety import PlanAgent, SafetyItem, SafetyReport, SteroidCourse, SteroidPeriod, check_plan
from .sources import ALL_SOURCES, GUIDELINE_SOURCES, Source
from .steroids import convert_steroid
from .taper import TaperSchedule, taper_schedule

from .forms.writers import to_calendar_html, to_csv, to_ics  # isort: skip  (the forms layer sits on the domain)
from . import messages as _messages  # isort: skip  (the figure registry is complete only now)
from .figures import registry as _registry  # isort: skip

# The templates quote figures by token; they are filled once, here, when the package is imported (at module level:
# import-time set-up, never changed after it; tests/test_plugin.py refuses functions that change module state).
_messages.TEMPLATES.update(_messages.rendered_templates(_registry()))

__all__ = [
    "ALL_SOURCES",
    "GUIDELINE_SOURCES",
    "CapApplied",
    "DoseLine",
    "InputError",
    "Patient",
    "PlanAgent",
    "RegimenResult",
    "Result",
    "SafetyItem",
    "SafetyReport",
    "Source",
    "SteroidCourse",
    "SteroidPeriod",
    "TaperSchedule",
    "adjusted_body_weight",
    "azathioprine",
    "body_mass_index",
    "body_surface_area",
    "calcineurin_inhibitor",
    "check_plan",
    "convert_steroid",
    "cyclophosphamide",
    "export_regimens",
    "ideal_body_weight",
    "iv_methylprednisolone",
    "ivig",
    "methotrexate_igm",
    "methotrexate_iim",
    "methotrexate_jdm",
    "mycophenolate",
    "prednisone_initial",
    "prednisone_jdm",
    "rituximab",
    "taper_schedule",
    "to_calendar_html",
    "to_csv",
    "to_ics",
]
