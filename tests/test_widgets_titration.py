"""TitrationPanel: per-day boluses and NRS in; totals, reservoir and suggestion out.

Hand calcs (0.5 mg/mL, 0.55 mg/h, 0.65 mg): day 1 3 boluses = 15.15 mg = 30.3 mL;
6 boluses = 13.2 + 3.9 = 17.1 mg = 34.2 mL, new background 17.1 / 24 = 0.7125 mg/h.
"""

from analgesia.widgets import TitrationPanel


def test_defaults_are_the_case_days():
    p = TitrationPanel()
    lines = p.lines()
    assert len(lines) == 8
    assert lines[1].startswith("day 1: 3 boluses, 15.15 mg (30.3 mL); reservoir left 169.7 mL")
    assert "140.7 mL" in lines[2]
    assert [b.value for b in p.boluses] == ["3", "2", "1-2", "1-2", "1-2", "1-2", "1-2"]
    # Table 1's average NRS after treatment on days 1, 2, 3 and 7; no row for days 4-6
    assert [n.value for n in p.nrs] == ["3", "3", "2", "", "", "", "2"]
    assert "15.15 mg" in p.table.value


def test_many_boluses_suggests_raise_and_redraws_in_place():
    p = TitrationPanel()
    fig = p.figure
    p.boluses[0].value = "6"
    line = p.lines()[1]
    assert "17.1 mg (34.2 mL)" in line and "raise the background" in line
    assert "0.7125 mg/h" in line
    assert p.figure is fig and tuple(fig.data[0].y)[0] == 6
    # reservoir chart: 200 then 200 - 34.2 = 165.8
    assert abs(p.reservoir_chart.data[0].y[1] - 165.8) < 1e-9


def test_pain_with_few_boluses_suggests_assess():
    p = TitrationPanel()
    p.nrs[2].value = "6"
    assert "check technique" in p.lines()[3]
    assert tuple(p.figure.data[2].y)[2] == 6


def test_bad_value_shows_message_and_keeps_result():
    p = TitrationPanel()
    before, table = p.lines(), p.table.value
    p.boluses[1].value = "-1"
    assert "day 2 boluses" in p.error
    assert "Check this value" in p.message.value
    assert p.lines() == before and p.table.value == table
    p.nrs[0].value = "12"
    assert "NRS" in p.error and p.lines() == before
    p.nrs[0].value = ""
    p.boluses[1].value = "2"
    assert p.error == "" and p.message.value == ""


def test_controls_labelled_and_hooked():
    p = TitrationPanel(figures=False)
    assert p.figure is None
    assert "boluses" in p.boluses[0].description and "NRS" in p.nrs[0].description
    assert "an-titration-boluses-1" in p.boluses[0]._dom_classes
    assert "an-titration-nrs-7" in p.nrs[6]._dom_classes


def test_the_titration_model_reads_days_by_name():
    from analgesia.panels.titration import TitrationModel

    m = TitrationModel()
    # day 1: 0.55 mg/h x 24 h + 0.65 mg x 3 = 13.2 + 1.95 = 15.15 mg (30.3 mL at 0.5 mg/mL)
    assert m.result.day(1).total.fmt() == "15.15 mg"
    assert m.set(boluses_3="6") is True
    # 13.2 + 0.65 x 6 = 17.1 mg = 34.2 mL; 17.1 / 24 = 0.7125 mg/h
    assert "17.1 mg (34.2 mL)" in m.day_line(3) and "0.7125 mg/h" in m.day_line(3)
    assert m.set(boluses_5="two") is False and "two" in m.error
    assert "17.1 mg" in m.day_line(3)  # the last good log stays
    assert m.reset() and m.inputs["boluses_3"] == "1-2"
