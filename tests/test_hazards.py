"""The hazard log (issue 22 §5): valid data, every control proved by tests that exist, the page up to date."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from tools import hazards

ROOT = Path(__file__).resolve().parent.parent
LOG = hazards.load()


def test_every_control_names_tests_that_exist():
    assert hazards.missing_tests(LOG) == []
    for hazard in LOG.hazards:
        assert all(control.tests for control in hazard.controls), hazard.id


def test_a_control_naming_a_missing_test_or_none_is_caught(tmp_path):
    data = yaml.safe_load((ROOT / hazards.DATA).read_text(encoding="utf-8"))
    data["hazards"][0]["controls"][0]["tests"].append("tests/test_gallery.py::test_that_was_never_written")
    data["hazards"][1]["controls"][0]["tests"].append("tests/test_nowhere.py::test_anything")
    data["hazards"][2]["controls"][0]["tests"].append("tests/test_body_size.py::TestUnits::test_gone")
    log = hazards.HazardLog.model_validate(data)
    assert hazards.missing_tests(log) == [
        f"{data['hazards'][0]['id']}: tests/test_gallery.py::test_that_was_never_written",
        f"{data['hazards'][1]['id']}: tests/test_nowhere.py::test_anything",
        f"{data['hazards'][2]['id']}: tests/test_body_size.py::TestUnits::test_gone"]
    data["hazards"][0]["controls"][0]["tests"] = []
    with pytest.raises(ValidationError, match="at least 1 item"):
        hazards.HazardLog.model_validate(data)
    data["hazards"][0]["controls"][0]["tests"] = ["test_gallery"]
    with pytest.raises(ValidationError, match="not a pytest node id"):
        hazards.HazardLog.model_validate(data)


def test_the_log_covers_the_hazards_the_reviews_found():
    text = " ".join(h.hazard.lower() for h in LOG.hazards)
    for words in ("first line", "weekly", "thousandfold", "child", "choice of this tool", "stale edition",
                  "interaction", "unit", "extrapolates", "tpmt", "cap", "nobody entered", "pregnancy"):
        assert words in text, words
    assert {h.severity for h in LOG.hazards} <= set(hazards.SEVERITIES)


def test_the_page_is_the_data_and_under_for_editors():
    committed = (ROOT / hazards.PAGE).read_text(encoding="utf-8")
    assert committed == hazards.render(LOG), "docs/editors/hazard-log.md is stale: run `make refresh`"
    for hazard in LOG.hazards:
        assert f"## {hazard.id}: " in committed
        for control in hazard.controls:
            assert all(f"`{t}`" in committed for t in control.tests)
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["nav"]
    editors = next(item["For editors"] for item in nav if isinstance(item, dict) and "For editors" in item)
    assert {"Hazard log": "editors/hazard-log.md"} in editors
