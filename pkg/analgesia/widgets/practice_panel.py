"""Practice panel: pick a patient, type your answer, compare it with the worked solution, and
preview the pump order for that patient."""

from __future__ import annotations

import ipywidgets as w

from .. import order_sheet
from .. import practice as pr
from ..markup import element, join
from ..units import InputError
from ._base import Panel, button, dropdown, html, lines_html, text_box
from .order_view import order_view

TEXT = {
    "case": "Practice patient",
    "inputs": {
        "drug": "Drug you would use",
        "daily_dose": "Daily dose (mg/day)",
        "background": "Background (mg/h)",
        "bolus": "Bolus, PCA dose (mg)",
        "lockout": "Lockout (min)",
        "hour_limit": "Hour limit (mg/h)",
        "rescue": "Rescue dose (mg)",
        "background_delay": "Start background after patch removal (h)",
    },
    "placeholder": "e.g. {example}",
    "examples": {"daily_dose": "6 mg/day", "background": "0.25 mg/h", "bolus": "0.25 mg",
                 "lockout": "15 min", "hour_limit": "1 mg/h", "rescue": "20 mg",
                 "background_delay": "12 h"},
    "reveal": "Show the worked solution",
    "compare": "Compare with the worked answers",
    "unanswered": "{label}: not answered yet",
    "order": "Preview the order sheet",
    "no_answer": ("Type your answers above; each is compared as soon as you leave the box. "
                  "Press \"Compare with the worked answers\" when you are done: the worked "
                  "range of every field is shown only then."),
    "solution": "Worked solution (by hand, checked by the package)",
    "spread": "Spread between tables (before any cut)",
    "no_order": "No pump order for this case: the patient leaves the pump.",
    "teaching_point": "Teaching point",
}


class PracticePanel(Panel):
    """Answer boxes per field; ``lines()`` is what the comparison area shows, as text."""

    hook = "an-practice"

    def __init__(self, folder=None, case_id: str | None = None):
        super().__init__()
        self.cases = pr.load_cases(folder)
        ids = list(self.cases.ids)
        if not ids:  # every file was refused: say why instead of an empty panel
            raise InputError("folder", str(folder or "data/practice_cases"),
                             "a folder with at least one practice case that loads",
                             "; ".join(str(e) for e in self.cases.errors))
        if case_id is not None and case_id not in ids:
            raise InputError("case_id", case_id, "one of " + ", ".join(ids), label="case")
        # the case's short title (before " - "; the full one heads the patient box below), on
        # a line of its own under its label: beside the label it was cut off at 125% zoom
        self.case = dropdown("", [(c.title.split(" - ")[0], c.id) for c in self.cases.cases],
                             case_id or ids[0], "an-practice-case")
        self.case.layout = w.Layout(width="100%", max_width="48em")
        self.case_label = html(element("b", TEXT["case"]), "an-practice-case-label")
        self.patient = html(hook="an-practice-patient")
        self.drug = dropdown(TEXT["inputs"]["drug"], [("-", ""), *[(d, d) for d in (
            "hydromorphone", "morphine", "oxycodone", "fentanyl")]], "", "an-practice-drug")
        self.inputs = {f: text_box(TEXT["inputs"][f], "", f"an-practice-{f.replace('_', '-')}",
                                   TEXT["placeholder"].format(example=TEXT["examples"][f]))
                       for f in pr.FIELDS}
        for box in self.inputs.values():  # own layouts: the shared one would hide them all
            box.layout = w.Layout(width="auto", max_width="520px", flex_flow="row wrap")
        self.differences = html(hook="an-practice-differences")
        self.solution = html(hook="an-practice-solution")
        self.order = html(hook="an-practice-order")
        self.submitted = False  # worked ranges of unanswered fields only after "Compare"
        self.compare_button = button(TEXT["compare"], "an-practice-compare")
        self.compare_button.on_click(lambda _b: self.submit())
        self.reveal_button = button(TEXT["reveal"], "an-practice-reveal")
        self.order_button = button(TEXT["order"], "an-practice-order-button")
        self.reveal_button.on_click(lambda _b: self.reveal())
        self.order_button.on_click(lambda _b: self.preview_order())
        self.case.observe(lambda _c: self._new_case(), names="value")
        self.watch(self.drug, *self.inputs.values())
        self.widget = self.box(self.case_label, self.case, self.patient, self.drug,
                               *self.inputs.values(),
                               self.message, self.differences,
                               w.HBox([self.compare_button, self.reveal_button,
                                       self.order_button],
                                      layout=w.Layout(flex_flow="row wrap")),
                               self.solution, self.order)
        self.diffs: tuple[pr.Difference, ...] = ()
        self._new_case()

    @property
    def current(self) -> pr.PracticeCase:
        return self.cases.get(self.case.value)

    def _new_case(self) -> None:
        case = self.current
        self._quiet = True
        for f, box in self.inputs.items():
            box.value = ""
            box.layout.display = "" if f in case.fields else "none"
        self.drug.value = ""
        self._quiet = False
        text = [*case.patient.lines(), case.question]
        self.patient.value = join((element("b", case.title),
                                   lines_html(text, "an-practice-facts")))
        self.diffs, self.result, self.error = (), None, ""
        self.submitted = False
        self.message.value = ""
        self.differences.value = element("i", TEXT["no_answer"])
        self.solution.value = ""
        self.order.value = ""

    def _changed(self, _change=None) -> None:
        if not getattr(self, "_quiet", False):
            self.update()

    def answer(self) -> dict:
        out = {f: box.value for f, box in self.inputs.items()
               if f in self.current.fields and box.value.strip()}
        if self.drug.value:
            out["drug"] = self.drug.value
        return out

    def compute(self):
        return pr.compare(self.current, self.answer())

    def show(self, result) -> None:
        self.diffs = result
        self.differences.value = lines_html(self.lines())

    def lines(self) -> tuple[str, ...]:
        """The comparison as shown: a field not answered keeps its worked range hidden until
        the learner presses "Compare" (:meth:`submit`)."""
        return tuple(d.text if d.given or self.submitted else TEXT["unanswered"].format(
            label=pr.LABELS.get(d.field, d.field)) for d in self.diffs)

    def submit(self) -> bool:
        """The learner is done: compare every field, unanswered ones with their worked range."""
        self.submitted = True
        return self.update()

    def reset(self) -> bool:
        self.submitted = False
        return super().reset()

    def solution_lines(self) -> tuple[str, ...]:
        case = self.current
        sol = pr.solve(case)
        lines = [f"{TEXT['teaching_point']}: {case.teaching_point}", *case.reasoning_lines(),
                 *sol.lines()]
        if sol.spread:
            lines.append(TEXT["spread"] + ":")
            lines += [f"  {label}: {r.fmt()}" for label, r in sol.spread]
        return tuple(lines)

    def reveal(self) -> None:
        self.solution.value = join((element("b", TEXT["solution"]),
                                    lines_html(self.solution_lines())))

    def order_html(self) -> str | None:
        sol = pr.solve(self.current)
        if sol.settings is None:
            return None
        return order_sheet.order_sheet_html(sol.settings, sol.reservoir,
                                            f"practice case: {self.current.title}")

    def preview_order(self) -> None:
        page = self.order_html()
        if page is None:
            self.order.value = element("i", TEXT["no_order"])
            return
        self.order.value = order_view(page, hook="an-practice-order")
