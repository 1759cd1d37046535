"""One plausible, computable input per live form, as a clinician types it (ward's browser tests).

Kept here rather than taken from the package's case lists so the share, record, view and
offline tests do not move when those lists change. Dates are a few days from today (a start
date in the past may be refused). A field a form does not have is skipped when filling.
"""

from __future__ import annotations

import datetime as dt

SOON = (dt.date.today() + dt.timedelta(days=3)).isoformat()

CASES: dict[str, dict[str, str]] = {
    "body-size": {"weight": "80", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"},
    "steroid-equivalence": {"dose_mg": "60", "from_drug": "prednisone", "from_route": "PO",
                            "to_drug": "dexamethasone", "to_route": "PO"},
    "taper": {"protocol": "iim-s002-fixed-steps", "dose_basis": "dose", "start_dose_mg": "60", "age_years": "50",
              "start_date": SOON, "hold_weeks": "4", "half_tablets": "no"},
    "dose": {"regimen": "prednisone_initial", "weight": "70", "weight_unit": "kg", "height": "175",
             "height_unit": "cm", "sex": "male", "age_years": "50", "mg_per_kg": "1", "start": SOON},
    "safety": {"disease": "IIM", "agent_methotrexate": "yes", "steroid": "prednisone", "steroid_mg_per_day": "60",
               "steroid_start": SOON, "steroid_end": (dt.date.today() + dt.timedelta(days=44)).isoformat(),
               "weight_kg": "70"},
}

#: Sets the named controls of a form and dispatches one change, as the DOM contract says.
FILL = """([name, values]) => {
  const form = document.querySelector(`form.live-calc[data-form="${name}"]`);
  for (const [field, value] of Object.entries(values)) {
    const c = form.elements[field];
    if (!c || c.tagName === undefined) continue;
    if (c.type === 'checkbox') c.checked = value === c.value; else c.value = value;
  }
  form.dispatchEvent(new Event('change', {bubbles: true}));
}"""
