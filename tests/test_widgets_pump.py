"""PumpPanel: controls -> readout and findings; bad input shows a message and changes nothing.

Hand calcs: 100 mg / (100 + 100 mL) = 0.5 mg/mL; 0.55 mg/h / 0.5 = 1.1 mL/h;
0.65 mg / 0.5 = 1.3 mL; max 0.55 + 4 x 0.65 = 3.15 mg/h = 6.3 mL/h.
"""

from analgesia.widgets import PumpPanel


def test_defaults_show_the_case_in_mg_and_ml():
    p = PumpPanel()
    text = "\n".join(p.lines())
    assert "0.5 mg/mL" in text
    assert "background: 0.55 mg/h (1.1 mL/h)" in text
    assert "bolus (PCA dose): 0.65 mg (1.3 mL)" in text
    assert "maximum per hour: 3.15 mg/h (6.3 mL/h)" in text
    assert "hour limit: none set" in text
    assert "[no_hour_limit]" in text
    assert "an-finding-warning" in p.findings_html.value
    assert "0.55 mg/h (1.1 mL/h)" in p.display.value
    assert p.error == "" and p.message.value == ""


def test_changing_dilution_changes_volumes():
    p = PumpPanel()
    p.diluent.value = "0 mL"  # 100 mg in 100 mL = 1 mg/mL: 0.55 mg/h = 0.55 mL/h
    assert "background: 0.55 mg/h (0.55 mL/h)" in p.lines()


def test_hour_limit_caps_max_per_hour():
    p = PumpPanel()
    p.hour_limit.value = "2.5 mg/h"  # 2.5 / 0.5625 = 4.44 x, within 3-5 x
    lines = p.lines()
    assert "maximum per hour: 2.5 mg/h (5 mL/h)" in lines
    assert any("[hour_limit_ok]" in x for x in lines)
    p.hour_limit.value = ""
    assert "hour limit: none set" in p.lines()


def test_opioid_naive_background_is_danger_in_red():
    p = PumpPanel()
    p.opioid_tolerant.value = False
    assert p.findings[0].code == "background_opioid_naive"
    assert "an-finding-danger" in p.findings_html.value and "#b00020" in p.findings_html.value


def test_bad_value_shows_message_and_keeps_result():
    p = PumpPanel()
    before_lines, before_display = p.lines(), p.display.value
    p.bolus.value = "0.65 mL"
    assert "bolus" in p.error and "mg" in p.error
    assert "Check this value" in p.message.value
    assert p.lines() == before_lines and p.display.value == before_display
    p.bolus.value = "0.5 mg"  # recovers: 0.5 mg = 1 mL
    assert p.error == "" and "bolus (PCA dose): 0.5 mg (1 mL)" in p.lines()


def test_hour_limit_below_background_is_rejected():
    p = PumpPanel()
    p.hour_limit.value = "0.1 mg/h"
    assert p.error.startswith("hour limit:")


def test_controls_are_labelled_with_units_and_hooked():
    p = PumpPanel()
    for c in (p.drug_amount, p.drug_volume, p.diluent, p.background, p.bolus, p.lockout,
              p.hour_limit):
        assert "(" in c.description  # unit shown
        assert any(k.startswith("an-pump-") for k in c._dom_classes)
        assert c.style.description_width == "initial"


def test_order_sheet_from_the_learners_pump():
    # The case's pump: 0.55 mg/h = 1.1 mL/h and 0.65 mg = 1.3 mL at 100 mg / 200 mL = 0.5 mg/mL.
    import base64
    import re

    from analgesia.widgets import PumpPanel

    p = PumpPanel()
    p.order_button.click()
    page = p.order_html()
    for text in ("0.55 mg/h", "1.1 mL/h", "0.65 mg", "1.3 mL", "15 min", "TEACHING EXAMPLE"):
        assert text in page
    link = re.search(r'href="data:text/html;base64,([^"]+)"', p.order.value)
    assert link and base64.b64decode(link.group(1)).decode() == page
    p.bolus.value = "-1 mg"  # bad input: the order keeps the last good settings
    assert "0.65 mg" in p.order_html()


def test_egfr_and_who_presses_reach_the_checker():
    p = PumpPanel()
    p.egfr.value = "22 mL/min"   # < 30 mL/min/1.73 m2 with HYDROmorphone: a warning
    assert any("[renal_hydromorphone]" in line for line in p.lines())
    p.who_presses.value = "nurse"
    assert any("[clinician_activated]" in line for line in p.lines())
    p.egfr.value = "22 mg"
    assert "eGFR" in p.error


def test_the_pump_model_names_its_fields_without_widgets():
    from analgesia.panels.pump import PumpModel

    m = PumpModel()
    r = m.result
    # Tang 2025: 100 mg in 100 mL + 100 mL = 0.5 mg/mL; 0.55 mg/h = 1.1 mL/h; 0.65 mg = 1.3 mL
    assert r.reservoir.concentration.to("mg/mL").magnitude == 0.5
    assert r.settings_lines[0] == "background: 0.55 mg/h (1.1 mL/h)"
    assert r.settings_lines[1] == "bolus (PCA dose): 0.65 mg (1.3 mL)"
    # 200 mL / 1.1 mL/h = 181.8 h = 7.58 days
    assert r.life_line == "reservoir lasts (background only): 181.8 h = 7.58 day"
    assert m.set(hour_limit="2.5 mg/h") is True
    assert m.result.settings_lines[3] == "hour limit: 2.5 mg/h (5 mL/h)"
    assert m.set(bolus="0.65 mL") is False and "bolus" in m.error.lower()
    assert m.result.settings.hour_limit.to("mg/h").magnitude == 2.5  # last good kept
    assert m.reset() and m.result.settings.hour_limit is None
    assert m.order_html() is not None
