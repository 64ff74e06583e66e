"""The bedside panels' models: a topic in, its cited lines out (:mod:`analgesia.bedside`); a
subcutaneous pump's settings in, its volumes against the site's limit out
(:func:`analgesia.bedside.subcut_volume`).

The site-volume model starts from the case's pump (data/case_tang2025/printed_values.csv):
background 0.55 mg/h, bolus 0.65 mg, lockout 15 min, 100 mg in 200 mL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import bedside, case, words
from ..pump import PcaSettings, Reservoir
from ..units import fmt
from .model import LineSequence, PanelModel, blank, worded_error

TEXT = words.catalogue("panels.bedside", {
    "monitoring": "monitoring while the pump runs",
    "naloxone": "naloxone ({rule_set})",
    "allowed": "one of {allowed}",
    "unknown": "topic: {value!r} is not a bedside topic; expected one of {allowed}.",
})

MONITORING = "monitoring"
NALOXONE = "naloxone:"


def choices() -> tuple[tuple[str, str], ...]:
    """(label, key) for the topic drop-down: monitoring, naloxone by source, then the
    topics of data/bedside.csv."""
    out = [(TEXT["monitoring"], MONITORING)]
    out += [(TEXT("naloxone", rule_set=r), f"{NALOXONE}{r}")
            for r in bedside.naloxone_rule_sets()]
    out += [(t.replace("_", " "), t) for t in bedside.topics()]
    return tuple(out)


def topic_lines(key: str) -> tuple[str, ...]:
    """The cited lines for one drop-down key; an unknown key raises :class:`InputError`."""
    if key == MONITORING:
        return bedside.monitoring_lines()
    if isinstance(key, str) and key.startswith(NALOXONE):
        plan = bedside.naloxone_plan(key.split(":", 1)[1])
        return (*plan.steps, *plan.lines)
    keys = [k for _, k in choices()]
    if key not in keys:
        allowed = ", ".join(keys)
        raise worded_error("topic", key, TEXT("allowed", allowed=allowed),
                           TEXT("unknown", value=key, allowed=allowed))
    return bedside.cited(key)


@dataclass(frozen=True)
class Topic(LineSequence):
    """One topic's key and its cited lines (``topic[0]`` is ``topic.cited[0]``)."""

    key: str
    cited: tuple[str, ...]

    def lines(self) -> tuple[str, ...]:
        return self.cited


class BedsideModel(PanelModel[Topic]):
    """Input: ``topic`` (a key from :func:`choices`)."""

    def defaults(self) -> dict[str, Any]:
        return {"topic": MONITORING}

    def compute(self) -> Topic:
        return Topic(self.inputs["topic"], topic_lines(self.inputs["topic"]))


@dataclass(frozen=True)
class SiteVolume(LineSequence):
    """The site's volumes (``volume``: :func:`analgesia.bedside.subcut_volume`'s result) and
    their arithmetic (``steps``; ``site[2]`` is ``site.steps[2]``)."""

    volume: bedside.SubcutVolume
    steps: tuple[str, ...]

    def lines(self) -> tuple[str, ...]:
        return self.steps


class SiteVolumeModel(PanelModel[SiteVolume]):
    """Inputs (text with units): ``background``, ``bolus``, ``lockout``, ``hour_limit``
    (blank: none), ``amount`` (drug in the reservoir), ``volume`` (reservoir volume).
    Result: :class:`SiteVolume`."""

    def defaults(self) -> dict[str, Any]:
        pv = case.printed_values()
        return {"background": fmt(pv["background"].high), "bolus": fmt(pv["bolus"].high),
                "lockout": fmt(pv["lockout"].high), "hour_limit": "",
                "amount": fmt(pv["reservoir_drug"].high),
                "volume": fmt(pv["reservoir_volume"].high)}

    def compute(self) -> SiteVolume:
        v = self.inputs
        limit = None if blank(v["hour_limit"]) else v["hour_limit"]
        settings = PcaSettings(background=v["background"], bolus=v["bolus"],
                               lockout=v["lockout"], hour_limit=limit)
        reservoir = Reservoir(drug=settings.drug, drug_amount=v["amount"],
                              drug_volume=v["volume"])
        volume = bedside.subcut_volume(settings, reservoir)
        return SiteVolume(volume, tuple(volume.steps))


__all__ = ["BedsideModel", "SiteVolume", "SiteVolumeModel", "Topic", "choices", "topic_lines"]
