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
