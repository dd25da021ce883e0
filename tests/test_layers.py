"""Layering rules: store/domain never pull in Textual, screens never build SQL, no logging."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import hrtui

PKG = Path(hrtui.__file__).resolve().parent
OPTIONAL = ["export", "demo"]  # imported only if the module exists


def module_exists(name: str) -> bool:
    return (PKG / f"{name}.py").is_file() or (PKG / name / "__init__.py").is_file()


def test_store_and_domain_do_not_import_textual():
    optional = [f"hrtui.{n}" for n in OPTIONAL if module_exists(n)]
    code = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys
        import hrtui.store, hrtui.store.clients, hrtui.store.models, hrtui.domain
        names = []
        for pkg in (hrtui.store, hrtui.domain):
            for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
                names.append(info.name)
        names += {optional!r}
        for name in names:
            importlib.import_module(name)
        assert "hrtui.store.vault" in sys.modules and "hrtui.domain.clients" in sys.modules
        bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        print("IMPORTED", len(names))
        print("TEXTUAL", bad)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "TEXTUAL []" in result.stdout, result.stdout
    imported = int(result.stdout.split("IMPORTED")[1].split()[0])
    assert imported >= 7  # store: clients errors models schema vault; domain: clients ...


def test_textual_detection_works():
    """The check above would notice Textual if something imported it."""
    code = "import sys, textual.app; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "True", result.stderr


# -- static checks ----------------------------------------------------------------------------


def py_files(*subdirs: str) -> list[Path]:
    out: list[Path] = []
    for sub in subdirs:
        d = PKG / sub
        if d.is_dir():
            out += sorted(d.rglob("*.py"))
    return out


def imported_roots(tree: ast.AST) -> set[str]:
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            roots.add(node.args[0].value.split(".")[0])
    return roots


SQL_LIBS = {"sqlalchemy", "sqlmodel", "sqlite3", "sqlcipher3"}


def sql_problems(source: str) -> set[str]:
    return imported_roots(ast.parse(source)) & SQL_LIBS


def test_sql_checker_catches_violations():
    assert sql_problems("from sqlmodel import select") == {"sqlmodel"}
    assert sql_problems("import sqlalchemy.orm as orm") == {"sqlalchemy"}
    assert sql_problems("def f():\n    from sqlalchemy import text") == {"sqlalchemy"}
    assert sql_problems("from hrtui.store import clients") == set()


@pytest.mark.parametrize("path", py_files("screens", "widgets"), ids=lambda p: p.name)
def test_ui_does_not_build_sql(path):
    """Screens and widgets call store functions (in workers); they never import SQL libraries."""
    assert sql_problems(path.read_text(encoding="utf-8")) == set(), path


LOG_LIBS = {"logging", "loguru", "structlog"}


def output_problems(source: str) -> list[str]:
    tree = ast.parse(source)
    found = [f"import {m}" for m in imported_roots(tree) & LOG_LIBS]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in ("print", "breakpoint"):
                found.append(f"{f.id}() at line {node.lineno}")
            # sys.stdout.write / sys.stderr.write / print_exc / pprint
            if isinstance(f, ast.Attribute) and f.attr in ("print_exc", "print_exception"):
                found.append(f"{f.attr}() at line {node.lineno}")
            if (
                isinstance(f, ast.Attribute)
                and f.attr == "write"
                and isinstance(f.value, ast.Attribute)
                and f.value.attr in ("stdout", "stderr")
            ):
                found.append(f"{f.value.attr}.write() at line {node.lineno}")
        elif isinstance(node, ast.Name) and node.id in ("logging", "logger"):
            found.append(f"{node.id} at line {node.lineno}")
    return found


def test_output_checker_catches_violations():
    assert output_problems("print(client.note)")
    assert output_problems("import logging\nlog = logging.getLogger(__name__)")
    assert output_problems("def f(x):\n    logger.info(x)")
    assert output_problems("import sys\nsys.stderr.write('x')")
    # a docstring mentioning logging is fine
    assert output_problems('"""SQLCipher stderr logging off."""\nx = 1') == []


STORE_DOMAIN = py_files("store", "domain")


def test_there_are_store_and_domain_files():
    names = {p.name for p in STORE_DOMAIN}
    assert {"vault.py", "schema.py", "clients.py", "passphrase.py"} <= names


@pytest.mark.parametrize("path", STORE_DOMAIN, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_store_and_domain_never_print_or_log(path):
    """Client data must not end up in logs or on the terminal behind the UI."""
    assert output_problems(path.read_text(encoding="utf-8")) == [], path
