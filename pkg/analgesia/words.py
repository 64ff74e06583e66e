"""One lookup for every string a learner reads.

Each module keeps its learner-facing words in one catalogue, declared at the top of the
module::

    TEXT = words.catalogue("transdermal", {
        "count": "{rate} / {strength} per patch = {count} patches",
    })
    TEXT["count"].format(...)        # the template in the current language
    TEXT("count", rate=..., ...)     # the same, filled in

The English text in the module is the source catalogue. A translation is a mapping from
the same keys to other templates, added with :func:`translate`; a key it lacks falls back to
English, so a half-done translation never shows a blank. The language is one setting:
:func:`set_language`, or the environment variable ``ANALGESIA_LANGUAGE`` read at import.
Numbers and units are formatted by :mod:`analgesia.units` in every language (ISMP rules).

Prose that carries clinical numbers or citations does not live here but in ``data/``
(``data/teaching_text.csv``), read through :func:`data_text`, so that the number and its
source stay together.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

SOURCE_LANGUAGE = "en"
ENV_LANGUAGE = "ANALGESIA_LANGUAGE"

# What a notebook or an app calls. Modules build their catalogues with catalogue(); a
# translation is laid over them with translate(): those are for the package, not a learner.
__all__ = [
    "catalogues",
    "data_text",
    "disclaimer",
    "language",
    "languages",
    "set_language",
]

_CATALOGUES: dict[str, Catalogue] = {}
_TRANSLATIONS: dict[str, dict[str, dict[str, str]]] = {}  # language -> domain -> key -> text
_state = {"language": SOURCE_LANGUAGE}


class Catalogue(Mapping[str, str]):
    """The learner-facing templates of one module, looked up in the current language."""

    def __init__(self, domain: str, texts: Mapping[str, str]):
        bad = [k for k, v in texts.items() if not isinstance(k, str) or not isinstance(v, str)]
        if bad:
            raise TypeError(f"catalogue {domain!r}: keys and texts must be str: {bad}")
        self.domain = domain
        self._source = dict(texts)

    def __getitem__(self, key: str) -> str:
        source = self._source[key]  # an unknown key is a programming error: KeyError
        lang = _state["language"]
        if lang == SOURCE_LANGUAGE:
            return source
        return _TRANSLATIONS.get(lang, {}).get(self.domain, {}).get(key, source)

    def __iter__(self) -> Iterator[str]:
        return iter(self._source)

    def __len__(self) -> int:
        return len(self._source)

    def __call__(self, key: str, **fields: Any) -> str:
        """The template for ``key`` in the current language, filled with ``fields``.

        An unknown key or a missing field is an :class:`~analgesia.units.InputError` (a
        catalogue is public API: a caller's slip gets a clear answer, not a KeyError).
        """
        if not isinstance(key, str) or key not in self._source:
            from .errors import InputError

            shown = key[:40] if isinstance(key, str) else type(key).__name__
            raise InputError("text key", shown, f"a key of the {self.domain} texts")
        template = self[key]
        if not fields:
            return template
        try:
            return template.format(**fields)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
            from .errors import InputError

            raise InputError("text fields", ", ".join(sorted(fields))[:60],
                             f"the fields of the {self.domain} text {key!r}") from exc

    def source(self, key: str) -> str:
        """The English (source) template, whatever the current language."""
        return self._source[key]

    def __repr__(self) -> str:
        return f"Catalogue({self.domain!r}, {len(self)} texts)"


def catalogue(domain: str, texts: Mapping[str, str]) -> Catalogue:
    """Register and return the catalogue of one module (``domain``: the module's short name).

    Registering the same domain twice (a module reloaded) replaces the earlier catalogue.
    """
    made = Catalogue(domain, texts)
    _CATALOGUES[domain] = made
    return made


def catalogues() -> dict[str, Catalogue]:
    """Every registered catalogue by domain: what a translation has to cover."""
    return dict(_CATALOGUES)


def languages() -> tuple[str, ...]:
    """The languages a learner can choose: English and every language with a translation."""
    return (SOURCE_LANGUAGE, *sorted(_TRANSLATIONS))


def language() -> str:
    return _state["language"]


def set_language(name: str) -> str:
    """Choose the language of every catalogue; returns the language now in use."""
    from .units import InputError

    if not isinstance(name, str) or name not in languages():
        raise InputError("language", name, " or ".join(languages()), label="language")
    _state["language"] = name
    return name


def translate(lang: str, domain: str, texts: Mapping[str, str]) -> None:
    """Add ``texts`` (key -> template) as the ``lang`` translation of catalogue ``domain``."""
    if lang == SOURCE_LANGUAGE:
        raise ValueError("the source language is written in the modules, not translated")
    _TRANSLATIONS.setdefault(lang, {}).setdefault(domain, {}).update(texts)


@cache
def _teaching_text() -> dict[str, dict[str, str]]:
    from . import references as refs

    return refs.teaching_text()


def data_text(key: str, **fields: Any) -> str:
    """A learner-facing text kept in ``data/teaching_text.csv`` (with its source), filled in.

    Texts carrying clinical numbers or citations live there, beside the source that backs
    them; the current language's version is used when the file has one.
    """
    texts = _teaching_text()
    if not isinstance(key, str) or key not in texts:
        from .units import InputError

        raise InputError("text", key if isinstance(key, str) else type(key).__name__,
                         "one of " + ", ".join(sorted(texts)))
    entry = texts[key]
    template = entry.get(_state["language"], entry[SOURCE_LANGUAGE])
    return template.format(**fields) if fields else template


def disclaimer() -> str:
    """The one sentence every notebook, app page and order sheet carries, once."""
    return data_text("disclaimer")


def caches() -> tuple[Any, ...]:
    """The caches of this module, for :func:`analgesia.references.caches` (which clears them
    with every other cache built from data/ on :func:`analgesia.references.reload`)."""
    return (_teaching_text,)


def clear_cache() -> None:
    _teaching_text.cache_clear()


def _initial_language() -> None:
    wanted = os.environ.get(ENV_LANGUAGE, "").strip()
    if wanted and wanted in languages():
        _state["language"] = wanted


_initial_language()
