"""The static site's build logic without a build: checking files against the official Pyodide
lock (a tampered or missing file fails naming the file), trimming the lock, the loader cell
put first in each notebook, the kernel URLs made absolute for voici's pages, PyYAML repacked
as a pure wheel. (tests/browser/test_site.py checks a built site in Chromium.)"""

from __future__ import annotations

import ast
import asyncio
import concurrent.futures
import hashlib
import json
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import build_site as bs  # noqa: E402


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


FILES = {
    "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl": b"numpy bytes",
    "openblas-0.3.26.zip": b"openblas bytes",
    "scipy-1.14.1-cp312-cp312-pyodide_2024_0_wasm32.whl": b"scipy bytes",
    "prompt_toolkit-3.0.43-py3-none-any.whl": b"prompt bytes",
    "matplotlib-3.8.4-cp312-cp312-pyodide_2024_0_wasm32.whl": b"matplotlib bytes",
}


def _entry(file_name: str, depends: list[str]) -> dict:
    return {"file_name": file_name, "sha256": _sha(FILES[file_name]), "depends": depends,
            "version": "1"}


LOCK = {
    "info": {"version": "0.27.7"},
    "packages": {
        "numpy": _entry("numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", []),
        "openblas": _entry("openblas-0.3.26.zip", []),
        "scipy": _entry("scipy-1.14.1-cp312-cp312-pyodide_2024_0_wasm32.whl",
                        ["numpy", "openblas"]),
        "prompt-toolkit": _entry("prompt_toolkit-3.0.43-py3-none-any.whl", []),
        "matplotlib": _entry("matplotlib-3.8.4-cp312-cp312-pyodide_2024_0_wasm32.whl",
                             ["numpy"]),
    },
}


@pytest.fixture()
def files(tmp_path):
    for name, data in FILES.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


# --- the lock --------------------------------------------------------------------------------


def test_closure_follows_depends():
    # scipy needs numpy and openblas; matplotlib is not asked for
    assert bs.closure(LOCK, ["scipy"]) == {"scipy", "numpy", "openblas"}


def test_closure_matches_names_as_pip_does():
    # ipython's lock entry says "prompt_toolkit"; the lock's key is "prompt-toolkit"
    assert bs.closure(LOCK, ["Prompt_Toolkit"]) == {"prompt-toolkit"}


def test_closure_refuses_a_package_the_lock_does_not_have():
    with pytest.raises(bs.VerificationError, match="pyyaml: not a package"):
        bs.closure(LOCK, ["pyyaml"])


def test_matching_files_pass(files):
    bs.verify_files(LOCK, ["scipy", "numpy", "openblas"], files)


def test_a_tampered_file_fails_naming_the_file(files):
    name = "openblas-0.3.26.zip"
    (files / name).write_bytes(b"openblas bytes, one byte changed?")
    with pytest.raises(bs.VerificationError) as failure:
        bs.verify_files(LOCK, ["scipy", "numpy", "openblas"], files)
    message = str(failure.value)
    assert message.startswith(name + ":")
    assert _sha(FILES[name]) in message  # the official hash is shown


def test_a_missing_file_fails_naming_the_file(files):
    (files / "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl").unlink()
    with pytest.raises(bs.VerificationError,
                       match=r"^numpy-2\.0\.2-cp312-cp312-pyodide_2024_0_wasm32\.whl: missing"):
        bs.verify_files(LOCK, ["numpy"], files)


def test_trimmed_lock_keeps_only_the_files_present():
    trimmed = bs.trim_lock(LOCK, {"numpy", "scipy", "openblas"})
    assert set(trimmed["packages"]) == {"numpy", "scipy", "openblas"}
    assert trimmed["info"] == LOCK["info"]
    assert trimmed["packages"]["scipy"] == LOCK["packages"]["scipy"]
    assert "matplotlib" in LOCK["packages"]  # the official lock itself is left alone


def _site(tmp_path, files) -> Path:
    pyodide = tmp_path / "site" / "static" / "pyodide"
    pyodide.mkdir(parents=True)
    keep = {"numpy", "openblas", "scipy"}
    for name in keep:
        file_name = LOCK["packages"][name]["file_name"]
        (pyodide / file_name).write_bytes((files / file_name).read_bytes())
    (pyodide / "pyodide-lock.json").write_text(json.dumps(bs.trim_lock(LOCK, keep)))
    return tmp_path / "site"


def test_a_built_site_is_checked_again(tmp_path, files):
    site = _site(tmp_path, files)
    assert len(bs.verify_site(site)) == 3
    target = site / "static" / "pyodide" / "scipy-1.14.1-cp312-cp312-pyodide_2024_0_wasm32.whl"
    target.write_bytes(b"scipy bytes with a backdoor")
    with pytest.raises(bs.VerificationError, match=r"^scipy-1\.14\.1-.*\.whl: sha256"):
        bs.verify_site(site)


def test_the_command_fails_with_the_file_named(tmp_path, files, capsys):
    site = _site(tmp_path, files)
    (site / "static" / "pyodide" / "openblas-0.3.26.zip").write_bytes(b"not openblas")
    assert bs.main(["--verify-only", "--out", str(site)]) == 1
    assert "openblas-0.3.26.zip" in capsys.readouterr().err


# --- the notebooks ---------------------------------------------------------------------------


NOTEBOOK = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Title"}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_loader_cell_comes_first_once():
    once = bs.with_loader(NOTEBOOK)
    twice = bs.with_loader(once)
    assert once["cells"][0]["source"] == bs.LOADER_SOURCE
    assert once["cells"][1] == NOTEBOOK["cells"][0]
    assert len(twice["cells"]) == 2
    assert NOTEBOOK["cells"][0]["source"] == "# Title"  # the source notebook is untouched


def test_loader_cell_installs_nothing_on_cpython():
    # the cell is compiled as IPython compiles a cell (top-level await allowed) and run here
    code = compile(bs.LOADER_SOURCE, "<cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    scope: dict = {}

    async def run_cell():
        return await eval(code, scope)

    # in a thread of its own: the browser tests' Playwright keeps an event loop in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, run_cell()).result() is None
    assert scope["sys"] is sys  # the cell ran ...
    assert "piplite" not in scope  # ... and installed nothing
    assert sys.platform != "emscripten"


# --- the pages -------------------------------------------------------------------------------


SETTINGS = {"litePluginSettings": {bs.KERNEL_PLUGIN: {
    "pyodideUrl": "./static/pyodide/pyodide.js",
    "pipliteUrls": ["./pypi/all.json?sha256=ab", "https://example.org/all.json"],
    "disablePyPIFallback": True}}}


def test_voici_pages_get_absolute_kernel_urls():
    fixed = bs.absolute_settings(SETTINGS)["litePluginSettings"][bs.KERNEL_PLUGIN]
    assert fixed["pyodideUrl"] == "/static/pyodide/pyodide.js"
    assert fixed["pipliteUrls"] == ["/pypi/all.json?sha256=ab", "https://example.org/all.json"]
    assert fixed["disablePyPIFallback"] is True
    assert SETTINGS["litePluginSettings"][bs.KERNEL_PLUGIN]["pyodideUrl"].startswith("./")


def test_render_page_is_patched():
    html = ('<html><head><link rel="stylesheet" '
            'href="https://cdn.jsdelivr.net/npm/font-awesome@4.5.0/css/font-awesome.min.css">'
            '<script id="jupyter-config-data" type="application/json">{"baseUrl": "/"}'
            '</script></head><body class="x"><div></div></body></html>')
    out = bs.patch_render_page(html, SETTINGS, "03_converting_doses")
    assert "https://cdn" not in out
    assert "/static/font-awesome/css/font-awesome.min.css" in out
    config = json.loads(out.split('application/json">')[1].split("</script>")[0])
    assert config["baseUrl"] == "/"
    assert config["litePluginSettings"][bs.KERNEL_PLUGIN]["pyodideUrl"] == (
        "/static/pyodide/pyodide.js")
    assert 'href="/lab/index.html?path=03_converting_doses.ipynb"' in out


def test_a_page_that_loads_from_the_internet_is_found(tmp_path):
    (tmp_path / "a.html").write_text('<script src="https://cdn.example.org/x.js"></script>')
    (tmp_path / "b.html").write_text('<a href="https://example.org">a link is fine</a>')
    assert bs.remote_references(tmp_path) == ["a.html: https://cdn.example.org/x.js"]


# --- PyYAML as a pure wheel ------------------------------------------------------------------


def test_repacked_wheel_is_pure(tmp_path):
    wheel = tmp_path / "PyYAML-6.0.2-cp312-cp312-manylinux_2_17_x86_64.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("yaml/__init__.py", "x = 1\n")
        z.writestr("yaml/_yaml.cpython-312-x86_64-linux-gnu.so", b"\x7fELF")
        z.writestr("_yaml/__init__.py", "from yaml._yaml import *\n")
        z.writestr("PyYAML-6.0.2.dist-info/WHEEL",
                   "Wheel-Version: 1.0\nRoot-Is-Purelib: false\n"
                   "Tag: cp312-cp312-manylinux_2_17_x86_64\n")
        z.writestr("PyYAML-6.0.2.dist-info/top_level.txt", "_yaml\nyaml\n")
        z.writestr("PyYAML-6.0.2.dist-info/RECORD", "stale\n")
    out = bs.repack_pure(wheel, tmp_path)
    assert out.name == "PyYAML-6.0.2-py3-none-any.whl"
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        assert not [n for n in names if n.endswith(".so") or n.startswith("_yaml/")]
        assert "yaml/__init__.py" in names
        meta = z.read("PyYAML-6.0.2.dist-info/WHEEL").decode()
        assert "Tag: py3-none-any" in meta and "Root-Is-Purelib: true" in meta
        assert "manylinux" not in meta
        record = z.read("PyYAML-6.0.2.dist-info/RECORD").decode()
        digest = hashlib.sha256(b"x = 1\n").digest()
        import base64

        expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        assert f"yaml/__init__.py,sha256={expected},6" in record


# --- the workbook's tables travel inside its wheel -------------------------------------------


def _data_dir_of(package_parent: Path, env: dict | None = None) -> str:
    import os
    import subprocess

    code = "import analgesia.references as r; print(r.DATA_DIR)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**{k: v for k, v in os.environ.items()
                                    if k != "ANALGESIA_DATA"},
                                 "PYTHONPATH": str(package_parent), **(env or {})},
                            cwd=package_parent, check=True)
    return result.stdout.strip()


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The package laid out as the site's wheel installs it: analgesia/ with data/ inside."""
    import shutil

    where = tmp_path_factory.mktemp("site-packages")
    shutil.copytree(ROOT / "pkg" / "analgesia", where / "analgesia",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", where / "analgesia" / "data")
    return where


def test_an_installed_wheel_reads_its_own_tables(installed):
    assert _data_dir_of(installed) == str(installed / "analgesia" / "data")


def test_a_checkout_reads_its_data_folder():
    assert _data_dir_of(ROOT / "pkg") == str(ROOT / "data")


def test_the_environment_overrides_both(installed, tmp_path):
    # a full copy of the tables: importing the package reads some of them (the disclaimer)
    import shutil

    elsewhere = tmp_path / "tables"
    shutil.copytree(ROOT / "data", elsewhere)
    assert _data_dir_of(installed, {"ANALGESIA_DATA": str(elsewhere)}) == str(elsewhere)


def test_the_wheel_carries_the_tables():
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["analgesia"]
    # setuptools matches the patterns as path globs ("*" stops at "/"), relative to analgesia/,
    # where the build puts data/
    files = {p for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert files
    matched = {p for pattern in patterns for p in ROOT.glob(pattern) if p.is_file()}
    missed = sorted(str(p.relative_to(ROOT)) for p in files - matched)
    assert not missed, f"data files the wheel would leave out: {missed}"
