"""Practice panel: pick a patient, type your answer, compare it with the worked solution, and
preview the pump order for that patient. What is compared and solved is
:class:`analgesia.panels.practice.PracticeModel`'s; this panel binds the boxes to it."""

from __future__ import annotations

import ipywidgets as w

from .. import practice as pr
from .. import words
from ..markup import element, join
from ..panels.practice import DRUGS, Comparison, PracticeModel
from ._base import Panel, button, dropdown, html, lines_html, text_box
from .order_view import order_view

TEXT = words.catalogue("practice_panel", {
    "case": "Practice patient",
    "input_drug": "Drug you would use",
    "input_daily_dose": "Daily dose (mg/day)",
    "input_background": "Background (mg/h)",
    "input_bolus": "Bolus, PCA dose (mg)",
    "input_lockout": "Lockout (min)",
    "input_hour_limit": "Hour limit (mg/h)",
    "input_rescue": "Rescue dose (mg)",
    "input_background_delay": "Start background after patch removal (h)",
    "placeholder": "e.g. {example}",
    "no_drug": "-",
    "reveal": "Show the worked solution",
    "compare": "Compare with the worked answers",
    "order": "Preview the order sheet",
    "no_answer": ("Type your answers above; each is compared as soon as you leave the box. "
                  "Press \"Compare with the worked answers\" when you are done: the worked "
                  "range of every field is shown only then."),
    "solution": "Worked solution (by hand, checked by the package)",
    "no_order": "No pump order for this case: the patient leaves the pump.",
})


def _answer_box(field: str) -> w.Text:
    example = words.data_text(f"practice_panel.example_{field}")  # how to type it, not a dose
    box = text_box(TEXT[f"input_{field}"], "", f"an-practice-{field.replace('_', '-')}",
                   TEXT("placeholder", example=example))
    # own layout: the shared one would hide them all
    box.layout = w.Layout(width="auto", max_width="520px", flex_flow="row wrap")
    return box


class PracticePanel(Panel):
    """Answer boxes per field; ``lines()`` is what the comparison area shows, as text."""

    hook = "an-practice"

    def __init__(self, folder=None, case_id: str | None = None):
        super().__init__(PracticeModel(folder, case_id))
        m = self.model
        self.cases = m.cases
        # the case's short title (before " - "; the full one heads the patient box below), on
        # a line of its own under its label: beside the label it was cut off at 125% zoom
        self.case = dropdown("", [(c.title.split(" - ")[0], c.id) for c in self.cases.cases],
                             m.inputs["case"], "an-practice-case")
        self.case.layout = w.Layout(width="100%", max_width="48em")
        self.case_label = html(element("b", TEXT["case"]), "an-practice-case-label")
        self.patient = html(hook="an-practice-patient")
        self.drug = dropdown(TEXT["input_drug"], [(TEXT["no_drug"], ""), *[(d, d) for d in DRUGS]],
                             "", "an-practice-drug")
        self.inputs = {f: _answer_box(f) for f in pr.FIELDS}
        self.differences = html(hook="an-practice-differences")
        self.solution = html(hook="an-practice-solution")
        self.order = html(hook="an-practice-order")
        self.compare_button = button(TEXT["compare"], "an-practice-compare")
        self.reveal_button = button(TEXT["reveal"], "an-practice-reveal")
        self.order_button = button(TEXT["order"], "an-practice-order-button")
        self.compare_button.on_click(lambda _b: self.submit())
        self.reveal_button.on_click(lambda _b: self.reveal())
        self.order_button.on_click(lambda _b: self.preview_order())
        self.case.observe(lambda c: self.choose(c["new"]), names="value")
        self.bind(drug=self.drug, **self.inputs)
        self.widget = self.box(self.case_label, self.case, self.patient, self.drug,
                               *self.inputs.values(), self.message, self.differences,
                               w.HBox([self.compare_button, self.reveal_button,
                                       self.order_button], layout=w.Layout(flex_flow="row wrap")),
                               self.solution, self.order)
        self._show_case()

    @property
    def current(self) -> pr.PracticeCase:
        return self.model.current

    @property
    def submitted(self) -> bool:
        """The learner pressed "Compare": unanswered fields show their worked range."""
        return bool(self.model.inputs["submitted"])

    @property
    def diffs(self) -> tuple[pr.Difference, ...]:
        return () if self.result is None else self.result.differences

    def answer(self) -> dict:
        return self.model.answer()

    def choose(self, case_id: str) -> None:
        """Another patient: answers, comparison, solution and order cleared."""
        self.model.choose(case_id)
        self._show_case()

    def _show_case(self) -> None:
        case = self.current
        self._restoring = True  # clearing the boxes is not an answer
        try:
            for f, box in self.inputs.items():
                box.value = ""
                box.layout.display = "" if f in case.fields else "none"
            self.drug.value = ""
        finally:
            self._restoring = False
        self.patient.value = join((element("b", case.title),
                                   lines_html([*case.patient.lines(), case.question],
                                              "an-practice-facts")))
        self.message.value = ""
        self.differences.value = element("i", TEXT["no_answer"])
        self.solution.value = ""
        self.order.value = ""

    def show(self, result: Comparison) -> None:
        self.differences.value = lines_html(self.lines())

    def submit(self) -> bool:
        """The learner is done: compare every field, unanswered ones with their worked range."""
        self.model.inputs["submitted"] = True
        return self.update()

    def reset(self) -> bool:
        """Every answer cleared and compared again; the same patient stays."""
        self._restoring = True
        try:
            for box in self.inputs.values():
                box.value = ""
            self.drug.value = ""
        finally:
            self._restoring = False
        self.model.reset()
        return self.update()

    def solution_lines(self) -> tuple[str, ...]:
        return self.model.solution_lines()

    def reveal(self) -> None:
        self.solution.value = join((element("b", TEXT["solution"]),
                                    lines_html(self.solution_lines())))

    def order_html(self) -> str | None:
        return self.model.order_page()

    def preview_order(self) -> None:
        page = self.order_html()
        if page is None:
            self.order.value = element("i", TEXT["no_order"])
            return
        self.order.value = order_view(page, hook="an-practice-order")


__all__ = ["PracticePanel", "PracticeModel", "Comparison"]
