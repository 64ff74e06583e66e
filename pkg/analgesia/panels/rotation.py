"""The rotation panel's model: daily subcut HYDROmorphone, table, cut, patches, brand and pump
rate in; :class:`analgesia.rotation.RotationResult` out (:func:`analgesia.rotation.rotation_plan`).

The starting inputs are the case's (data/case_tang2025/printed_values.csv): 14 mg/day on days
3-7, the paper's own table and cut, 25 mcg/h patches, 5 patches, the pump's background rate.
"""

from __future__ import annotations

from typing import Any

from .. import case, words
from .. import conversion as cv
from .. import references as refs
from .. import rotation as rot
from ..units import Q, fmt, fmt_percent
from .model import PanelModel

TEXT = words.catalogue("panels.rotation", {
    "table_tang": "tang-2025: the paper's {hm} subcut = {patch}",
    "table_nccn": "nccn: {hm}:1, then the {patch}:1 rule",
    "table_fpm": "fpm-2021: {hm}:1, then {patch} (mg/day)/(mcg/h)",
    "table_label": "duragesic-label: {hm}:1, then the label's one-way bands",
    "cut_option": "{set}: {low}-{high}",
    "strength_option": "{strength}",
})

PRODUCT = "Duragesic"  # the brand the case's patches are compared with (a label's content)


def _factor(table: str, drug: str, route: str) -> str:
    return f"{cv.factor(table, drug, route).factor:g}"


def table_options() -> list[tuple[str, str]]:
    """(label, table) for every table the rotation offers; each label's ratio is read from
    data/conversion_factors.csv (the paper's from its printed values)."""
    pv = case.printed_values()
    per_day = pv["patch_equivalent_hm"].high / Q(1, "day")
    labels = {
        "tang-2025": TEXT("table_tang", hm=fmt(per_day), patch=fmt(pv["patch_strength"].high)),
        "nccn": TEXT("table_nccn", hm=_factor("nccn", "hydromorphone", "subcutaneous"),
                     patch=_factor("nccn", "fentanyl", "transdermal")),
        "fpm-2021": TEXT("table_fpm", hm=_factor("fpm-2021", "hydromorphone", "subcutaneous"),
                         patch=_factor("fpm-2021", "fentanyl", "transdermal")),
        rot.LABEL: TEXT("table_label", hm=_factor(rot.LABEL_OME_TABLE, "hydromorphone",
                                                  "subcutaneous")),
    }
    return [(labels[t], t) for t in rot.TABLES]


def cut_options() -> list[tuple[str, str]]:
    """(label, rule set) for each cross-tolerance cut of data/rules.csv (methadone's is for
    methadone only)."""
    return [(TEXT("cut_option", set=r.rule_set, low=fmt_percent(r.low),
                  high=fmt_percent(r.high)), r.rule_set)
            for r in refs.rules("cross_tolerance_reduction") if r.rule_set != "methadone"]


def strength_options(product: str = PRODUCT) -> list[tuple[str, float]]:
    """(label, mcg/h) for the strengths listed for ``product``."""
    return [(TEXT("strength_option", strength=fmt(Q(s, "mcg/h"))), s)
            for s in rot.available_strengths(product)]


class RotationModel(PanelModel[rot.RotationResult]):
    """Inputs: ``dose`` (text, mg/day), ``table``, ``reduction`` (rule set), ``strength``
    (mcg/h, a number from the strength list), ``patches`` (count), ``product`` (brand),
    ``infusion`` (text, mg/h). Result: :class:`analgesia.rotation.RotationResult`."""

    def defaults(self) -> dict[str, Any]:
        pv = case.printed_values()
        return {
            "dose": fmt(pv["days3_7_daily"].high), "table": "tang-2025",
            "reduction": "tang-2025",
            "strength": float(pv["patch_strength"].high.to("mcg/h").magnitude),
            "patches": int(pv["patches_reduced"].high.magnitude), "product": PRODUCT,
            "infusion": fmt(pv["background"].high),
        }

    def compute(self) -> rot.RotationResult:
        v = self.inputs
        strength = v["strength"]  # the drop-down's number is in mcg/h; text is read as typed
        if isinstance(strength, int | float) and not isinstance(strength, bool):
            strength = Q(strength, "mcg/h")
        return rot.rotation_plan(v["dose"], v["table"], v["reduction"], strength,
                                 v["patches"], v["product"], v["infusion"])

    def result_lines(self, result: rot.RotationResult) -> tuple[str, ...]:
        return result.all_lines()


__all__ = ["RotationModel", "cut_options", "strength_options", "table_options"]
