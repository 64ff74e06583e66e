"""One lookup for every string a learner reads.

Each module keeps its learner-facing words in one catalogue, declared at the top of the
module::

    TEXT = words.catalogue("transdermal", {
        "count": "{rate} / {strength} per patch = {count} patches",
    })
    TEXT["count"].format(...)        # the template in the current language
    TEXT("count", rate=..., ...)     # the same, filled in

The English text in the module is the source catalogue. A translation lives in
``data/locale/<language>/``:

- ``catalogues/<domain>.yaml``: the module's keys -> templates in that language (keyed, so
  that an English rewording does not orphan it; the test checks every key and placeholder);
- ``texts/<domain>.yaml``: English prose read from a data file (a CSV column, a YAML field)
  -> that language, keyed by the English text itself, so a changed English sentence shows up
  as untranslated instead of silently keeping an old translation. ``datafile.read_csv``
  lays ``texts/<table>.yaml`` over a table's text columns; the YAML readers call
  :func:`localized`.

A key or sentence a translation lacks falls back to English, so a half-done translation
never shows a blank. The language is one setting: :func:`set_language` (which reloads every
cache built from data), else the environment variable ``ANALGESIA_LANGUAGE``, else a
``lang=`` in the page's query string (Voila passes it to the kernel as ``QUERY_STRING``),
else the notebook edition's folder (a kernel started in ``notebooks/zh-CN`` speaks Chinese,
so both editions share their code cells exactly). Numbers and units are formatted by
:mod:`analgesia.units` in every language (ISMP rules).

Prose that carries clinical numbers or citations does not live here but in ``data/``
(``data/teaching_text.csv``), read through :func:`data_text`, so that the number and its
source stay together.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

SOURCE_LANGUAGE = "en"
ENV_LANGUAGE = "ANALGESIA_LANGUAGE"
LOCALE_DIR_NAME = "locale"
# A language's code in file names (zh_CN) and in folders and URLs (zh-CN) name one language.
_CODE = re.compile(r"^[a-z]{2}(?:[_-][A-Z]{2})?$")

# What a notebook or an app calls. Modules build their catalogues with catalogue(); a
# translation is laid over them with translate(): those are for the package, not a learner.
__all__ = [
    "catalogues",
    "data_text",
    "disclaimer",
    "language",
    "languages",
    "localized",
    "set_language",
]

_CATALOGUES: dict[str, Catalogue] = {}
_TRANSLATIONS: dict[str, dict[str, dict[str, str]]] = {}  # language -> domain -> key -> text
_state: dict[str, str | None] = {"language": None}  # None: not chosen yet (see language())


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
        lang = language()
        if lang == SOURCE_LANGUAGE:
            return source
        found = _TRANSLATIONS.get(lang, {}).get(self.domain, {}).get(key)
        if found is None:
            found = _catalogue_files(lang).get(self.domain, {}).get(key)
        return source if found is None else found

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

    Registering the same domain again from the same module (a module reloaded) replaces the
    earlier catalogue; a second module claiming a domain is refused, since the two would
    share one translation file.
    """
    import sys

    owner = sys._getframe(1).f_globals.get("__name__", "")
    made = Catalogue(domain, texts)
    made.module = owner
    earlier = _CATALOGUES.get(domain)
    if earlier is not None and getattr(earlier, "module", owner) != owner:
        raise ValueError(f"catalogue {domain!r} is already {earlier.module}'s; name {owner}'s "
                         "catalogue for its own module")
    _CATALOGUES[domain] = made
    return made


def catalogues() -> dict[str, Catalogue]:
    """Every registered catalogue by domain: what a translation has to cover."""
    return dict(_CATALOGUES)


def _normal(name: object) -> str | None:
    """'zh-CN', 'zh_CN' -> 'zh_CN'; anything else that is not a language code -> None."""
    if not isinstance(name, str) or not _CODE.match(name.strip()):
        return None
    return name.strip().replace("-", "_")


def locale_dir() -> Path:
    from .references import DATA_DIR  # read at call time: a test may point it elsewhere

    return DATA_DIR / LOCALE_DIR_NAME


def languages() -> tuple[str, ...]:
    """The languages a learner can choose: English and every language with a translation."""
    found = set(_TRANSLATIONS)
    folder = locale_dir()
    if folder.is_dir():
        found |= {p.name for p in folder.iterdir() if p.is_dir() and _normal(p.name) == p.name}
    return (SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE}))


def language() -> str:
    """The language in use (chosen on first use: see the module's docstring)."""
    if _state["language"] is None:
        _state["language"] = _initial_language()
    return _state["language"]


def set_language(name: str) -> str:
    """Choose the language of every text; returns the language now in use ('zh-CN' or
    'zh_CN' both name Chinese). Every cache built from data is cleared, so a case report or
    a table read before speaks the new language too."""
    from .errors import InputError

    code = _normal(name)
    if code is None or code not in languages():
        shown = name[:20] if isinstance(name, str) else type(name).__name__
        raise InputError("language", shown, " or ".join(languages()), label="language")
    if code != _state["language"]:
        _state["language"] = code
        from . import references

        references.reload()
    return code


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
    template = texts[key][SOURCE_LANGUAGE]  # already in the current language (read_csv)
    return template.format(**fields) if fields else template


def disclaimer() -> str:
    """The one sentence every notebook, app page and order sheet carries, once."""
    return data_text("disclaimer")


@cache
def _catalogue_files(lang: str) -> dict[str, dict[str, str]]:
    """``data/locale/<lang>/catalogues/*.yaml``: domain -> key -> template."""
    return _yaml_folder(locale_dir() / lang / "catalogues")


@cache
def _text_files(lang: str) -> dict[str, dict[str, str]]:
    """``data/locale/<lang>/texts/*.yaml``: domain -> English text -> translation."""
    return _yaml_folder(locale_dir() / lang / "texts")


def _yaml_folder(folder: Path) -> dict[str, dict[str, str]]:
    import yaml

    from .datafile import DataFileError

    found: dict[str, dict[str, str]] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise DataFileError(path, None, None, f"is not readable YAML ({exc})") from None
        if not isinstance(data, dict):
            raise DataFileError(path, None, None, "must map each key to its translation")
        for key, value in data.items():
            if not isinstance(key, str) or not isinstance(value, str) or not value.strip():
                raise DataFileError(path, None, str(key)[:60],
                                    "each key and translation must be non-empty text")
        found[path.stem] = data
    return found


def localized(domain: str, text: str) -> str:
    """``text`` (English prose from data file ``domain``) in the current language, or as it
    is when the language is English or the translation lacks it."""
    if not isinstance(domain, str) or not isinstance(text, str):
        from .errors import InputError

        bad, value = ("domain", domain) if not isinstance(domain, str) else ("text", text)
        raise InputError(bad, type(value).__name__, "text")
    lang = language()
    if lang == SOURCE_LANGUAGE:
        return text
    return _text_files(lang).get(domain, {}).get(text, text)


def localize_rows(table: str, rows: list[dict[str, Any]]) -> None:
    """Lay ``texts/<table>.yaml`` over the text cells of a table's rows, in place."""
    lang = language()
    if lang == SOURCE_LANGUAGE:
        return
    from .prose_columns import PROSE_COLUMNS

    mapping = _text_files(lang).get(table)
    if not mapping:
        return
    columns = PROSE_COLUMNS.get(table, ())
    for row in rows:
        for column in columns:
            value = row.get(column)
            if isinstance(value, str) and value in mapping:
                row[column] = mapping[value]


def caches() -> tuple[Any, ...]:
    """The caches of this module, for :func:`analgesia.references.caches` (which clears them
    with every other cache built from data/ on :func:`analgesia.references.reload`)."""
    return (_teaching_text, _catalogue_files, _text_files)


def clear_cache() -> None:
    for found in caches():
        found.cache_clear()


def _initial_language() -> str:
    """The environment's choice: ANALGESIA_LANGUAGE, a page's ``lang=``, the edition folder."""
    wanted = [os.environ.get(ENV_LANGUAGE, "")]
    query = os.environ.get("QUERY_STRING", "")
    wanted += [part[5:] for part in query.split("&") if part.startswith("lang=")]
    try:
        wanted.append(Path.cwd().name)
    except OSError:  # the working folder was removed
        pass
    available = languages()
    for name in wanted:
        code = _normal(name)
        if code in available:
            return code
    return SOURCE_LANGUAGE
