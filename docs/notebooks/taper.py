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
# # Prednisone taper: a worked case
#
# A man of 52 with polymyositis, 78 kg, starts prednisone on Monday 5 January 2026.
# His team plans the top of the S002 ladder, {{ taper_dose("iim-s002-fixed-steps", 60) }} (inside the
# {{ figure("iim.prednisone.initial_per_kg") }} the myopathy sources give, for his weight),
# held for the longest the sources allow ({{ figure("iim.prednisone.hold_before_taper") }}), and has
# {{ not_a_figure("5, 2.5 and 1 mg", "the tablet strengths on the ward in this worked case") }} tablets.
#
# This notebook builds his taper with the calculator package, compares the two
# myopathy protocols, and runs the plan's safety checks. Every number below is
# computed when the site is built.

# %%
import datetime as dt

from calculators import Patient, to_csv
from calculators.errors import InputError
from calculators.taper import taper_schedule

patient = Patient(weight=78, weight_unit="kg", height=178, height_unit="cm", sex="male", age_years=52)
start = dt.date(2026, 1, 5)
schedule = taper_schedule("iim-s002-fixed-steps", start_dose_mg=60, patient=patient, hold_weeks=4,
                          start_date=start, strengths_mg=(5, 2.5, 1))
print(schedule.headline())  # the plan as he takes it
print(schedule.title, "| source", schedule.source.id)
print(schedule.rule)

# %% [markdown]
# ## The schedule
#
# One line per dose: the dates it is taken (inclusive), the daily dose and the
# tablets that make it (whole tablets only): the plan uses the fewest of the strengths on hand that
# make every dose with at most 4 tablets a day, and each dose the fewest tablets of those.

# %%
print(f"{'from':<11} {'to':<11} {'days':>4}  {'mg/day':>6}  tablets")
for p in schedule.periods:
    print(f"{p.start.isoformat():<11} {p.end.isoformat():<11} {p.days:>4}  {p.daily_dose_mg:>6g}  {p.tablets_text()}")
print(f"{schedule.stop_date.isoformat():<11} {'':<11} {'':>4}  {'0':>6}  stopped")

# %% [markdown]
# ## Totals and flags
#
# The days at {{ figure("safety.pjp.steroid_dose") }} or more decide whether the Pneumocystis
# threshold of S003 ({{ figure("safety.pjp.steroid_dose") }} or more for
# {{ figure("safety.pjp.steroid_weeks") }} or more) is reached. The tablets to
# dispense are counted per strength over the whole taper.

# %%
summary = schedule.summary()
print("Days on prednisone:", summary["duration_days"])
print("Cumulative dose:", summary["cumulative_dose_mg"], "mg")
print("Tablets to dispense:", ", ".join(f"{n} x {s} mg" for s, n in summary["dispense"].items()))
for flag in schedule.flags():
    print("Flag:", flag)
for note in schedule.notes:
    print("Note:", note)

# %% [markdown]
# ## The two myopathy protocols side by side
#
# S002 lists a fixed ladder from {{ taper_dose("iim-s002-fixed-steps", 60) }}; S003 gives a rule (minus
# {{ figure("taper.s003.80_to_30.step") }}, then {{ figure("taper.s003.30_to_20.step") }}, then
# {{ figure("taper.s003.20_to_0.step") }}, every {{ figure("taper.s003.20_to_0.interval") }}). From
# {{ taper_dose("iim-s002-fixed-steps", 60) }} they differ in the middle of the taper. The step plot shows the daily dose against the date.

# %%
# %config InlineBackend.figure_formats = ["svg"]
import html
import io

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from IPython.display import HTML

plt.rcParams.update({"font.size": 12, "svg.fonttype": "none",  # readable text, kept as text in the SVG
                     "svg.hashsalt": "igm-iim-guide"})  # the same ids in the SVG at every build
def show_svg(fig, description):
    """The figure as inline SVG with a text alternative (role=img, aria-label) for screen readers."""
    buffer = io.StringIO()
    # no build date or generator block: the page is the same at every build, and valid HTML
    fig.savefig(buffer, format="svg", metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    return HTML(svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(description)}" ', 1))

rule_based = taper_schedule("iim-s003-rule-based", start_dose_mg=60, patient=patient, hold_weeks=4,
                            start_date=start, strengths_mg=(5, 2.5, 1))


def steps(s):
    """Dates and doses for a step plot, ending with the first day at 0 mg."""
    dates = [p.start for p in s.periods] + [s.stop_date]
    doses = [p.daily_dose_mg for p in s.periods] + [0]
    return dates, doses


fig, axes = plt.subplots(1, 2, figsize=(11, 5.2), sharey=True, constrained_layout=True)
for ax, s, colour in zip(axes, (schedule, rule_based), ("#3949ab", "#00897b")):
    dates, doses = steps(s)
    ax.step(dates, doses, where="post", color=colour, linewidth=2)
    ax.axhline(20, color="#c62828", linestyle="--", linewidth=1)
    ax.text(dates[-1], 21, "20 mg/day (Pneumocystis threshold)", color="#c62828", ha="right", fontsize=10)
    ax.set_title(f"{s.protocol_name}\n{s.duration_days} days, {s.cumulative_dose_mg:g} mg in all", fontsize=12)
    ax.set_xlabel("Date (2026)")
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.grid(True, alpha=0.3)
axes[0].set_ylabel("Prednisone dose (mg/day)")
axes[0].set_ylim(0, 65)
fig.suptitle("Prednisone taper from 60 mg/day held 4 weeks, started 5 Jan 2026")
show_svg(fig, "Step charts of daily prednisone dose against date for the S002 and S003 tapers from 60 mg/day; "
         + "; ".join(f"{s.protocol_name}: {s.duration_days} days, {s.cumulative_dose_mg:g} mg, last dose "
                     f"{s.end_date:%d %b %Y}" for s in (schedule, rule_based)))

# %% [markdown]
# The chart in words (computed, so it stays true if a protocol changes):

# %%
for s in (schedule, rule_based):
    doses = " -> ".join(f"{p.daily_dose_mg:g}" for p in s.periods)
    print(f"{s.protocol_name}: {doses} mg/day; last dose {s.end_date:%d %b %Y}; "
          f"{s.duration_days} days, {s.cumulative_dose_mg:g} mg; {s.days_at_or_above_pjp_dose} days at 20 mg/day or more")
print(f"Difference: {rule_based.duration_days - schedule.duration_days} days and "
      f"{rule_based.cumulative_dose_mg - schedule.cumulative_dose_mg:g} mg more with S003.")

# %% [markdown]
# ## Safety checks on the plan
#
# The taper goes into the plan together with weekly methotrexate. The checks
# flag what the sources require for this combination: prophylaxis, the
# once-weekly methotrexate rule, bone protection and so on.

# %%
from calculators.safety import check_plan

report = check_plan(disease="IIM", weight_kg=78, steroids=[schedule],
                    agents=[{"drug": "methotrexate", "mg_per_week": 15, "frequency": "once weekly"}])
print("Longest run at 20 mg/day or more:", report.longest_run_days_at_pjp_dose, "days")
for item in report.items:
    print(f"[{item.severity}] {item.code}: {item.message} ({', '.join(item.sources)})")

# %% [markdown]
# ## What the package refuses
#
# S002 gives no ladder from a start above {{ taper_dose("iim-s002-fixed-steps", 60) }} (the typical start
# runs up to the top of {{ figure("iim.prednisone.initial_typical") }}), so the fixed-step
# protocol refuses such a start rather than guess; the message names the field, the value and what is
# allowed.

# %%
try:
    taper_schedule("iim-s002-fixed-steps", start_dose_mg=80, hold_weeks=4, start_date=start, age_years=52)
except InputError as error:
    print(error)

# %% [markdown]
# ## Files for the patient
#
# The same schedule as CSV: one table, a row per dose and the stop row (the plan, the inputs,
# the notes and the edition are further columns of every row); the taper page also offers an
# iCalendar file and a printable calendar. The first columns:

# %%
import csv
import io

for row in csv.reader(io.StringIO(to_csv(schedule).lstrip("\ufeff"))):
    print(",".join(row[:7]))
