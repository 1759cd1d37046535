# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Dose calculation: a worked case
#
# A woman of 58 with dermatomyositis: 62 kg, 158 cm. This notebook runs the
# calculator package step by step, the way you would at the bedside: first
# the body-size figures the doses rest on, then the doses. Every number below
# is computed when the site is built; nothing is typed in by hand.

# %%
from calculators import Patient, body_surface_area, ideal_body_weight

patient = Patient(weight=62, weight_unit="kg", height=158, height_unit="cm", sex="female", age_years=58)
ibw = ideal_body_weight(patient)
bsa = body_surface_area(patient)
print(ibw)
print(bsa)

# %% [markdown]
# Ideal body weight is the basis the myopathy sources use for azathioprine
# and IVIG. Body surface area matters only for juvenile dermatomyositis, where
# methotrexate is given per square metre.

# %% [markdown]
# ## The doses
#
# Her dermatomyositis is active, with a normal TPMT result, and she has
# osteoporosis. S002 says osteoporosis should bring the prednisone dose nearer
# {{ figure("iim.prednisone.low_end_per_kg") }}; her team, weighing severe weakness against it, still
# starts at the top of the range, {{ figure("iim.prednisone.high_end_per_kg") }}. That is the
# team's judgement, not advice of this page, and the result below warns about
# exactly this choice. Methotrexate goes once weekly, rising to its target over
# {{ figure("iim.mtx.time_to_target") }}. Azathioprine is **not** given with it: it is
# worked out below only as the alternative, should methotrexate prove unsuitable, and it
# stays out of the plan whose safety is checked further down. Each result carries its rule,
# its source and every cap that changed the dose.

# %%
import datetime as dt

from calculators.regimens import azathioprine, methotrexate_iim, prednisone_initial

start = dt.date(2026, 1, 5)
pred = prednisone_initial(patient, mg_per_kg=1, osteoporosis=True, start=start)
mtx = methotrexate_iim(start=start, ramp_months=3, age_years=patient.age_years)
for result in (pred, mtx):  # what she takes
    print(result)
    for line in result.lines:
        print("   ", line.text())
    for cap in result.caps_applied:
        print("    cap:", cap.text())
    for note in result.notes:
        print(f"    note ({note.label()}):", note.text)
    print()

# the alternative if methotrexate is unsuitable: never given together with it
aza = azathioprine(patient, tpmt="normal", start=start)
print("Alternative to methotrexate, not given with it:")
print(aza)
for note in aza.notes:
    print(f"    note ({note.label()}):", note.text)

# %% [markdown]
# ## Caps that bite, and refusals
#
# A methylprednisolone pulse at the top of {{ figure("iim.ivmp.per_kg") }} would be more than the
# daily limit at 62 kg: the tool caps it at the ceiling of {{ figure("iim.ivmp.daily_limits") }}
# and says so. A methotrexate dose above {{ figure("mtx.weekly_cap") }} is refused, as is
# azathioprine without a TPMT result.

# %%
from calculators.errors import InputError
from calculators.regimens import iv_methylprednisolone, methotrexate_igm

pulse = iv_methylprednisolone(patient, mg_per_kg=20, days=3, start=start)
print(pulse.display())
for cap in pulse.caps_applied:
    print("cap:", cap.text())

for attempt in (lambda: methotrexate_igm(mg_per_week=30, prednisolone_mg_per_day=15, age_years=40),
                lambda: azathioprine(patient, tpmt="unknown")):
    try:
        attempt()
    except InputError as error:
        print("refused:", error)

# %% [markdown]
# ## The taper that follows, and the plan's safety checks
#
# After the longest hold at the initial dose the sources allow
# ({{ figure("iim.prednisone.hold_before_taper") }}), she follows the rule-based taper (S003).
# The schedule goes into the plan with methotrexate; the checks list what the
# sources require for the whole plan.

# %%
from calculators.safety import check_plan
from calculators.taper import taper_schedule

taper = taper_schedule("iim-s003-rule-based", start_dose_mg=pred.rounded(), patient=patient, hold_weeks=4,
                       start_date=start, strengths_mg="prednisone")
print(f"{taper.protocol_name}: {taper.duration_days} days, {taper.cumulative_dose_mg:g} mg in all, "
      f"ends {taper.end_date.isoformat()}")
for flag in taper.flags():
    print("Flag:", flag)

report = check_plan(disease="IIM", weight_kg=patient.weight_kg, steroids=[taper], osteoporosis=True,
                    tpmt="normal", agents=[{"drug": "methotrexate", "mg_per_week": 15, "frequency": "once weekly"}])
for item in report.items:
    print(f"[{item.severity}] {item.code}: {item.message} ({', '.join(item.sources)})")

# %% [markdown]
# ## The taper as a chart
#
# Daily prednisone dose by date, with the {{ figure("safety.pjp.steroid_dose") }} line above which
# Pneumocystis prophylaxis is considered when held {{ figure("safety.pjp.steroid_weeks") }} or more.

# %%
# %config InlineBackend.figure_formats = ["svg"]
import html
import io

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from IPython.display import HTML

def show_svg(fig, description):
    """The figure as inline SVG with a text alternative (role=img, aria-label) for screen readers."""
    buffer = io.StringIO()
    # no build date or generator block: the page is the same at every build, and valid HTML
    fig.savefig(buffer, format="svg", metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    return HTML(svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(description)}" ', 1))

plt.rcParams.update({"font.size": 12, "svg.fonttype": "none",  # readable text, kept as text in the SVG
                     "svg.hashsalt": "igm-iim-guide"})  # the same ids in the SVG at every build
dates = [p.start for p in taper.periods] + [taper.stop_date]
doses = [p.daily_dose_mg for p in taper.periods] + [0]
fig, ax = plt.subplots(figsize=(10, 4.8), constrained_layout=True)
ax.step(dates, doses, where="post", color="#00897b", linewidth=2, label=taper.protocol_name)
ax.axhline(20, color="#c62828", linestyle="--", linewidth=1, label="20 mg/day (Pneumocystis threshold)")
ax.set_title(f"Prednisone taper, {patient.weight_kg:g} kg, from {start.strftime('%d %b %Y')}")
ax.set_xlabel("Date")
ax.set_ylabel("Prednisone dose (mg/day)")
ax.xaxis.set_major_locator(mdates.MonthLocator())
ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b %Y"))
ax.set_ylim(0, max(doses) + 5)
ax.grid(True, alpha=0.3)
ax.legend(loc="upper right", fontsize=10)
show_svg(fig, f"Step chart of daily prednisone dose against date: {taper.protocol_name} from "
         f"{taper.start_dose_mg:g} mg/day on {start:%d %b %Y} to the last dose on {taper.end_date:%d %b %Y}, "
         f"{taper.days_at_or_above_pjp_dose} days at 20 mg/day or more")
