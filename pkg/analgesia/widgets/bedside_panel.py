"""At the bedside: choose a topic and read its sourced lines (``analgesia.bedside``), or type
a subcutaneous pump's settings and see its volumes against the site's limit.

The models are :mod:`analgesia.panels.bedside`'s; this module only shows them.
"""

from __future__ import annotations

from .. import words
from ..markup import BR, join
from ..panels.bedside import BedsideModel, SiteVolumeModel, Topic, choices, topic_lines
from ._base import Panel, dropdown, html, lines_html, text_box

TEXT = words.catalogue("bedside_panel", {
    "topic": "Topic",
    "background": "Background",
    "bolus": "Bolus",
    "lockout": "Lockout",
    "hour_limit": "Hour limit (blank = none)",
    "amount": "Drug in the reservoir",
    "volume": "Reservoir volume",
})

SITE_INPUTS = {"background": "an-site-background", "bolus": "an-site-bolus",
               "lockout": "an-site-lockout", "hour_limit": "an-site-hour-limit",
               "amount": "an-site-amount", "volume": "an-site-volume-total"}


class BedsidePanel(Panel):
    """A drop-down of bedside topics; each shows its lines with their sources."""

    hook = "an-bedside"

    def __init__(self, topic: str | None = None):
        super().__init__(BedsideModel(**({} if topic is None else {"topic": topic})))
        self.choice = dropdown(TEXT["topic"], list(choices()), self.model.inputs["topic"],
                               "an-bedside-topic")
        self.output = html(hook="an-bedside-result")
        self.bind(topic=self.choice)
        self.widget = self.box(self.choice, self.message, self.output)
        self.refresh()

    def show(self, result: Topic) -> None:
        self.output.value = join(result.cited, BR)


class SiteVolumePanel(Panel):
    """A subcutaneous pump's settings in; its volumes per bolus, per hour and per day out,
    against the site's limit (``bedside.subcut_volume``). Keyword arguments are
    :class:`~analgesia.panels.bedside.SiteVolumeModel` inputs; the defaults are the case's."""

    hook = "an-site-volume"

    def __init__(self, **inputs) -> None:
        super().__init__(SiteVolumeModel(**inputs))
        for name, hook in SITE_INPUTS.items():
            setattr(self, name, text_box(TEXT[name], self.model.inputs[name], hook))
        self.output = html(hook="an-site-result")
        controls = {name: getattr(self, name) for name in SITE_INPUTS}
        self.bind(**controls)
        self.widget = self.box(*controls.values(), self.message, self.output)
        self.refresh()

    def show(self, result) -> None:
        self.output.value = lines_html(result.steps)


__all__ = ["BedsidePanel", "SiteVolumePanel", "choices", "topic_lines"]
