"""The panel model contract: named inputs in, the last good result kept on bad input, one
recompute per change and per reset; and the models never import a widget or a figure."""

import subprocess
import sys
from dataclasses import dataclass

import pytest

from analgesia.panels import PanelModel
from analgesia.units import InputError, fmt, quantity


@dataclass(frozen=True)
class Half:
    dose: object

    def lines(self):
        return (f"half: {fmt(self.dose)}",)


class HalfModel(PanelModel[Half]):
    calls = 0

    def defaults(self):
        return {"dose": "10 mg"}

    def compute(self):
        type(self).calls += 1
        return Half(quantity(self.inputs["dose"], "mg", field="dose") / 2)


def test_bad_input_keeps_the_last_good_result_and_names_the_field():
    m = HalfModel()
    assert m.result.dose.to("mg").magnitude == 5  # 10 mg / 2, by hand
    assert m.set(dose="abc") is False
    assert "dose" in m.error and "abc" in m.error
    assert m.result.dose.to("mg").magnitude == 5
    assert m.set(dose="3 mg") is True and m.error == ""
    assert m.result.dose.to("mg").magnitude == 1.5


def test_reset_recomputes_once_and_restores_the_inputs():
    m = HalfModel(dose="8 mg")
    m.set(dose="2 mg")
    HalfModel.calls = 0
    assert m.reset() is True
    assert HalfModel.calls == 1
    assert m.inputs == {"dose": "8 mg"}
    assert m.lines() == ("half: 4 mg",)


def test_an_unknown_input_is_a_programming_error():
    with pytest.raises(TypeError):
        HalfModel(volume="1 mL")
    with pytest.raises(TypeError):
        HalfModel().set(volume="1 mL")


def test_input_error_is_a_value_error():
    assert issubclass(InputError, ValueError)


def test_the_models_import_no_widget_or_figure():
    code = ("import sys, pkgutil, importlib, analgesia.panels as p\n"
            "for m in pkgutil.iter_modules(p.__path__):\n"
            "    importlib.import_module('analgesia.panels.' + m.name)\n"
            "bad = [n for n in sys.modules if n.split('.')[0] in ('ipywidgets', 'plotly')\n"
            "       or n.startswith(('analgesia.widgets', 'analgesia.figures'))]\n"
            "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_the_converter_model_works_the_case_without_widgets():
    from analgesia.panels.converter import ConverterModel

    m = ConverterModel(reduction="tang-2025")
    # 200 mg/day oral morphine, NRS 6: x1.25-1.5 = 250-300; -20%/-10% = 200-270; / 20
    assert m.result.answer == "10-13.5 mg/day HYDROmorphone subcut"
    assert m.result.chain.titrated.fmt() == "250-300 mg/day"
    assert m.set(dose="abc") is False
    assert m.lines()[0].startswith("message: ") and "abc" in m.lines()[0]
    assert m.lines()[1] == "Result: 10-13.5 mg/day HYDROmorphone subcut"


def test_the_site_volume_model_names_its_volumes():
    from analgesia.panels.bedside import BedsideModel, SiteVolumeModel

    m = SiteVolumeModel()
    # 100 mg in 200 mL = 0.5 mg/mL; 0.55 mg/h + 0.65 mg x 4 = 3.15 mg/h = 6.3 mL/h
    assert m.result.volume.max_per_hour.to("mL/h").magnitude == pytest.approx(6.3)
    assert m.result[2] == m.result.steps[2]
    t = BedsideModel()
    assert t.set(topic="gossip") is False and "not a bedside topic" in t.error
    assert t.result.key == "monitoring"


def test_one_reload_clears_the_rotation_tables():
    from analgesia import references as refs
    from analgesia import rotation

    first = rotation.products()
    refs.reload()
    assert rotation.products() == first and rotation.products() is not first
