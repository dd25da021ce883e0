"""hrtui: a keyboard-driven terminal app for harm-reduction counselors."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """``hrtui.__version__``: the installed distribution's version, whose one source is
    pyproject.toml. Looked up on first use (importlib.metadata costs a little at start)."""
    if name != "__version__":
        raise AttributeError(f"module 'hrtui' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("hrtui")
    except PackageNotFoundError:  # run from a source tree that was never installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found
