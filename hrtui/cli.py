"""The ``hrtui`` command: parse arguments, then open the app, write the demo, check or export.

Every failure ends as one line on stderr (``hrtui: …``) and an exit code from :data:`EPILOG`,
never a traceback. Heavy modules (SQLAlchemy, Textual) are imported only by the command that
needs them.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn

from hrtui import __version__, paths
from hrtui.store.errors import NotFound, VaultDamaged, VaultError, VaultMissing

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_CANNOT_OPEN = 3
EXIT_DAMAGED = 4
EXIT_NO_CLIENT = 5
EXIT_INTERRUPTED = 130

PASSPHRASE_ENV = "HRTUI_PASSPHRASE"

DESCRIPTION = "A keyboard-driven terminal app for harm-reduction counselors."

EPILOG = """\
commands:
  (none)   open the app on your vault (created on first run)
  demo     write a demo vault with fictional clients, then open it
  check    check that a vault opens and is not damaged
  export   print or write one client's record, or everyone's, as JSON or Markdown

The vault is --db PATH, else $HRTUI_DB, else hrtui.db in your user data folder.
Passphrase for check and export: --passphrase-file F (its first line), else
$HRTUI_PASSPHRASE, else asked for in the terminal.

exit codes:
  0    ok
  1    other error (e.g. the export file cannot be written)
  2    usage error, or no passphrase
  3    vault cannot be opened (missing, wrong passphrase, not a vault, too new)
  4    vault damaged / integrity check failed
  5    no such client
"""


class CliError(Exception):
    """A failure to report as one line with this exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line instead of the usage block
        raise CliError(f"{message} (see `hrtui --help`)", EXIT_USAGE)


def _seconds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of seconds: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def build_parser() -> argparse.ArgumentParser:
    # Defaults are SUPPRESS so that an option given before the command is not reset by the
    # command's own copy of it: ``hrtui --db X export`` and ``hrtui export --db X`` both work.
    vault_opts = argparse.ArgumentParser(add_help=False)
    vault_opts.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the vault file (default: $HRTUI_DB, else hrtui.db in your user data folder)",
    )
    app_opts = argparse.ArgumentParser(add_help=False)
    app_opts.add_argument(
        "--lock-after",
        metavar="SECONDS",
        type=_seconds,
        default=argparse.SUPPRESS,
        help="lock the app after this many seconds without a key press",
    )
    secret_opts = argparse.ArgumentParser(add_help=False)
    secret_opts.add_argument(
        "--passphrase-file",
        metavar="F",
        type=Path,
        default=argparse.SUPPRESS,
        help="read the passphrase from the first line of this file",
    )

    parser = _Parser(
        prog="hrtui",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[vault_opts, app_opts],
    )
    parser.add_argument("--version", action="version", version=f"hrtui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        parents=[vault_opts, app_opts],
        help="write a demo vault with fictional clients and open it",
        description="Write a demo vault with fictional clients (passphrase: demo, or "
        "$HRTUI_PASSPHRASE) and open it. The demo goes to --db, else demo.db beside your "
        "vault. It replaces only an earlier demo vault, never your real one.",
    )
    demo.add_argument(
        "--create-only", action="store_true", help="write the demo vault but do not open the app"
    )

    commands.add_parser(
        "check",
        parents=[vault_opts, secret_opts],
        help="check that a vault opens and is not damaged",
        description="Open the vault and run SQLCipher's and SQLite's integrity checks.",
    )

    export = commands.add_parser(
        "export",
        parents=[vault_opts, secret_opts],
        help="export one client's record, or everyone's",
        description="Export one client's record (--client CODE) or every client's, as JSON "
        "(see docs/EXPORT.md) or Markdown. The export is NOT encrypted.",
    )
    export.add_argument("--client", metavar="CODE", help="only this client (default: everyone)")
    export.add_argument(
        "--format", choices=["json", "markdown"], default="json", help="default: json"
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=Path,
        help="write to FILE, readable only by you (default: standard output)",
    )
    return parser


# -- helpers -------------------------------------------------------------------------------


def _say(message: str) -> None:
    print(f"hrtui: {message}", file=sys.stderr, flush=True)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _os_message(exc: OSError) -> str:
    what = exc.strerror or str(exc)
    return f"{exc.filename}: {what}" if exc.filename else what


def _read_passphrase_file(file: Path) -> str:
    try:
        with file.expanduser().open(encoding="utf-8", newline="") as fh:
            line = fh.readline()
    except OSError as exc:
        raise CliError(f"cannot read the passphrase file: {_os_message(exc)}", EXIT_USAGE) from None
    except UnicodeDecodeError:
        raise CliError(f"the passphrase file {file} is not UTF-8 text", EXIT_USAGE) from None
    if line.endswith("\n"):
        line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
    if not line:
        raise CliError(f"the passphrase file {file} has an empty first line", EXIT_USAGE)
    return line


def get_passphrase(args: argparse.Namespace, path: Path) -> str:
    """--passphrase-file, else $HRTUI_PASSPHRASE, else ask on a terminal; else exit 2."""
    file = getattr(args, "passphrase_file", None)
    if file is not None:
        return _read_passphrase_file(file)
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        return from_env
    if sys.stdin is not None and sys.stdin.isatty():
        typed = getpass.getpass(f"Passphrase for {path}: ")
        if typed:
            return typed
        raise CliError("no passphrase typed", EXIT_USAGE)
    raise CliError(
        f"No passphrase: set {PASSPHRASE_ENV}, use --passphrase-file, or run in a terminal.",
        EXIT_USAGE,
    )


def _target(args: argparse.Namespace) -> Path:
    """The vault file this command works on."""
    db = getattr(args, "db", None)
    return paths.demo_vault(db) if args.command == "demo" else paths.vault_path(db)


def _open_vault(args: argparse.Namespace) -> Any:
    from hrtui.store.vault import Vault

    path = _target(args)
    if not path.is_file():  # say so before asking for a passphrase
        raise VaultMissing(path)
    return Vault.open(path, get_passphrase(args, path))


def _write_stdout(text: str) -> None:
    data = text.encode("utf-8")
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep Python from
        # complaining again when it flushes stdout on exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        raise CliError("output closed before the export was fully written", EXIT_ERROR) from None


def write_private_file(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically, readable and writable only by the owner (0600).

    The text goes to a temporary file created 0600 in the same folder, is flushed to disk and
    then renamed over ``path``: a reader never sees half a file, and an existing file is
    replaced (its old permissions are not kept).
    """
    path = path.expanduser()
    folder = path.parent
    if not folder.is_dir():
        raise CliError(f"cannot write {path}: the folder {folder} does not exist", EXIT_ERROR)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return path


def _real_vault(path: Path) -> bool:
    """True if ``path`` is (or resolves to) the real vault, so the demo must not touch it."""
    for real in (paths.vault_path(), paths.default_vault()):
        if paths.same_file(path, real):
            return True
        with contextlib.suppress(OSError):
            if path.exists() and real.exists() and os.path.samefile(path, real):
                return True
    return False


def _run_app(path: Path, args: argparse.Namespace, **options: Any) -> int:
    from hrtui.app import run_app

    lock_after = getattr(args, "lock_after", None)
    if lock_after is not None:
        options["lock_after"] = lock_after
    result = run_app(path, **options)
    return int(result or 0)


# -- commands ------------------------------------------------------------------------------


def cmd_open(args: argparse.Namespace) -> int:
    return _run_app(_target(args), args)


def cmd_demo(args: argparse.Namespace) -> int:
    from hrtui.demo import DEMO_PASSPHRASE, prepare_demo

    path = _target(args)
    if _real_vault(path):
        raise CliError(
            f"{path} is your real vault; the demo will never overwrite it. "
            "Use --db to choose another file.",
            EXIT_CANNOT_OPEN,
        )
    from_env = os.environ.get(PASSPHRASE_ENV)
    prepare_demo(path, from_env or DEMO_PASSPHRASE)
    shown = f"passphrase from {PASSPHRASE_ENV}" if from_env else f"passphrase: {DEMO_PASSPHRASE}"
    print(f"Demo vault written to {path} ({shown})", flush=True)
    if args.create_only:
        return EXIT_OK
    return _run_app(path, args, demo=True)


def cmd_check(args: argparse.Namespace) -> int:
    vault = _open_vault(args)
    try:
        problems = vault.integrity_check()
        schema = vault.schema_version()
        cipher = vault.cipher_version().split()[0]
    finally:
        vault.close()
    if problems:
        count = len(problems)
        raise VaultDamaged(
            vault.path, f"the integrity check found {count} problem{'' if count == 1 else 's'}"
        )
    print(f"{vault.path}: sound (schema {schema}, SQLCipher {cipher})", flush=True)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from hrtui.export import export_data, to_json, to_markdown

    vault = _open_vault(args)
    try:
        data = export_data(vault, args.client)
    finally:
        vault.close()
    text = to_markdown(data) if args.format == "markdown" else to_json(data)
    if args.output is None:
        _write_stdout(text)
    else:
        written = write_private_file(args.output, text)
        print(
            f"Wrote {written}. It is NOT encrypted: keep it safe and delete it when done.",
            file=sys.stderr,
            flush=True,
        )
    return EXIT_OK


COMMANDS = {None: cmd_open, "demo": cmd_demo, "check": cmd_check, "export": cmd_export}


def main(argv: list[str] | None = None) -> int:
    """Run the ``hrtui`` command; returns the exit code."""
    args: argparse.Namespace | None = None
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK if exc.code is None else 1
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except CliError as exc:
        _say(str(exc))
        return exc.exit_code
    except NotFound as exc:
        _say(str(exc))
        return EXIT_NO_CLIENT
    except VaultError as exc:
        _say(str(exc))
        return exc.exit_code
    except OSError as exc:
        _say(_os_message(exc))
        return EXIT_ERROR
    except Exception as exc:
        mapped = None
        if args is not None and "hrtui.store.vault" in sys.modules:
            from hrtui.store.vault import explain_database_error

            mapped = explain_database_error(_target(args), exc)
        if mapped is not None:
            _say(str(mapped))
            return mapped.exit_code
        if os.environ.get("HRTUI_DEBUG"):
            raise
        _say(f"unexpected error ({type(exc).__name__}): {_one_line(str(exc))}")
        return EXIT_ERROR
