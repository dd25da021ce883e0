"""What a counselor installs (issue #19): the wheel holds every file the app and ``hrtui
--help`` refer to, declares its licence without deprecation warnings, and the floors of its
runtime dependencies can be pinned for the floors job (scripts/min_constraints.py)."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
from helpers import script_module

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "hrtui"
DOC_DIR = "share/doc/hrtui"  # [tool.setuptools.data-files] in pyproject.toml
DOC_REF = re.compile(r"docs/([\w.-]+\.md)")


# -- the constraints file of the floors job ----------------------------------------------------


def test_every_runtime_floor_becomes_a_pin():
    with script_module("min_constraints") as script:
        pins = script.floor_pins(
            ["textual>=8.0.0,<9", "a-b[x]>=1.2 ; sys_platform == 'win32'", "c <3, >= 0.6.2"]
        )
        assert pins == ["textual==8.0.0", "a-b==1.2; sys_platform == 'win32'", "c==0.6.2"]
        for unfloored in ("d", "e<2", "f==1.0", "g>=1,>=2"):
            with pytest.raises(ValueError, match="floor"):
                script.floor_pins([unfloored])
        text = script.constraints(ROOT / "pyproject.toml")
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert len(pins) == len(declared) >= 4
    for requirement, pin in zip(declared, pins, strict=True):
        floor = re.search(r">=\s*([^,;\s]+)", requirement)[1]
        assert pin == f"{re.match(r'[A-Za-z0-9._-]+', requirement)[0]}=={floor}"


def test_the_floors_job_fails_ci_when_its_tests_fail():
    """``make floors`` runs under ``set -e`` in one shell, and .ci/run runs it under ``set -e``:
    a failing pytest there stops CI with its exit code."""
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nfloors:\n", 1)[1].split("\n\n", 1)[0]
    assert recipe.lstrip().startswith("@set -eu;")
    assert '-c "$$tmp/floors.txt"' in recipe and "pytest" in recipe.splitlines()[-1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "set -euo pipefail" in ci and "\nmake floors\n" in ci


# -- the wheel -------------------------------------------------------------------------------


def help_texts() -> str:
    """``hrtui --help`` and every ``hrtui COMMAND --help``, as printed."""
    from hrtui.cli import build_parser

    parser = build_parser()
    texts = [parser.format_help()]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            texts += [sub.format_help() for sub in action.choices.values()]
    assert len(texts) > 5
    return "\n".join(texts)


def referenced_files() -> set[str]:
    """Paths (inside the wheel) of every file the app loads or ``--help`` points to."""
    wanted = {f"hrtui/store/migrations/{p.name}" for p in (PKG / "store/migrations").glob("*.sql")}
    wanted |= {p.relative_to(ROOT).as_posix() for p in PKG.rglob("*.tcss")}
    for module in PKG.rglob("*.py"):  # CSS_PATH = "x.tcss", relative to its module
        for name in re.findall(r'CSS_PATH\s*=\s*"([^"]+)"', module.read_text(encoding="utf-8")):
            wanted.add((module.parent / name).relative_to(ROOT).as_posix())
    docs = set(DOC_REF.findall(help_texts()))
    docs |= set(DOC_REF.findall((ROOT / "README.md").read_text(encoding="utf-8")))
    assert "EXPORT.md" in docs  # `hrtui export --help` points to it
    wanted |= {f"{DOC_DIR}/{name}" for name in docs}
    return wanted


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    """The wheel built from a copy of the source (so no stale build/ folder leaks into it) by
    ``pip wheel --no-deps``; and what the build printed."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", ".*")
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("hrtui", "docs"):
        shutil.copytree(ROOT / name, source / name, ignore=skip)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp / "out")]
    if int(version("setuptools").split(".")[0]) >= 77:  # the dev extra brings it: offline
        command.append("--no-build-isolation")
    result = subprocess.run([*command, str(source)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = list((tmp / "out").glob("hrtui-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0], result.stdout + result.stderr


@pytest.mark.slow
def test_wheel_holds_every_file_the_app_and_help_refer_to(built):
    wheel, _ = built
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    data = next(n.split("/")[0] for n in names if ".data/" in n)
    inside = {
        n.removeprefix(f"{data}/data/") if n.startswith(f"{data}/data/") else n for n in names
    }
    wanted = referenced_files()
    assert any(w.endswith(".sql") for w in wanted) and any(w.endswith(".tcss") for w in wanted)
    assert sorted(wanted - inside) == []
    # and the code: every module of the package
    modules = {p.relative_to(ROOT).as_posix() for p in PKG.rglob("*.py")}
    assert sorted(modules - inside) == []


@pytest.mark.slow
def test_wheel_metadata_licence_and_a_quiet_build(built):
    wheel, output = built
    with zipfile.ZipFile(wheel) as archive:
        meta_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(meta_name).decode()
        licences = [n for n in archive.namelist() if n.endswith("/LICENSE")]
    assert "License-Expression: MIT" in metadata
    assert licences and "MIT License" in (ROOT / "LICENSE").read_text()
    assert re.search(r"^Requires-Dist: textual<9,>=8\.0\.0$", metadata, re.M), metadata
    assert re.search(r"^Requires-Dist: sqlcipher3>=0\.6\.2$", metadata, re.M)
    assert "Classifier: Operating System :: Microsoft :: Windows" in metadata
    assert "deprecat" not in output.lower(), output


def test_python_dash_m_hrtui_is_the_hrtui_command_with_the_one_version():
    result = subprocess.run(
        [sys.executable, "-m", "hrtui", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"hrtui {version('hrtui')}"
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert version("hrtui") == declared
    assert "__version__ =" not in (PKG / "__init__.py").read_text()  # no second copy
