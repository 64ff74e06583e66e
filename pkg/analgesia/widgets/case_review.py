"""Reading the case critically: filter the findings by kind and severity, read one with the
paper's words and section, the finding, the defensible answers and the evidence, and redo the
conversion ones with a factor of your own. What is shown is computed by
:class:`analgesia.panels.case_review.CaseReviewModel`; this panel binds the controls to it."""

from __future__ import annotations

from typing import Any

from .. import critique, words
from ..critique.reading import kind_name, severity_name
from ..markup import BR, element, join, text
from ..panels.case_review import ALL, START, CaseReview, CaseReviewModel
from ._base import Panel, dropdown, html, lines_html, text_box

TEXT = words.catalogue("case_review_panel", {
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
    "labelled": "{label}: {text}",
    "shown": "{n} of {total} findings shown",
    "none": "No finding of this kind at this severity.",
    "no_factor": "This one does not hang on a single conversion factor.",
    "factor_help": "{label} (the paper's: {default:g}; allowed {low:g}-{high:g})",
    "option": "[{severity}] {title}",  # the learner reads the title, never the id
    "heading": "{title} [{kind}, {severity}]",
    "quote": "{location}: \"{quote}\"",
})


def _options(found) -> list[tuple[str, str]]:
    return [(TEXT("option", severity=severity_name(f.severity),
                  title=f.title), f.id) for f in found]


def finding_html(f: critique.Finding) -> Any:
    """One finding as the panel shows it (every text escaped by :mod:`analgesia.markup`)."""
    parts: list[Any] = [element("b", TEXT("heading", title=f.title, kind=kind_name(f.kind),
                                          severity=severity_name(f.severity)))]
    parts += [BR, element("i", TEXT["paper"]),
              lines_html([TEXT("quote", location=q.location, quote=q.text) for q in f.quotes],
                         hook="an-case-review-paper")]
    if f.says:
        parts += [element("span", TEXT("labelled", label=TEXT["says"], text=f.says))]
    parts += [element("div", TEXT("labelled", label=TEXT["finding"], text=f.finding),
                      class_="an-case-review-finding")]
    if f.answers:
        parts += [element("i", TEXT["answers"]),
                  lines_html(f.answers, hook="an-case-review-answers")]
    if f.question:
        parts += [element("div", TEXT("labelled", label=TEXT["question"], text=f.question),
                          class_="an-case-review-question")]
    if f.arithmetic:
        parts += [element("i", TEXT["arithmetic"]), lines_html(f.arithmetic)]
    parts += [element("i", TEXT["evidence"]),
              lines_html([e.line().strip() for e in f.evidence], hook="an-case-review-evidence")]
    return join(parts)


class CaseReviewPanel(Panel):
    """Filter the findings by kind and severity; read one; recompute a conversion finding with
    your own factor."""

    hook = "an-case-review"

    def __init__(self, finding: str = START):
        super().__init__(CaseReviewModel(finding))
        m = self.model
        self.items, self.specs, self.report = m.items, m.specs, m.report
        kinds = [(TEXT["all"], ALL)] + [(kind_name(k), k) for k in critique.kinds()]
        levels = [(TEXT["all"], ALL)] + [(severity_name(s), s) for s in critique.severities()]
        self.kind = dropdown(TEXT["kind"], kinds, ALL, "an-case-review-kind")
        self.severity = dropdown(TEXT["severity"], levels, ALL, "an-case-review-severity")
        self.choice = dropdown(TEXT["choose"], _options(self.items.values()), finding,
                               "an-case-review-choice")
        self.count = html(hook="an-case-review-count")
        self.factor = text_box(TEXT["factor"], m.inputs["factor"], "an-case-review-factor")
        self.factor_help = html(hook="an-case-review-factor-help")
        self.output = html(hook="an-case-review-result")
        self.own = html(hook="an-case-review-own")
        self._setting = False
        self._sync()
        self.update()
        self.kind.observe(self._filtered, names="value")
        self.severity.observe(self._filtered, names="value")
        self.choice.observe(self._chosen, names="value")
        self.bind(factor=self.factor)
        self.widget = self.box(self.kind, self.severity, self.count, self.choice, self.output,
                               self.factor_help, self.factor, self.message, self.own)

    # --- what the panel reads from the model ---------------------------------------------------

    @property
    def shown(self) -> tuple[str, ...]:
        """The ids the kind and severity let through (the choice list when not empty)."""
        return self.model.shown()

    @property
    def own_lines(self) -> tuple[str, ...]:
        """The last good recomputation with the learner's factor."""
        return () if self.result is None else self.result.own

    def text_lines(self) -> tuple[str, ...]:
        """Old name of :meth:`lines`."""
        return self.lines()

    # --- controls -> model -------------------------------------------------------------------

    def _sync(self) -> None:
        """Controls, count and factor help as the model's inputs say, without recomputing."""
        m, found = self.model, self.model.filtered()
        self._setting = self._restoring = True
        try:
            self.kind.value, self.severity.value = m.inputs["kind"], m.inputs["severity"]
            if found:
                self.choice.options = _options(found)
            self.choice.value = m.inputs["choice"]
            self.factor.value = m.inputs["factor"]
        finally:
            self._setting = self._restoring = False
        self.count.value = text(TEXT("shown", n=len(found), total=len(self.items))
                                if found else TEXT["none"])
        spec = self.specs.get(m.inputs["choice"])
        self.factor.disabled = spec is None
        self.factor_help.value = text(TEXT["no_factor"] if spec is None else TEXT(
            "factor_help", label=spec.label, default=spec.default, low=spec.low, high=spec.high))

    def _filtered(self, _change=None) -> None:
        if self._setting:
            return
        m = self.model
        m.inputs.update(kind=self.kind.value, severity=self.severity.value)
        shown = m.shown()
        if not shown:  # keep the last finding on screen; the count line says none match
            self._sync()
            return
        keep = m.inputs["choice"] if m.inputs["choice"] in shown else shown[0]
        m.inputs.update(choice=keep, factor=m.default_factor(keep))
        self._sync()
        self.update()

    def _chosen(self, _change=None) -> None:
        if self._setting:
            return
        m = self.model
        m.inputs.update(choice=self.choice.value, factor=m.default_factor(self.choice.value))
        self._sync()
        self.update()

    def reset(self) -> bool:
        """Back to all findings, the first finding and its published factor."""
        self.model.inputs = dict(self.model.initial)
        self._sync()
        return self.update()

    def show(self, result: CaseReview) -> None:
        self.output.value = finding_html(result.finding)
        self.own.value = (join((element("i", TEXT["own"]), lines_html(result.own)))
                          if result.own else "")


__all__ = ["CaseReviewPanel", "CaseReviewModel", "CaseReview"]
