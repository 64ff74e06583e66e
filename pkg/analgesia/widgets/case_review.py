"""Reading the case critically: filter the findings by kind and severity, read one with the
paper's words and section, the finding, the defensible answers and the evidence, and redo the
conversion ones with a factor of your own."""

from __future__ import annotations

from typing import Any

from .. import critique
from ..case import tang2025
from ..markup import BR, element, join, text
from ..units import InputError
from ._base import Panel, dropdown, html, lines_html, text_box

ALL = "all"

TEXT = {
    "kind": "Kind",
    "severity": "Severity",
    "choose": "Finding",
    "all": "all",
    "factor": "Your factor (number)",
    "paper": "The paper",
    "says": "What the paper does",
    "finding": "Finding",
    "answers": "Defensible answers (sources differ)",
    "question": "Question",
    "arithmetic": "Arithmetic",
    "evidence": "Evidence",
    "own": "With your factor",
    "shown": "{n} of {total} findings shown",
    "none": "No finding of this kind at this severity.",
    "no_factor": "This one does not hang on a single conversion factor.",
    "factor_help": "{label} (the paper's: {default:g}; allowed {low:g}-{high:g})",
    "not_number": "Your factor: {value!r} is not a number; type one such as 2.4.",
    "option": "[{severity}] {title}",  # the learner reads the title, never the id
    "heading": "{title} [{kind}, {severity}]",
    "quote": "{location}: \"{quote}\"",
    "finding_allowed": "the id of a finding in data/case_tang2025/findings.yaml",
}


class CaseReviewPanel(Panel):
    """Filter the findings by kind and severity; read one; recompute a conversion finding with
    your own factor."""

    hook = "an-case-review"

    def __init__(self, finding: str = "fentanyl_patch_count"):
        super().__init__()
        self._start = finding
        self.report = tang2025()
        self.items = {f.id: f for f in critique.findings(report=self.report)}
        if not isinstance(finding, str) or finding not in self.items:
            raise InputError("finding", finding, TEXT["finding_allowed"])
        self.specs = critique.factor_specs()
        kinds = [(TEXT["all"], ALL)] + [(k, k) for k in critique.kinds()]
        levels = [(TEXT["all"], ALL)] + [(s, s) for s in critique.severities()]
        self.kind = dropdown(TEXT["kind"], kinds, ALL, "an-case-review-kind")
        self.severity = dropdown(TEXT["severity"], levels, ALL, "an-case-review-severity")
        self.choice = dropdown(TEXT["choose"], self._options(), finding, "an-case-review-choice")
        self.count = html(hook="an-case-review-count")
        self.factor = text_box(TEXT["factor"], "", "an-case-review-factor")
        self.factor_help = html(hook="an-case-review-factor-help")
        self.output = html(hook="an-case-review-result")
        self.own = html(hook="an-case-review-own")
        self.own_lines: tuple[str, ...] = ()
        self.shown: tuple[str, ...] = tuple(self.items)
        self._setting = False
        self._show_count()
        self._reset_factor()
        self.update()
        self.kind.observe(self._filtered, names="value")
        self.severity.observe(self._filtered, names="value")
        self.choice.observe(self._chosen, names="value")
        self.factor.observe(self._changed, names="value")
        self.widget = self.box(self.kind, self.severity, self.count, self.choice, self.output,
                               self.factor_help, self.factor, self.message, self.own)

    # --- filtering ---------------------------------------------------------------------------

    def _filter(self) -> tuple[critique.Finding, ...]:
        kind = None if self.kind.value == ALL else self.kind.value
        severity = None if self.severity.value == ALL else self.severity.value
        return critique.findings(kind=kind, severity=severity, report=self.report)

    def _options(self, found=None) -> list[tuple[str, str]]:
        found = self.items.values() if found is None else found
        return [(TEXT["option"].format(severity=f.severity, title=f.title), f.id)
                for f in found]

    def _show_count(self) -> None:
        self.count.value = text(TEXT["shown"].format(n=len(self.shown), total=len(self.items))
                                if self.shown else TEXT["none"])

    def _filtered(self, _change=None) -> None:
        found = self._filter()
        self.shown = tuple(f.id for f in found)
        self._show_count()
        if not found:
            return  # keep the last finding on screen; the count line says none match
        self._setting = True
        try:
            keep = self.choice.value if self.choice.value in self.shown else self.shown[0]
            self.choice.options = self._options(found)
            self.choice.value = keep
        finally:
            self._setting = False
        self._chosen()

    # --- the factor --------------------------------------------------------------------------

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
        """Back to all findings, the first finding and its published factor."""
        self._setting = True
        try:
            self.kind.value = ALL
            self.severity.value = ALL
        finally:
            self._setting = False
        self._filtered()
        self.choice.value = self._start
        self._reset_factor()
        return self.update()

    def _chosen(self, _change=None) -> None:
        if self._setting:
            return
        self._reset_factor()
        self.update()

    def _changed(self, _change=None) -> None:
        if not self._setting:
            self.update()

    # --- compute and show --------------------------------------------------------------------

    def compute(self) -> dict[str, Any]:
        f = self.items[self.choice.value]
        own: tuple[str, ...] = ()
        if f.id in self.specs:
            typed = str(self.factor.value).strip()
            try:
                value = float(typed)
            except ValueError:
                raise ValueError(TEXT["not_number"].format(value=typed)) from None
            own = critique.recompute(self.report, f.id, value)
        return {"finding": f, "own": own}

    def text_lines(self) -> tuple[str, ...]:
        """What the panel shows, as plain lines (for a notebook's headless check)."""
        f = self.result["finding"]
        return f.lines() + tuple(f"{TEXT['own']}: {x}" for x in self.result["own"])

    def show(self, result: dict[str, Any]) -> None:
        f = result["finding"]
        parts: list[Any] = [element("b", TEXT["heading"].format(
            title=f.title, kind=f.kind, severity=f.severity))]
        parts += [BR, element("i", TEXT["paper"]),
                  lines_html([TEXT["quote"].format(location=q.location, quote=q.text)
                              for q in f.quotes], hook="an-case-review-paper")]
        if f.says:
            parts += [element("span", f"{TEXT['says']}: {f.says}")]
        parts += [element("div", f"{TEXT['finding']}: {f.finding}",
                          class_="an-case-review-finding")]
        if f.answers:
            parts += [element("i", TEXT["answers"]),
                      lines_html(f.answers, hook="an-case-review-answers")]
        if f.question:
            parts += [element("div", f"{TEXT['question']}: {f.question}",
                              class_="an-case-review-question")]
        if f.arithmetic:
            parts += [element("i", TEXT["arithmetic"]), lines_html(f.arithmetic)]
        parts += [element("i", TEXT["evidence"]),
                  lines_html([e.line().strip() for e in f.evidence],
                             hook="an-case-review-evidence")]
        self.output.value = join(parts)
        self.own_lines = result["own"]
        self.own.value = (join((element("i", TEXT["own"]), lines_html(result["own"])))
                          if result["own"] else "")


__all__ = ["CaseReviewPanel"]
