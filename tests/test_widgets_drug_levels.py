"""DrugLevelPanel: pump settings and presses in; curve, markers and summary out.

Hand calculations (Jeleazcov 2014 CL1 1.01 L/min = 60.6 L/h; Moulin 1991 F 0.78):
- steady state subcut at 0.55 mg/h: 0.78 x 0.55 / 60.6 x 1000 = 7.079 ng/mL (IV: 9.076);
- presses at 1 h, 1.1 h, 3 h with a 15 min lockout: 1.1 h is 6 min after 1 h -> refused
  (lockout); 2 delivered; day total 0.55 x 24 + 2 x 0.65 = 13.2 + 1.3 = 14.5 mg (the case's
  day 2);
- press whenever allowed, 15 min lockout, 24 h: 4 an hour -> 96 boluses; 13.2 + 96 x 0.65 =
  13.2 + 62.4 = 75.6 mg;
- hour limit 2 mg/h: 0.55 + 2 x 0.65 = 1.85 <= 2, a third bolus 2.5 > 2 -> 2 an hour -> 48 a
  day: 13.2 + 31.2 = 44.4 mg;
- the case's day 1: 3 boluses: 13.2 + 1.95 = 15.15 mg (printed in the paper).
"""

import pytest

from analgesia import case
from analgesia.widgets import DrugLevelPanel
from analgesia.widgets.drug_levels import CASE_DAY1_TIMES_H, TEXT


@pytest.fixture
def panel():
    return DrugLevelPanel()


def test_defaults_are_the_case_pump_and_the_issue_presses(panel):
    lines = panel.lines()
    assert panel.error == ""
    assert "0.55 mg/h hydromorphone subcut" in lines[0] and "0.65 mg" in lines[0]
    assert "ASSUMPTION" in lines[1] and "15 min" in lines[1]
    log = panel.result.log
    assert [p.reason for p in log.presses] == ["delivered", "lockout", "delivered"]
    assert "1.1 h: refused: lockout" in "\n".join(lines)
    day = panel.result.days[0]
    assert day.total.to("mg").magnitude == pytest.approx(14.5)
    assert day.total == day.pump_total.value  # equal to PcaSettings.daily_total(boluses=2)
    assert "daily total = 13.2 mg + 1.3 mg = 14.5 mg" in "\n".join(lines)
    css = panel.result.steady_state.to("ng/mL").magnitude
    assert css == pytest.approx(0.78 * 0.55 / 60.6 * 1000, rel=1e-12)
    assert any("= 7.1 ng/mL" in x for x in lines)
    # After 24 h (8 terminal half-lives after the last bolus) the level sits at steady state.
    assert panel.result.levels.concentration[-1] == pytest.approx(css, rel=0.01)


def test_whenever_allowed_hour_limit_and_case_day(panel):
    panel.mode.value = "whenever"
    d = panel.result.days[0]
    assert d.boluses == 96 and d.total.to("mg").magnitude == pytest.approx(75.6)
    assert len(panel.result.log.refused) == 0
    panel.hour_limit.value = "2 mg/h"
    d = panel.result.days[0]
    assert d.boluses == 48 and d.total.to("mg").magnitude == pytest.approx(44.4)
    panel.mode.value = "case"
    assert len(CASE_DAY1_TIMES_H) == case.printed_values()["day1_boluses"].high
    d = panel.result.days[0]
    assert d.boluses == 3 and d.total.to("mg").magnitude == pytest.approx(15.15)
    assert any("illustrative times" in x for x in panel.lines())


def test_intravenous_route_and_bare_numbers(panel):
    panel.route.value = "intravenous"
    assert panel.absorption.disabled
    css = panel.result.steady_state.to("ng/mL").magnitude
    assert css == pytest.approx(0.55 / 60.6 * 1000, rel=1e-12)  # 9.076 ng/mL
    assert "no absorption step" in panel.lines()[1]
    # A bare number is read in the label's unit: 1.1 (mg/h) doubles the steady state.
    panel.background.value = "1.1"
    assert panel.result.steady_state.to("ng/mL").magnitude == pytest.approx(2 * css)
    assert "hour limit none" in panel.lines()[0]


def test_figure_updated_in_place_with_markers_and_labels(panel):
    fig = panel.figure
    names = [t.name for t in fig.data]
    curve = fig.data[names.index("hydromorphone subcut concentration (ng/mL)")]
    assert len(curve.x) == 24 * 60 + 1  # 1 min display grid for 24 h
    bolus = fig.data[names.index("bolus delivered")]
    assert list(bolus.x) == [1.0, 3.0]
    refused = fig.data[names.index("press refused (lockout)")]
    assert list(refused.x) == [pytest.approx(1.1)] and refused.visible
    assert fig.data[names.index("lockout window")].visible
    assert "ASSUMPTION" in fig.layout.title.text and "15 min" in fig.layout.title.text
    assert "(h)" in fig.layout.xaxis.title.text and "(ng/mL)" in fig.layout.yaxis.title.text
    panel.absorption.value = 30.0
    assert panel.figure is fig and "30 min" in fig.layout.title.text
    panel.ec50.value = True
    band = [t for t in fig.data if t.name and "EC50 range" in t.name]
    assert band and band[0].visible and "illustrative" in band[0].name
    panel.mode.value = "whenever"
    assert panel.figure is fig and len(fig.data[names.index("bolus delivered")].x) == 96
    assert not fig.data[names.index("press refused (lockout)")].visible
    assert "an-levels-figure" in fig._dom_classes


@pytest.mark.parametrize(
    ("control", "value", "field"),
    [
        ("presses", "-1 h", "presses"),
        ("presses", "3 h, 1 h", "presses"),
        ("presses", "1 h, 25 h", "presses"),
        ("presses", "1 mg", "presses"),
        ("duration", "0 h", "duration"),
        ("duration", "-2 h", "duration"),
        ("duration", "2 year", "duration"),
        ("background", "-0.5 mg/h", "background rate"),
        ("background", "0.55 mg", "background rate"),
        ("bolus", "", "bolus (PCA dose)"),
        ("lockout", "0 min", "lockout"),
        ("hour_limit", "0.1 mg/h", "hour limit"),
    ],
)
def test_bad_value_shows_message_and_keeps_the_last_plot(panel, control, value, field):
    fig = panel.figure
    before_lines, before_y = panel.lines(), tuple(fig.data[4].y)
    before_title, before_summary = fig.layout.title.text, panel.summary.value
    getattr(panel, control).value = value
    assert panel.error.startswith(f"{field}:"), panel.error
    assert "Check this value" in panel.message.value and field in panel.message.value
    assert panel.lines() == before_lines and panel.summary.value == before_summary
    assert panel.figure is fig and tuple(fig.data[4].y) == before_y
    assert fig.layout.title.text == before_title


def test_recovers_after_a_bad_value(panel):
    panel.duration.value = "2 year"
    assert "at most 720 h" in panel.error
    panel.duration.value = "48 h"
    assert panel.error == "" and panel.message.value == ""
    assert len(panel.result.days) == 2 and len(panel.figure.data[4].x) == 48 * 30 + 1


def test_controls_labelled_with_units_and_hooked():
    p = DrugLevelPanel(figure=False)
    assert p.figure is None
    hooks = {
        p.background: ("an-levels-background", "mg/h"),
        p.bolus: ("an-levels-bolus", "mg"),
        p.lockout: ("an-levels-lockout", "min"),
        p.hour_limit: ("an-levels-hour-limit", "blank = none"),
        p.absorption: ("an-levels-absorption", "ASSUMPTION"),
        p.presses: ("an-levels-presses", "h after pump start"),
        p.summary: ("an-levels-summary", ""),
    }
    for widget, (hook, word) in hooks.items():
        assert hook in widget._dom_classes
        assert word in getattr(widget, "description", "")
    assert (p.absorption.min, p.absorption.max) == (5, 45)
    assert TEXT["mode_whenever"] == "press whenever allowed"


def test_the_model_computes_without_a_widget():
    # The same hand calculations as above, through the widget-free model and named fields.
    from analgesia.panels.drug_levels import DrugLevelModel

    m = DrugLevelModel()
    assert m.result.days[0].total.to("mg").magnitude == pytest.approx(14.5)  # 13.2 + 2 x 0.65
    text = m.result.summary
    assert text.presses.startswith("presses: 3 presses: 2 delivered, 1 refused (lockout)")
    assert text.refused == ("  1.1 h: refused: lockout",)
    assert text.peak.startswith("highest level: ") and text.peak in m.lines()
    assert text.case_note == "" and text.lines() == m.lines()
    assert m.set(mode="whenever") and m.result.days[0].boluses == 96  # 4 an hour x 24 h
    assert not m.set(duration="2 year") and "at most 720 h" in m.error  # 30 days = 720 h
    assert m.result.days[0].boluses == 96  # the last good result stays
    assert m.reset() and m.inputs["mode"] == "typed" and m.result.days[0].boluses == 2


def test_the_case_day_names_its_bolus_count_from_the_paper():
    from analgesia.panels.drug_levels import DrugLevelModel

    m = DrugLevelModel(mode="case")
    n = int(case.printed_values()["day1_boluses"].high.magnitude)  # 3 (printed in the paper)
    assert m.result.days[0].boluses == n
    assert f"gives {n} boluses but not when" in m.result.summary.case_note
