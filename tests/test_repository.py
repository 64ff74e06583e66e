"""The repository keeps its own rules: environments in step, notebooks commit-ready, CI wired.

Every check here can fail: a check over notebooks fails when there are none.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
MAX_NOTEBOOK_BYTES = 200 * 1024
DISCLAIMER_PHRASE = "Teaching, not prescribing"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

# Display rules: mcg (never ug/µg), mL (never ml), no trailing zero (5 mg, not 5.0 mg),
# a space between number and unit.
BAD_DISPLAY = re.compile(
    r"(\d\s*(µg|μg|ug)\b)|(\d\s*ml\b)|(\b\d+\.0\s*(mg|mL|mcg|h)\b)|(\d(mg|mcg|mL)\b)"
)

SKIP_DIRS = {".git", ".venv", "node_modules", "build", ".ipynb_checkpoints", "__pycache__"}


# --- environment.yml mirrors pyproject.toml ---------------------------------------------------


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(requirement: str) -> tuple[str, str]:
    """'PyYAML >= 6.0' -> ('pyyaml', '>=6.0'); extras and markers are not used here."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$", requirement)
    assert match, f"cannot read requirement {requirement!r}"
    return _normalize(match.group(1)), re.sub(r"\s+", "", match.group(2))


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _environment_entries() -> tuple[list[str], list[str]]:
    """(conda entries, pip entries) of environment.yml."""
    conda, pip = [], []
    for entry in _environment()["dependencies"]:
        if isinstance(entry, dict):
            assert set(entry) == {"pip"}, f"unexpected mapping in dependencies: {entry}"
            pip.extend(entry["pip"])
        else:
            conda.append(str(entry))
    return conda, pip


def _is_self_install(entry: str) -> bool:
    return entry.strip() in {".", "-e .", "--editable .", "-e ./", "./"}


def test_environment_uses_conda_forge():
    assert "conda-forge" in _environment().get("channels", [])


def test_environment_lists_the_runtime_dependencies_of_pyproject():
    project = _pyproject()["project"]
    # Binder opens JupyterLab and Voila too: the [lab] extra
    lab = project.get("optional-dependencies", {}).get("lab", [])
    wanted = dict(_split(r) for r in [*project["dependencies"], *lab])
    assert wanted, "pyproject.toml lists no runtime dependencies"
    conda, pip = _environment_entries()
    listed: dict[str, str] = {}
    for entry in [*conda, *(p for p in pip if not _is_self_install(p))]:
        name, spec = _split(entry)
        if name in {"python", "pip"}:
            continue
        assert name not in listed, f"environment.yml lists {name} twice"
        listed[name] = spec
    missing = sorted(set(wanted) - set(listed))
    extra = sorted(set(listed) - set(wanted))
    assert not missing, f"in pyproject.toml but not in environment.yml: {missing}"
    assert not extra, f"in environment.yml but not in pyproject.toml: {extra}"
    differ = {n: (wanted[n], listed[n]) for n in wanted if wanted[n] != listed[n]}
    assert not differ, f"versions differ (pyproject, environment.yml): {differ}"


def test_environment_python_matches_requires_python():
    conda, _ = _environment_entries()
    pythons = [_split(e)[1] for e in conda if _split(e)[0] == "python"]
    assert pythons == [_pyproject()["project"]["requires-python"].replace(" ", "")]


def test_environment_installs_the_package_itself():
    _, pip = _environment_entries()
    assert any(_is_self_install(p) for p in pip), "environment.yml must pip-install '-e .'"


def test_self_install_check_rejects_other_entries():
    assert _is_self_install("-e .")
    assert not _is_self_install("pandas")
    assert _split("PyYAML >= 6.0") == ("pyyaml", ">=6.0")


# --- notebooks are commit-ready -------------------------------------------------------------


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"
    assert (NOTEBOOK_DIR / "00_start_here.ipynb") in NOTEBOOKS


def test_notebooks_are_numbered():
    assert NOTEBOOKS
    for path in NOTEBOOKS:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), path.name


def test_no_notebook_or_script_shadows_the_package():
    assert NOTEBOOKS
    shadows = []
    for path in ROOT.rglob("analgesia*"):
        if SKIP_DIRS & set(path.relative_to(ROOT).parts):
            continue
        if path.suffix in {".ipynb", ".py"}:
            shadows.append(str(path.relative_to(ROOT)))
    assert not shadows, f"named after the package, shadows `import analgesia`: {shadows}"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _text_outputs(nb: dict):
    """(cell number, text) for every stream and text/plain output."""
    for n, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                yield n, _joined(out.get("text", ""))
            elif "data" in out and "text/plain" in out["data"]:
                yield n, _joined(out["data"]["text/plain"])


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _display_problems(text: str) -> list[str]:
    return [m.group(0) for m in BAD_DISPLAY.finditer(text)]


def test_display_rule_regex_catches_what_it_should():
    for bad in ("5 ug", "5µg", "25 μg/h", "10 ml", "5.0 mg", "2.0 h", "5mg", "25mcg/h", "3mL"):
        assert _display_problems(bad), bad
    for good in ("5 mcg", "0.5 mg/mL", "10 mL", "5 mg", "0.55 mg/h", "2 h", "15.15 mg"):
        assert not _display_problems(good), good


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
class TestNotebook:
    def test_is_valid_json_nbformat_4(self, path):
        nb = _load(path)
        assert nb.get("nbformat") == 4
        assert isinstance(nb.get("cells"), list) and nb["cells"]

    def test_is_small(self, path):
        size = path.stat().st_size
        assert size <= MAX_NOTEBOOK_BYTES, (
            f"{path.name} is {size // 1024} KB (limit 200 KB): strip widget state with "
            "`python scripts/execute_notebooks.py`"
        )

    def test_was_executed(self, path):
        unexecuted = [
            n for n, cell in enumerate(_load(path)["cells"])
            if cell["cell_type"] == "code" and _joined(cell.get("source", "")).strip()
            and cell.get("execution_count") is None
        ]
        assert not unexecuted, (
            f"code cells {unexecuted} have no execution count (nbval only compares executed "
            "cells): run `python scripts/execute_notebooks.py " f"notebooks/{path.name}`"
        )

    def test_has_no_widget_state(self, path):
        nb = _load(path)
        assert "widgets" not in nb.get("metadata", {}), "metadata.widgets is saved"
        text = path.read_text(encoding="utf-8")
        assert WIDGET_STATE not in text, f"{WIDGET_STATE} is saved"

    def test_has_no_error_outputs(self, path):
        errors = [
            (n, out.get("ename"))
            for n, cell in enumerate(_load(path)["cells"])
            for out in cell.get("outputs", [])
            if out.get("output_type") == "error"
        ]
        assert not errors, f"stored error outputs in cells: {errors}"

    def test_text_outputs_keep_display_rules(self, path):
        problems = [(n, p) for n, text in _text_outputs(_load(path)) for p in
                    _display_problems(text)]
        assert not problems, f"display-rule breaks (cell, text): {problems}"

    def test_states_the_disclaimer_once(self, path):
        markdown = [
            _joined(c.get("source", "")) for c in _load(path)["cells"]
            if c["cell_type"] == "markdown"
        ]
        count = sum(m.lower().count(DISCLAIMER_PHRASE.lower()) for m in markdown)
        assert count == 1, f"'{DISCLAIMER_PHRASE}' appears {count} times in markdown cells"


# --- CI -------------------------------------------------------------------------------------


def test_ci_runs_make_test():
    script = ROOT / ".ci" / "run"
    lines = [
        line.strip() for line in script.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    assert any(re.match(r"make test\b", line) for line in lines), ".ci/run must call `make test`"
    assert "set -euo pipefail" in lines


def test_ci_run_is_executable():
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


def test_makefile_has_the_readme_commands():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("lab", "check", "test", "bench", "notebooks"):
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE), target
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make lab" in readme and "make test" in readme and "make check" in readme


# --- the test loop: markers, the inner loop, everything in CI ----------------------------------


def _recipe(target: str) -> str:
    """The recipe of a Makefile target, continuation lines joined."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    found = re.search(rf"^{target}:[^\n]*\n((?:\t[^\n]*\n)+)", text, flags=re.MULTILINE)
    assert found, f"no recipe for {target}"
    return found.group(1)


def test_the_markers_are_registered():
    markers = _pyproject()["tool"]["pytest"]["ini_options"]["markers"]
    names = {m.split(":")[0].strip() for m in markers}
    assert {"browser", "slow", "notebooks"} <= names


def test_make_test_runs_everything_and_make_check_only_the_fast_core():
    test = _recipe("test")
    assert '-m "slow or not slow"' in test, "make test must run the deep (slow) runs too"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^NBVAL\s*=.*--nbval\b", makefile, flags=re.MULTILINE)
    assert "tests notebooks $(NBVAL)" in test
    check = _recipe("check")
    for marker in ("browser", "notebooks", "slow"):
        assert f"not {marker}" in check, f"make check must leave out {marker}"
    assert "NBVAL" not in check and "notebooks" not in check.split("-m")[0]


def test_browser_and_notebook_items_carry_their_markers():
    """Selecting neither marker leaves none of a browser module's tests or a notebook's cells."""
    import subprocess
    import sys

    args = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
            "--nbval", "--nbval-current-env", "tests/browser/test_landing.py",
            "notebooks/00_start_here.ipynb"]
    every = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    neither = subprocess.run([*args, "-m", "not browser and not notebooks"], cwd=ROOT,
                             capture_output=True, text=True)
    collected = [line for line in every.stdout.splitlines() if "::" in line]
    assert any("test_landing.py::" in line for line in collected), every.stdout[-2000:]
    assert any(".ipynb::" in line for line in collected), every.stdout[-2000:]
    assert not [line for line in neither.stdout.splitlines() if "::" in line], neither.stdout
    assert f"{len(collected)} deselected" in neither.stdout, neither.stdout[-2000:]
