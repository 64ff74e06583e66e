"""Opioid tolerance, widget-free: does a regimen meet the label definition, and why?

Inputs by name: the opioid, its route, the daily dose and the time taken (typed with their
units) and the table for oral morphine equivalents. The answer, its reason, the steps and the
sources come from :func:`analgesia.conversion.is_opioid_tolerant` and
``data/opioid_tolerance.csv`` (the fentanyl patch label's definition). The starting values are
the case's: the 24 h oral morphine total the paper prints, for the label's minimum time.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import bounds, words
from .. import conversion as cv
from .. import references as refs
from ..units import InputError, Q, fmt, quantity
from .model import PanelModel

TEXT = words.catalogue("panels.assessment", {
    "weeks_field": "time taken",
    "dose_field": "daily dose",
    "patch_allowed": "a patch rate in mcg/h, such as '{patch}'",
    "time_allowed": "a time with a unit, such as '2 weeks' or '10 days'",
    "yes": "Opioid tolerant: YES",
    "no": "Opioid tolerant: NO",
    "reason": "Why: {reason}",
    "time_line": "time taken: {time} = {weeks} week(s)",
    "source_line": "source: {source}",
    "message_line": "message: {error}",
    "table_option": "{name} - {title}",
})

CASE_DRUG = ("morphine", "oral")  # the case's opioid before the pump (paper, section 2.7)


def _threshold_row(drug: str, route: str) -> dict:
    return next(r for r in refs.load("opioid_tolerance") if (r["drug"], r["route"]) == (drug,
                                                                                       route))


def threshold(drug: str, route: str) -> str:
    """The label's daily threshold for one opioid and route, written with its unit."""
    row = _threshold_row(drug, route)
    return fmt(Q(row["threshold"], row["unit"]))


def minimum_time() -> str:
    """The label's minimum time on the opioid (the oral morphine row), written with its unit."""
    return fmt(Q(_threshold_row(*CASE_DRUG)["min_weeks"], "week"))


@dataclass(frozen=True)
class ToleranceResult:
    """The core's :class:`~analgesia.conversion.Tolerance` with the time the learner typed."""

    tolerance: cv.Tolerance
    time_text: str
    weeks: float
    table: str = "nccn"

    @property
    def tolerant(self) -> bool:
        return self.tolerance.tolerant

    @property
    def verdict(self) -> str:
        return TEXT["yes"] if self.tolerant else TEXT["no"]

    @property
    def reason(self) -> str:
        return TEXT("reason", reason=self.tolerance.reason)

    @property
    def steps(self) -> tuple[str, ...]:
        time = TEXT("time_line", time=self.time_text, weeks=f"{self.weeks:.4g}")
        return (time,) + self.tolerance.steps

    @property
    def sources(self) -> tuple[str, ...]:
        """The definition's source (every threshold row, and the oral morphine row the total is
        compared with) and, when equivalents were summed, the table used."""
        cites = [s.cite() for s in self.tolerance.sources]
        morphine = _threshold_row(*CASE_DRUG)
        cites.append(refs.Source(morphine["source"], morphine["year"], morphine["url"],
                                 morphine["status"]).cite())
        for name, table in refs.factor_tables().items():
            if any(f"({name}:" in step for step in self.tolerance.steps):
                cites.append(table.origin.cite())
        return tuple(dict.fromkeys(cites))

    def lines(self) -> tuple[str, ...]:
        return (self.verdict, self.reason, *self.steps,
                *(TEXT("source_line", source=s) for s in self.sources))


def drug_options() -> list[str]:
    """Drugs with a threshold in the label's definition first, then the rest (summed as oral
    morphine equivalents); methadone is out of scope and left out."""
    listed = list(dict.fromkeys(r["drug"] for r in refs.load("opioid_tolerance")))
    rest = [d for d in refs.DRUGS if d not in listed and d != "methadone"]
    return listed + rest


def table_options() -> list[tuple[str, str]]:
    """Rotation tables only: a surveillance (MME) table is never offered silently."""
    return [(TEXT("table_option", name=name, title=t.title), name)
            for name, t in sorted(refs.factor_tables().items())
            if t.purpose == "rotation"]


def _check_patch_rate(route: str, dose: str) -> None:
    """A patch dose must be typed in mcg/h. Work-around: ``is_opioid_tolerant`` converts any
    rate to mcg/h before comparing with the threshold, so '200 mg/day' for a patch would pass
    as 8333 mcg/h."""
    if route != "transdermal":
        return
    q = Q(dose, field=TEXT["dose_field"])
    if q.units != Q(1, "mcg/h").units:
        raise InputError(TEXT["dose_field"], q, TEXT("patch_allowed",
                                                     patch=threshold("fentanyl", route)))


class ToleranceModel(PanelModel[ToleranceResult]):
    """Drug, route, daily dose and time taken -> tolerant or not, with reason and steps."""

    def defaults(self) -> dict[str, str]:
        from ..case import printed_values

        drug, route = CASE_DRUG
        return {"drug": drug, "route": route, "dose": fmt(printed_values()["prior_ome"].high),
                "time": minimum_time(), "table": "nccn"}

    def compute(self) -> ToleranceResult:
        i, field = self.inputs, TEXT["weeks_field"]
        try:
            typed = Q(i["time"], field=field)
        except InputError:
            raise InputError(field, i["time"], TEXT["time_allowed"]) from None
        time = quantity(typed, "week", field=field, allow_zero=True,
                        maximum=bounds.high("weeks").m_as("week"))
        weeks = float(time.magnitude)
        _check_patch_rate(i["route"], i["dose"])
        result = cv.is_opioid_tolerant([(i["drug"], i["route"], i["dose"])], weeks=weeks,
                                       table=i["table"])
        return ToleranceResult(result, fmt(typed), weeks, i["table"])

    def lines(self) -> tuple[str, ...]:
        """The message if the last input was bad, then the last good result."""
        head = (TEXT("message_line", error=self.error),) if self.error else ()
        return head + super().lines()


__all__ = ["ToleranceModel", "ToleranceResult", "drug_options", "minimum_time",
           "table_options", "threshold"]
