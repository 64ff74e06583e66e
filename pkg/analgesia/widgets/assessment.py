"""ToleranceChecker: does a regimen meet the label definition of opioid tolerance, and why?

Choose the opioid, its route, the daily dose (typed with its unit) and how long it has been
taken; the panel answers yes or no with the reason, the steps and the source
(data/opioid_tolerance.csv, the fentanyl patch label's definition).
"""

from __future__ import annotations

from .. import conversion as cv
from .. import references as refs
from ..markup import BR, element, join
from ..units import InputError, Q, fmt, fmt_route, quantity
from ._base import Panel, dropdown, html, lines_html, text_box

TEXT = {
    "drug": "Opioid",
    "route": "Route",
    "dose": "Daily dose (with unit, e.g. 60 mg/day; patches 25 mcg/h)",
    "time": "Taken for at least (with unit, e.g. 2 weeks or 10 days)",
    "table": "Table for oral morphine equivalents (other opioids)",
    "weeks_field": "time taken",
    "dose_field": "daily dose",
    "patch_allowed": "a patch rate in mcg/h, such as '25 mcg/h'",
    "time_allowed": "a time with a unit, such as '2 weeks' or '10 days'",
    "yes": "Opioid tolerant: YES",
    "no": "Opioid tolerant: NO",
    "reason": "Why: {reason}",
    "heading_steps": "Steps",
    "heading_sources": "Source",
    "time_line": "time taken: {time} = {weeks} week(s)",
}

DEFAULT = {"drug": "morphine", "route": "oral", "dose": "200 mg/day", "time": "1 week",
           "table": "nccn"}
MAX_WEEKS = 520  # the core's own upper bound for weeks (conversion.is_opioid_tolerant)


class ToleranceResult:
    """The core's :class:`~analgesia.conversion.Tolerance` with the time the learner typed."""

    def __init__(self, tolerance: cv.Tolerance, time_text: str, weeks: float,
                 table: str = "nccn"):
        self.tolerance = tolerance
        self.table = table
        self.time_text = time_text
        self.weeks = weeks

    @property
    def tolerant(self) -> bool:
        return self.tolerance.tolerant

    @property
    def steps(self) -> tuple[str, ...]:
        time = TEXT["time_line"].format(time=self.time_text, weeks=f"{self.weeks:.4g}")
        return (time,) + self.tolerance.steps

    @property
    def sources(self) -> tuple[str, ...]:
        """The definition's source (every threshold row, and the oral morphine row the total is
        compared with) and, when equivalents were summed, the table used."""
        cites = [s.cite() for s in self.tolerance.sources]
        morphine = next(r for r in refs.load("opioid_tolerance")
                        if (r["drug"], r["route"]) == ("morphine", "oral"))
        cites.append(refs.Source(morphine["source"], morphine["year"], morphine["url"],
                                 morphine["status"]).cite())
        for name, table in refs.factor_tables().items():
            if any(f"({name}:" in step for step in self.tolerance.steps):
                cites.append(table.origin.cite())
        return tuple(dict.fromkeys(cites))

    def lines(self) -> tuple[str, ...]:
        head = TEXT["yes"] if self.tolerant else TEXT["no"]
        return (head, TEXT["reason"].format(reason=self.tolerance.reason), *self.steps,
                *(f"source: {s}" for s in self.sources))


def _drug_options() -> list[str]:
    """Drugs with a threshold in the label's definition first, then the rest (summed as oral
    morphine equivalents); methadone is out of scope and left out."""
    listed = list(dict.fromkeys(r["drug"] for r in refs.load("opioid_tolerance")))
    rest = [d for d in refs.DRUGS if d not in listed and d != "methadone"]
    return listed + rest


def _check_patch_rate(route: str, dose: str) -> None:
    """A patch dose must be typed in mcg/h. Work-around: ``is_opioid_tolerant`` converts any
    rate to mcg/h before comparing with the threshold, so '200 mg/day' for a patch would pass
    as 8333 mcg/h."""
    if route != "transdermal":
        return
    q = Q(dose, field=TEXT["dose_field"])
    if q.units != Q(1, "mcg/h").units:
        raise InputError(TEXT["dose_field"], q, TEXT["patch_allowed"])


def _table_options() -> list[tuple[str, str]]:
    """Rotation tables only: a surveillance (MME) table is never offered silently."""
    return [(f"{name} - {t.title}", name) for name, t in sorted(refs.factor_tables().items())
            if t.purpose == "rotation"]


class ToleranceChecker(Panel):
    """Choose drug, route, daily dose and time taken -> tolerant or not, with reason and steps."""

    hook = "an-tolerance"

    def __init__(self, **values) -> None:
        super().__init__()
        v = {**DEFAULT, **values}
        self.drug = dropdown(TEXT["drug"], _drug_options(), v["drug"], "an-tolerance-drug")
        self.route = dropdown(TEXT["route"], [(fmt_route(r), r) for r in refs.ROUTES],
                              v["route"], "an-tolerance-route")
        self.dose = text_box(TEXT["dose"], v["dose"], "an-tolerance-dose", "60 mg/day")
        self.time = text_box(TEXT["time"], v["time"], "an-tolerance-time", "1 week")
        self.table = dropdown(TEXT["table"], _table_options(), v["table"], "an-tolerance-table")
        self.verdict = html("", "an-tolerance-verdict")
        self.steps_html = html("", "an-tolerance-steps")
        self.controls = (self.drug, self.route, self.dose, self.time, self.table)
        # the page states the disclaimer once; a second copy in the panel repeated it
        self.widget = self.box(*self.controls,
                               self.message, self.verdict, self.steps_html)
        self.watch(*self.controls)
        self.update()

    def compute(self) -> ToleranceResult:
        try:
            typed = Q(self.time.value, field=TEXT["weeks_field"])
        except InputError:
            raise InputError(TEXT["weeks_field"], self.time.value, TEXT["time_allowed"]) from None
        time = quantity(typed, "week", field=TEXT["weeks_field"], allow_zero=True,
                        maximum=MAX_WEEKS)
        weeks = float(time.magnitude)
        _check_patch_rate(self.route.value, self.dose.value)
        result = cv.is_opioid_tolerant([(self.drug.value, self.route.value, self.dose.value)],
                                       weeks=weeks, table=self.table.value)
        return ToleranceResult(result, fmt(typed), weeks, self.table.value)

    def show(self, result: ToleranceResult) -> None:
        colour = "#1b5e20" if result.tolerant else "#b00020"
        head = TEXT["yes"] if result.tolerant else TEXT["no"]
        self.verdict.value = join((element("b", head, style=f"color:{colour}"), BR,
                                   TEXT["reason"].format(reason=result.tolerance.reason)))
        self.steps_html.value = join((element("b", TEXT["heading_steps"]),
                                      lines_html(result.steps),
                                      element("b", TEXT["heading_sources"]),
                                      lines_html(result.sources, "an-sources")))

    def lines(self) -> tuple[str, ...]:
        """What the panel shows, as text: the message if the last input was bad, then the
        last good result."""
        head = (f"message: {self.error}",) if self.error else ()
        return head + (self.result.lines() if self.result else ())


__all__ = ["ToleranceChecker", "ToleranceResult"]
