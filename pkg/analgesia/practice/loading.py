"""Loading the practice folder: every ``*.yaml``/``*.yml`` read, validated field by field and
worked through once, so that a file the package cannot use is reported at load (file, field,
line, what is expected) and the other cases still load."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import references as refs
from .. import rulebook as rb
from .. import words
from ..units import DoseRange, InputError
from .cases import (
    CASES_DIR,
    FIELDS,
    TEXT_FIELDS,
    UNITS,
    CaseError,
    PracticeCase,
    PracticeSet,
    ReasoningStep,
    SpreadEntry,
)
from .fields import choice, dose_range, get, patient, text
from .method import SOURCE_FORMS, method, source_ok
from .yaml_file import FILE, PATTERNS, Bad, line_of, read, shown

TEXT = words.catalogue("practice.loading", {
    "folder": "folder",
    "a_folder": "the path of a folder of practice cases",
    "an_existing_folder": "an existing folder of practice cases",
    "unreadable": "a case file this loader can read",
    "solvable": "values the package can work through ({why})",
    "mapping": "a YAML mapping of case fields",
    "empty_file": "an empty file",
    "a_type": "a {name}",
    "id_form": "lower-case letters, digits and hyphens",
    "id_twice": "an id not already used by {file}",
    "expected": "a mapping of answer ranges",
    "expected_field": "one of drug, route, {names}",
    "one_range": "at least one answer range",
    "reasoning": "a list of {step, arithmetic, source}",
    "reasoning_list": "a non-empty list of {step, arithmetic, source}",
    "spread": "a list of {table, low, high}",
    "spread_item": "{table, low, high}",
    "target": "{drug: ..., route: ...}",
    "same_target": "the method's target {drug} {route}",
    "drug_route": "{drug} {route}",
    "references": "a list of citations",
    "findings": "a list of checker codes this case is about",
    "findings_note": "why the checker's findings are the point of this case",
})

MAX_PATH = 4096  # characters in a folder path (the usual PATH_MAX)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Where a field that solving refused lives in the case file.
_SOLVE_FIELDS = {"drug_amount": "method.reservoir.drug_amount",
                 "drug_volume": "method.reservoir.drug_volume",
                 "diluent_volume": "method.reservoir.diluent_volume",
                 "pump_step": "method.order.pump_step"}


def _folder(folder: Any) -> tuple[Path, list[Path]]:
    """The folder and its case files, sorted by name; InputError when it is not a folder."""
    if folder is None:
        folder = CASES_DIR
    if not isinstance(folder, str | Path) or (isinstance(folder, str) and (
            not folder.strip() or "\0" in folder or len(folder) > MAX_PATH)):
        shown_value = folder[:80] if isinstance(folder, str) else type(folder).__name__
        raise InputError(TEXT["folder"], shown_value, TEXT["a_folder"])
    folder = Path(folder)
    try:
        paths = sorted({p for pattern in PATTERNS for p in folder.glob(pattern)},
                       key=lambda p: p.name)
        if not folder.is_dir():
            raise NotADirectoryError(str(folder))
    except (OSError, ValueError):
        raise InputError(TEXT["folder"], str(folder)[:200], TEXT["an_existing_folder"]) from None
    return folder, paths


def load_cases(folder: str | Path | None = None) -> PracticeSet:
    """Every ``*.yaml`` and ``*.yml`` in ``folder`` (default ``data/practice_cases``), validated
    and solved with :func:`~analgesia.practice.solve`.

    A file that is malformed, or whose numbers the package cannot work through, is reported in
    ``.errors`` (file, field, line) and skipped; the others load. Raises only
    :class:`~analgesia.units.InputError`, when ``folder`` is not a readable folder.
    """
    _, paths = _folder(folder)
    cases, errors, seen = [], [], {}
    for path in paths:
        node = None
        try:
            node, data = read(path)
            case = _case(data, path)
            if case.id in seen:
                raise Bad("id", TEXT("id_twice", file=seen[case.id]), case.id)
            _solvable(case)
            seen[case.id] = path.name
            cases.append(case)
        except Bad as bad:
            line = bad.line if bad.line is not None else line_of(node, bad.field)
            errors.append(CaseError(path.name, bad.field, bad.expected, shown(bad.got), line))
        except Exception as exc:  # noqa: BLE001 - one odd file must not stop the others
            errors.append(CaseError(path.name, FILE, TEXT["unreadable"], type(exc).__name__))
    return PracticeSet(tuple(cases), tuple(errors))


def _solvable(case: PracticeCase) -> None:
    """Work the case now, so that numbers the package refuses are reported at load and not
    in the middle of a lesson."""
    from .solving import solve

    try:
        sol = solve(case)
        if sol.settings is not None and sol.reservoir is not None:
            sol.settings.describe(sol.reservoir)
    except InputError as exc:
        where = _SOLVE_FIELDS.get(exc.field) or (
            "method.reservoir" if "reservoir" in str(exc.allowed) else "method")
        raise Bad(where, TEXT("solvable", why=str(exc).rstrip(".")), exc.value) from None
    except (ValueError, ArithmeticError) as exc:
        raise Bad("method", TEXT("solvable", why=type(exc).__name__),
                  str(exc)[:200]) from None


# --- one case file, section by section ---------------------------------------------------------


def _expected(data: dict) -> tuple[dict[str, DoseRange], str, str, dict]:
    """The expected ranges (in the unit a clinician writes for the drug), drug and route."""
    from .solving import shown_unit

    raw = get(data, "expected", "expected", TEXT["expected"])
    if not isinstance(raw, dict):
        raise Bad("expected", TEXT["expected"], raw)
    expected = {}
    for key, value in raw.items():
        if key in TEXT_FIELDS:
            continue
        if key not in UNITS:
            raise Bad(f"expected.{key}", TEXT("expected_field", names=", ".join(FIELDS)), key)
        expected[key] = dose_range(value, UNITS[key], f"expected.{key}")
    if not expected:
        raise Bad("expected", TEXT["one_range"], raw)
    drug = choice(raw.get("drug"), refs.DRUGS, "expected.drug")
    route = choice(raw.get("route"), refs.ROUTES, "expected.route")
    return {k: shown_unit(drug, k, v) for k, v in expected.items()}, drug, route, raw


def _reasoning(data: dict) -> tuple[ReasoningStep, ...]:
    steps = get(data, "reasoning", "reasoning", TEXT["reasoning"])
    if not isinstance(steps, list) or not steps:
        raise Bad("reasoning", TEXT["reasoning_list"], steps)
    out = []
    for i, s in enumerate(steps):
        where = f"reasoning[{i}]"
        step = ReasoningStep(text(s, "step", f"{where}.step"),
                             text(s, "arithmetic", f"{where}.arithmetic"),
                             text(s, "source", f"{where}.source"))
        if not source_ok(step.source):
            raise Bad(f"{where}.source", SOURCE_FORMS, step.source)
        out.append(step)
    return tuple(out)


def _spread_entry(s: Any, where: str) -> SpreadEntry:
    if not isinstance(s, dict):
        raise Bad(where, TEXT["spread_item"], s)
    table = choice(s.get("table"), sorted(refs.factor_tables()), f"{where}.table")
    to = s.get("to")
    if to is not None:
        if not isinstance(to, dict):
            raise Bad(f"{where}.to", TEXT["target"], to)
        to = (choice(to.get("drug"), refs.DRUGS, f"{where}.to.drug"),
              choice(to.get("route"), refs.ROUTES, f"{where}.to.route"))
    from_route = s.get("from_route")
    if from_route is not None:
        from_route = choice(from_route, refs.ROUTES, f"{where}.from_route")
    return SpreadEntry(table, dose_range(s, "mg/day", where), from_route, to)


def _spread(data: dict) -> tuple[SpreadEntry, ...]:
    raw = data.get("spread") or []
    if not isinstance(raw, list):
        raise Bad("spread", TEXT["spread"], raw)
    return tuple(_spread_entry(s, f"spread[{i}]") for i, s in enumerate(raw))


def _findings(data: dict) -> tuple[tuple[str, ...], str]:
    """The checker codes the case is about, and the note that says why."""
    findings = data.get("expected_findings") or []
    if not isinstance(findings, list) or not all(isinstance(x, str) for x in findings):
        raise Bad("expected_findings", TEXT["findings"], findings)
    note = text(data, "findings_note", "findings_note", optional=True)
    if findings and not note:
        raise Bad("findings_note", TEXT["findings_note"], None)
    return tuple(findings), note


def _mode(raw_expected: dict, kind: str) -> str:
    default = "bolus-only" if kind == "naive_pca" else "background-bolus"
    return choice(raw_expected.get("mode", default), [m.mode for m in rb.modes()],
                  "expected.mode")


def _id(data: Any) -> str:
    if not isinstance(data, dict):
        raise Bad(FILE, TEXT["mapping"], TEXT["empty_file"] if data is None else
                  TEXT("a_type", name=type(data).__name__))
    case_id = text(data, "id", "id")
    if not _ID.match(case_id):
        raise Bad("id", TEXT["id_form"], case_id)
    return case_id


def _case(data: Any, path: Path) -> PracticeCase:
    case_id = _id(data)
    expected, drug, route, raw_expected = _expected(data)
    reasoning = _reasoning(data)
    spread = _spread(data)
    who = patient(data.get("patient"))
    how = method(data.get("method"), who.nrs)
    if how["target"] != (drug, route):
        raise Bad("expected.drug", TEXT("same_target", drug=how["target"][0],
                                        route=how["target"][1]),
                  TEXT("drug_route", drug=drug, route=route))
    refs_list = data.get("references") or []
    if not isinstance(refs_list, list):
        raise Bad("references", TEXT["references"], refs_list)
    mode = _mode(raw_expected, how["kind"])
    findings, note = _findings(data)
    # The learner's prose in the current language (data/locale/<lang>/texts/practice_cases.yaml);
    # a text without a translation (an instructor's own case) stays as written.
    def say(prose: str) -> str:
        return words.localized("practice_cases", prose)

    who = replace(who, diagnosis=say(who.diagnosis), renal_function=say(who.renal_function),
                  other=tuple(say(x) for x in who.other))
    reasoning = tuple(replace(r, step=say(r.step), arithmetic=say(r.arithmetic))
                      for r in reasoning)
    return PracticeCase(
        id=case_id, title=say(text(data, "title", "title")),
        teaching_point=say(text(data, "teaching_point", "teaching_point")),
        patient=who, question=say(text(data, "question", "question")), method=how,
        expected=expected, drug=drug, route=route, reasoning=reasoning, spread=spread,
        references=tuple(" ".join(str(r).split()) for r in refs_list), path=path, mode=mode,
        expected_findings=findings, findings_note=say(note))
