"""Reading the case critically: choose a discrepancy, see the paper's number beside ours with
the arithmetic, and redo the conversion ones with a factor of your own."""

from __future__ import annotations

from typing import Any

from .. import critique
from ..case import tang2025
from ..markup import BR, element, join, text
from ._base import Panel, dropdown, html, lines_html, text_box

TEXT = {
    "choose": "Discrepancy",
    "factor": "Your factor (number)",
    "paper": "Paper",
    "ours": "Recomputed",
    "arithmetic": "Arithmetic",
    "note": "Note",
    "own": "With your factor",
    "no_factor": "This one does not hang on a single conversion factor.",
    "factor_help": "{label} (the paper's: {default:g}; allowed {low:g}-{high:g})",
    "not_number": "Your factor: {value!r} is not a number; type one such as 2.4.",
}


class CaseReviewPanel(Panel):
    """Pick a discrepancy: paper vs ours, the arithmetic, the note; recompute with a factor."""

    hook = "an-case-review"

    def __init__(self, discrepancy: str = "fentanyl_patch_count"):
        super().__init__()
        self._start = discrepancy
        self.report = tang2025()
        self.items = {d.id: d for d in critique.all_discrepancies(self.report)}
        self.specs = critique.factor_specs()
        options = [(f"{d.id}: {d.what}", d.id) for d in self.items.values()]
        self.choice = dropdown(TEXT["choose"], options, discrepancy, "an-case-review-choice")
        self.factor = text_box(TEXT["factor"], "", "an-case-review-factor")
        self.factor_help = html(hook="an-case-review-factor-help")
        self.output = html(hook="an-case-review-result")
        self.own = html(hook="an-case-review-own")
        self.own_lines: tuple[str, ...] = ()
        self._reset_factor()
        self.update()
        self.choice.observe(self._chosen, names="value")
        self.factor.observe(self._changed, names="value")
        self.widget = self.box(self.choice, self.output, self.factor_help, self.factor,
                               self.message, self.own)

    def _reset_factor(self) -> None:
        spec = self.specs.get(self.choice.value)
        self.factor.disabled = spec is None
        if spec is None:
            self.factor_help.value = text(TEXT["no_factor"])
        else:
            self.factor_help.value = text(TEXT["factor_help"].format(
                label=spec.label, default=spec.default, low=spec.low, high=spec.high))
        self._setting = True
        self.factor.value = "" if spec is None else f"{spec.default:g}"
        self._setting = False

    def reset(self) -> bool:
        """Back to the first discrepancy with its published factor."""
        self.choice.value = self._start
        self._reset_factor()
        return self.update()

    def _chosen(self, _change=None) -> None:
        self._reset_factor()
        self.update()

    def _changed(self, _change=None) -> None:
        if not getattr(self, "_setting", False):
            self.update()

    def compute(self) -> dict[str, Any]:
        d = self.items[self.choice.value]
        own: tuple[str, ...] = ()
        if d.id in self.specs:
            text = str(self.factor.value).strip()
            try:
                value = float(text)
            except ValueError:
                raise ValueError(TEXT["not_number"].format(value=text)) from None
            own = critique.recompute(self.report, d.id, value)
        return {"discrepancy": d, "own": own}

    def text_lines(self) -> tuple[str, ...]:
        d = self.result["discrepancy"]
        out = [d.what, f"{TEXT['paper']}: {d.paper}", f"{TEXT['ours']}: {d.correct}"]
        out += list(d.arithmetic)
        out.append(f"{TEXT['note']}: {d.note}")
        out += [f"{TEXT['own']}: {x}" for x in self.result["own"]]
        return tuple(out)

    def show(self, result: dict[str, Any]) -> None:
        d = result["discrepancy"]
        arithmetic = ((BR, element("i", TEXT["arithmetic"]), lines_html(d.arithmetic))
                      if d.arithmetic else ())
        self.output.value = join((
            element("b", d.what), BR,
            element("span", f"{TEXT['paper']}: {d.paper}", class_="an-case-review-paper"), BR,
            element("span", f"{TEXT['ours']}: {d.correct}", class_="an-case-review-ours"),
            *arithmetic,
            element("div", f"{TEXT['note']}: {d.note}", class_="an-case-review-note")))
        self.own_lines = result["own"]
        self.own.value = (join((element("i", TEXT["own"]), lines_html(result["own"])))
                          if result["own"] else "")


__all__ = ["CaseReviewPanel"]
