"""At the bedside: choose a topic and read its sourced lines (``analgesia.bedside``), or type
a subcutaneous pump's settings and see its volumes against the site's limit."""

from __future__ import annotations

from .. import bedside
from ..markup import BR, join
from ..pump import PcaSettings, Reservoir
from ._base import Panel, dropdown, html, lines_html, text_box

TEXT = {
    "topic": "Topic",
    "monitoring": "monitoring while the pump runs",
    "naloxone": "naloxone ({rule_set})",
    "background": "Background",
    "bolus": "Bolus",
    "lockout": "Lockout",
    "hour_limit": "Hour limit (blank = none)",
    "amount": "Drug in the reservoir",
    "volume": "Reservoir volume",
    "unknown": "topic: {value!r} is not a bedside topic; expected one of {allowed}.",
}


def choices() -> tuple[tuple[str, str], ...]:
    """(label, key) for the topic drop-down: monitoring, naloxone by source, then the
    topics of data/bedside.csv."""
    out = [(TEXT["monitoring"], "monitoring")]
    out += [(TEXT["naloxone"].format(rule_set=r), f"naloxone:{r}")
            for r in bedside.naloxone_rule_sets()]
    out += [(t.replace("_", " "), t) for t in bedside.topics()]
    return tuple(out)


def topic_lines(key: str) -> tuple[str, ...]:
    """The cited lines for one drop-down key."""
    if key == "monitoring":
        return bedside.monitoring_lines()
    if isinstance(key, str) and key.startswith("naloxone:"):
        plan = bedside.naloxone_plan(key.split(":", 1)[1])
        return (*plan.steps, *plan.lines)
    if key not in {k for _, k in choices()}:
        raise ValueError(TEXT["unknown"].format(value=key, allowed=", ".join(
            k for _, k in choices())))
    return bedside.cited(key)


class BedsidePanel(Panel):
    """A drop-down of bedside topics; each shows its lines with their sources."""

    hook = "an-bedside"

    def __init__(self, topic: str = "monitoring"):
        super().__init__()
        self.choice = dropdown(TEXT["topic"], list(choices()), topic, "an-bedside-topic")
        self.output = html(hook="an-bedside-result")
        self.update()
        self.watch(self.choice)
        self.widget = self.box(self.choice, self.message, self.output)

    def compute(self) -> tuple[str, ...]:
        return topic_lines(self.choice.value)

    def show(self, result: tuple[str, ...]) -> None:
        self.output.value = join(result, BR)


class SiteVolumePanel(Panel):
    """A subcutaneous pump's settings in; its volumes per bolus, per hour and per day out,
    against the site's limit (``bedside.subcut_volume``)."""

    hook = "an-site-volume"

    def __init__(self, background: str = "0.55 mg/h", bolus: str = "0.65 mg",
                 lockout: str = "15 min", hour_limit: str = "", amount: str = "100 mg",
                 volume: str = "200 mL"):
        super().__init__()
        self.background = text_box(TEXT["background"], background, "an-site-background")
        self.bolus = text_box(TEXT["bolus"], bolus, "an-site-bolus")
        self.lockout = text_box(TEXT["lockout"], lockout, "an-site-lockout")
        self.hour_limit = text_box(TEXT["hour_limit"], hour_limit, "an-site-hour-limit")
        self.amount = text_box(TEXT["amount"], amount, "an-site-amount")
        self.volume = text_box(TEXT["volume"], volume, "an-site-volume-total")
        self.output = html(hook="an-site-result")
        controls = (self.background, self.bolus, self.lockout, self.hour_limit, self.amount,
                    self.volume)
        self.update()
        self.watch(*controls)
        self.widget = self.box(*controls, self.message, self.output)

    def compute(self) -> tuple[str, ...]:
        limit = self.hour_limit.value.strip() or None
        settings = PcaSettings(background=self.background.value, bolus=self.bolus.value,
                               lockout=self.lockout.value, hour_limit=limit)
        reservoir = Reservoir(drug=settings.drug, drug_amount=self.amount.value,
                              drug_volume=self.volume.value)
        return bedside.subcut_volume(settings, reservoir).steps

    def show(self, result: tuple[str, ...]) -> None:
        self.output.value = lines_html(result)


__all__ = ["BedsidePanel", "SiteVolumePanel", "choices", "topic_lines"]
