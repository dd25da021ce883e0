"""The ``hrtui`` command: parse arguments, then open the app, write the demo, check, export,
back up, restore, change the passphrase or delete a client.

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
from pathlib import Path
from typing import Any, NoReturn

from hrtui import __version__, paths
from hrtui.files import write_private_file
from hrtui.hardening import forbid_core_dumps
from hrtui.store.errors import NotAVault, NotFound, VaultDamaged, VaultError, VaultMissing

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_CANNOT_OPEN = 3
EXIT_DAMAGED = 4
EXIT_NO_CLIENT = 5
EXIT_INTERRUPTED = 130

PASSPHRASE_ENV = "HRTUI_PASSPHRASE"
NEW_PASSPHRASE_ENV = "HRTUI_NEW_PASSPHRASE"

DESCRIPTION = "A keyboard-driven terminal app for harm-reduction counselors."

EPILOG = """\
commands:
  (none)              open the app on your vault (created on first run)
  demo                write a demo vault with fictional clients, then open it
  check               check that a vault opens and is not damaged
  export              print or write one client's record, or everyone's, as
                      JSON or Markdown; asks who receives it, why, and whether
                      the client consented (--recipient, --purpose, --consent),
                      and keeps that in the client's record
  backup DEST         write an encrypted, checked copy of the vault into the
                      folder DEST (as hrtui-backup-YYYYMMDD-HHMMSS.db), or to
                      the new file DEST
  restore BACKUP      check a backup, then put it in place of the vault; the
                      vault that was there is kept as <vault>.before-restore
  passwd              change the vault's passphrase
  delete-client CODE  delete one client and everything about them, for good

The vault is --db PATH, else $HRTUI_DB, else hrtui.db in your user data folder.
Passphrase for every command but demo: --passphrase-file F (its first line),
else $HRTUI_PASSPHRASE, else asked for in the terminal. For restore it is the
backup's passphrase. passwd takes the new passphrase from $HRTUI_NEW_PASSPHRASE,
else asks for it twice. restore asks before replacing the vault (--yes skips
the question); delete-client asks for the code again (--confirm CODE gives it);
export asks for --recipient, --purpose and --consent (a plan without them is
the client's own copy).
Without a terminal these must be given, or the command stops with exit code 2.
Close hrtui before restore or passwd: they need the vault to themselves.

exit codes:
  0    ok
  1    other error (e.g. the export file cannot be written, a backup failed,
       or you answered no)
  2    usage error, or no passphrase, or a confirmation that was not given
  3    vault cannot be opened (missing, wrong passphrase, not a vault, too new),
       or it is in use by another program
  4    vault damaged / integrity check failed
  5    no such client
"""


class CliError(Exception):
    """A failure to report as one line with this exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class _Parser(argparse.ArgumentParser):
    """One-line errors that never repeat what was typed where it was not expected: a value
    after a mistyped option (``--passphrase X``) may be a secret.

    Abbreviations are off: ``--passphrase X`` must not be taken for ``--passphrase-file X``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        self._typed = list(sys.argv[1:] if args is None else args)
        parsed, extras = self.parse_known_args(self._typed, namespace)
        if extras:
            self.error(_unrecognized(extras, set()))
        return parsed

    def error(self, message: str) -> NoReturn:  # one line instead of the usage block
        typed: list[str] = getattr(self, "_typed", [])
        if _unknown_options(typed, _option_names(self)):
            # e.g. ``--passphrase X``: X was taken for a command or an argument
            message = _unrecognized(typed, _option_names(self), count_others=False)
        elif "invalid choice" in message:  # argparse quotes the value: say only what was wanted
            head, _, choices = message.rpartition(" (choose from ")
            head = head.split("invalid choice", 1)[0] + "invalid choice"
            message = f"{head} (choose from {choices}" if choices else head
        raise CliError(f"{message} (see `hrtui --help`)", EXIT_USAGE)


def _option_names(parser: argparse.ArgumentParser) -> set[str]:
    """Every option string of ``parser`` and of its commands."""
    names = set(parser._option_string_actions)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                names |= _option_names(sub)
    return names


def _is_option(word: str) -> bool:
    return word.startswith("-") and word not in ("-", "--")


def _unknown_options(words: list[str], known: set[str]) -> list[str]:
    """The names of the options in ``words`` that are not in ``known``, without their values
    (``--x=value`` or the word after ``--x``, which is skipped even if it looks like an option).
    """
    names: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        name = word.split("=", 1)[0]
        if _is_option(word) and name not in known:
            names.append(name)
            skip = "=" not in word
    return list(dict.fromkeys(names))


def _unrecognized(words: list[str], known: set[str], *, count_others: bool = True) -> str:
    """Names the unknown options in ``words``, never their values or other stray words."""
    names = _unknown_options(words, known)
    parts = []
    if names:
        parts.append(f"unknown option{'s' if len(names) > 1 else ''} {', '.join(names)}")
    others = sum(1 for word in words if not _is_option(word))
    if count_others and others and not names:
        parts.append(f"{others} unexpected argument{'s' if others > 1 else ''} (not shown)")
    message = "; ".join(parts)
    if any(name.startswith("--pass") for name in names):
        message += f"; give the passphrase with --passphrase-file F or ${PASSPHRASE_ENV}"
    return message


def _seconds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of seconds: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def _option(*flags: str, **spec: Any) -> _Parser:
    """A parent parser holding one option, for the top level and each command that takes it.

    The default is SUPPRESS so that an option given before the command is not reset by the
    command's own copy of it: ``hrtui --db X export`` and ``hrtui export --db X`` both work.
    """
    group = _Parser(add_help=False, allow_abbrev=False)
    group.add_argument(*flags, default=argparse.SUPPRESS, **spec)
    return group


def build_parser() -> argparse.ArgumentParser:
    vault_opts = _option(
        "--db",
        metavar="PATH",
        help="the vault file (default: $HRTUI_DB, else hrtui.db in your user data folder)",
    )
    app_opts = _option(
        "--lock-after",
        metavar="SECONDS",
        type=_seconds,
        help="lock the app after this many seconds without a key press",
    )
    secret_opts = _option(
        "--passphrase-file",
        metavar="F",
        type=Path,
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

    def vault_command(name: str, **texts: Any) -> argparse.ArgumentParser:
        """A command on an existing vault: --db, and (unlike demo) --passphrase-file."""
        return commands.add_parser(name, parents=[vault_opts, secret_opts], **texts)

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

    vault_command(
        "check",
        help="check that a vault opens and is not damaged",
        description="Open the vault and run SQLCipher's and SQLite's integrity checks.",
    )

    export = vault_command(
        "export",
        help="export one client's record, or everyone's",
        description="Export one client's record (--client CODE) or every client's, as JSON "
        "(described in EXPORT.md: docs/ in the source, share/doc/hrtui/ where hrtui is installed) "
        "or Markdown. The export is NOT encrypted.",
    )
    export.add_argument("--client", metavar="CODE", help="only this client (default: everyone)")
    export.add_argument(
        "--format",
        choices=["json", "markdown", "plan", "tlfb"],
        default="json",
        help="default: json; plan: the client's take-home plan in Markdown, without counselor "
        "notes (needs --client); tlfb: the client's use log as a Timeline Followback CSV, one "
        "row per day and substance, every day recorded or not (needs --client)",
    )
    export.add_argument(
        "--from", dest="from_day", metavar="DATE", help="tlfb: first day (default: first entry)"
    )
    export.add_argument(
        "--to", dest="to_day", metavar="DATE", help="tlfb: last day (default: today)"
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=Path,
        help="write to FILE, readable only by you (default: standard output)",
    )
    add_disclosure_options(export)

    importer = vault_command(
        "import",
        help="import a client's use log from a Timeline Followback CSV",
        description="Import days of use into one client's log from a CSV with the header "
        "date,substance,amount,unit (optional note, route). Amount 0 is a day with no use of "
        "that substance; an empty substance with amount 0 a day with no use of anything. The "
        "whole file is checked first: one bad row and nothing is imported.",
    )
    importer.add_argument("--client", metavar="CODE", required=True, help="the client's code")
    importer.add_argument("file", metavar="FILE.csv", type=Path, help="the CSV file")

    backup = vault_command(
        "backup",
        help="write an encrypted, checked copy of the vault",
        description="Write an encrypted copy of the vault (same passphrase) with "
        "sqlcipher_export to a temporary file, flush it to disk, reopen and integrity-check it, "
        "then give it its name. An existing file is never overwritten.",
    )
    backup.add_argument(
        "dest",
        metavar="DEST",
        type=Path,
        help="a folder, e.g. a USB stick (the copy is named hrtui-backup-YYYYMMDD-HHMMSS.db), "
        "or the name of a new file",
    )

    restore = vault_command(
        "restore",
        help="put a backup back in place of the vault",
        description="Check that BACKUP opens with its passphrase and is sound, then put it "
        "in place of the vault. The vault that was there is kept as <vault>.before-restore "
        "(with its own passphrase). The restored vault opens with the backup's passphrase.",
    )
    restore.add_argument("backup", metavar="BACKUP", type=Path, help="the backup file")
    restore.add_argument(
        "--yes", action="store_true", help="do not ask before replacing (needed without a terminal)"
    )

    vault_command(
        "passwd",
        help="change the vault's passphrase",
        description="Change the vault's passphrase. The new one comes from "
        f"${NEW_PASSPHRASE_ENV}, else it is asked for twice. The vault is copied under the new "
        "passphrase, checked, and put in place in one step: interrupted at any moment, it "
        "opens with the old or the new passphrase. Backups keep the passphrase they were made "
        "with.",
    )

    delete = vault_command(
        "delete-client",
        help="delete one client and everything about them, permanently",
        description="Delete the client with this code and every record about them, for good "
        "(the freed space is overwritten). Their audit trail keeps only the dates of what "
        "happened and that the record was deleted. Backups made before still hold them.",
    )
    delete.add_argument("code", metavar="CODE", help="the client's code")
    delete.add_argument(
        "--confirm",
        metavar="CODE",
        help="the code again, to confirm without being asked (needed without a terminal)",
    )
    return parser


def add_disclosure_options(command: argparse.ArgumentParser) -> None:
    """Every export is a disclosure, kept in the client's record: who receives it, why, and
    whether the client consented. Asked for in a terminal when not given; without a terminal
    they must be given (a plan defaults to the client's own copy)."""
    command.add_argument(
        "--recipient", metavar="WHO", help="who receives the export (a person or a service)"
    )
    command.add_argument("--purpose", metavar="WHY", help="why it is given, e.g. a referral")
    command.add_argument(
        "--consent",
        choices=["yes", "no", "not-needed"],
        help="whether the client consented (not-needed: the client's own copy)",
    )


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
    if _interactive():
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


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _ask(prompt: str) -> str:
    """A line typed in the terminal ("" if input ends)."""
    try:
        return input(prompt)
    except EOFError:
        return ""


def get_new_passphrase() -> str:
    """$HRTUI_NEW_PASSPHRASE, else typed twice on a terminal; else exit 2. Never empty."""
    from_env = os.environ.get(NEW_PASSPHRASE_ENV)
    if from_env is not None:
        if not from_env:
            raise CliError(
                f"{NEW_PASSPHRASE_ENV} is empty; a passphrase cannot be empty", EXIT_USAGE
            )
        return from_env
    if not _interactive():
        raise CliError(
            f"No new passphrase: set {NEW_PASSPHRASE_ENV}, or run in a terminal.", EXIT_USAGE
        )
    from hrtui.domain.passphrase import strength_hint

    first = getpass.getpass("New passphrase: ")
    if not first:
        raise CliError("no new passphrase typed; nothing was changed", EXIT_USAGE)
    level, advice = strength_hint(first)
    if level == "weak":
        print(advice, file=sys.stderr, flush=True)
    if getpass.getpass("The new passphrase again: ") != first:
        raise CliError("the two new passphrases differ; nothing was changed", EXIT_USAGE)
    return first


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
    """Check the vault without changing it: an older schema is reported, not upgraded (the
    app upgrades it when it opens the vault), so a backup can be checked as it is."""
    from hrtui.store.schema import SCHEMA_VERSION
    from hrtui.store.vault import check_file

    path = _target(args)
    if not path.is_file():  # say so before asking for a passphrase
        raise VaultMissing(path)
    found = check_file(path, get_passphrase(args, path))
    if found.schema_version == 0:
        raise NotAVault(path, "it holds no hrtui data")
    if found.problems:
        count = len(found.problems)
        raise VaultDamaged(
            path, f"the integrity check found {count} problem{'' if count == 1 else 's'}"
        )
    schema = f"schema {found.schema_version}"
    if found.schema_version < SCHEMA_VERSION:
        schema += f", upgraded to {SCHEMA_VERSION} when the app opens it"
    elif found.schema_version > SCHEMA_VERSION:
        schema += f", newer than this hrtui ({SCHEMA_VERSION}): update hrtui to open it"
    cipher = found.cipher_version.split()[0]
    print(f"{path}: sound ({schema}, SQLCipher {cipher})", flush=True)
    return EXIT_OK


def get_disclosure(args: argparse.Namespace) -> Any:
    """Who receives the export, why, and consent (:class:`DisclosureInput`): the options, else
    asked in a terminal; without a terminal a missing one stops with exit code 2, except for a
    plan, which is then the client's own copy. See docs/export-sessions.md."""
    from hrtui.domain.sessions import (
        DisclosureInput,
        own_copy,
        parse_consent,
        validate_disclosure,
    )

    recipient, purpose, consent = args.recipient, args.purpose, args.consent
    nothing_given = recipient is None and purpose is None and consent is None
    if nothing_given and args.format == "plan" and not _interactive():
        return own_copy()
    missing = [n for n, v in (("--recipient", recipient), ("--purpose", purpose),
                              ("--consent", consent)) if v is None]  # fmt: skip
    if missing and not _interactive():
        raise CliError(
            "an export is a disclosure, kept in the client's record: add "
            f"{', '.join(missing)} (who receives it, why, and whether the client consented: "
            "yes, no or not-needed)",
            EXIT_USAGE,
        )
    if recipient is None:
        recipient = _ask("Who receives this export (a person or a service)? ")
    if purpose is None:
        purpose = _ask("Why is it given (e.g. a referral, the client's request)? ")
    if consent is None:
        consent = _ask("Did the client consent? [yes / no / not needed] ")
    try:
        consent = parse_consent(consent)
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    checked, errors = validate_disclosure(DisclosureInput(recipient, purpose, consent))
    if errors:
        raise CliError(" ".join(errors.values()), EXIT_USAGE)
    return checked


def record_disclosure(vault: Any, args: argparse.Namespace, disclosure: Any) -> list[int]:
    """Keep the export in the disclosures of the client exported (or of every client); the
    ids of the disclosures recorded."""
    from hrtui.store.clients import find_client, list_clients
    from hrtui.store.sessions import record_disclosures

    clients = [find_client(vault, args.client)] if args.client else list_clients(vault)
    ids = [c.id for c in clients if c.id is not None]
    return [d.id for d in record_disclosures(vault, ids, args.format, disclosure)]


def _write_output(vault: Any, args: argparse.Namespace, text: str, recorded: list[int]) -> None:
    """Write the export to ``-o`` (or stdout). When the file cannot be written, the
    disclosures just ``recorded`` for it are withdrawn, as the app does: nothing was given."""
    if args.output is None:
        _write_stdout(text)
        return
    try:
        written = write_private_file(args.output, text)
    except OSError:
        from hrtui.store.sessions import withdraw_disclosures

        withdraw_disclosures(vault, recorded)
        raise
    print(
        f"Wrote {written}. It is NOT encrypted: keep it safe and delete it when done.",
        file=sys.stderr,
        flush=True,
    )


#: Formats whose export call records the disclosure itself; any other format's export is
#: recorded by :func:`cmd_export` after it is made.
RECORDED_BY_EXPORT = ("json", "markdown", "plan")


def cmd_export(args: argparse.Namespace) -> int:
    from hrtui.export import export_data, to_json, to_markdown

    if args.format == "plan" and not args.client:
        raise CliError("--format plan needs --client CODE (a plan is one client's)", EXIT_USAGE)
    # every export is a disclosure, kept in the client's record (docs/export-sessions.md)
    disclosure = args.disclosure = get_disclosure(args)
    if args.format == "tlfb":
        return _export_tlfb(args)
    vault = _open_vault(args)
    recorded: list[int] = []
    try:
        if args.format == "plan":  # the client's take-home plan (see docs/export-goals.md)
            from hrtui.client_plan import plan_for_code
            from hrtui.store.clients import find_client
            from hrtui.store.sessions import list_disclosures

            client_id = find_client(vault, args.client).id
            assert client_id is not None  # a stored client
            before = {d.id for d in list_disclosures(vault, client_id)}
            text = plan_for_code(vault, args.client, disclosure=disclosure)
            recorded = [d.id for d in list_disclosures(vault, client_id) if d.id not in before]
        else:
            data = export_data(vault, args.client, disclosure, what=args.format,
                               recorded=recorded)  # fmt: skip
            text = to_markdown(data) if args.format == "markdown" else to_json(data)
        if args.format not in RECORDED_BY_EXPORT:
            recorded += record_disclosure(vault, args, disclosure)
        _write_output(vault, args, text, recorded)
    finally:
        vault.close()
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from hrtui.store.maintenance import backup

    def progress(done: int, total: int) -> None:
        if done == 0 and sys.stderr.isatty():
            print(f"Copying {total} pages…", file=sys.stderr, flush=True)

    vault = _open_vault(args)
    try:
        written = backup(vault, args.dest, progress)
    finally:
        vault.close()
    print(f"Backup written to {written} and checked (encrypted, same passphrase).", flush=True)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from hrtui.store.maintenance import inspect_backup, refuse_if_open, restore

    target = _target(args)
    source = args.backup.expanduser()
    if not source.is_file():
        raise CliError(f"No backup at {source}.", EXIT_CANNOT_OPEN)
    if not args.yes and not _interactive():
        raise CliError(
            "restore replaces the vault: add --yes to confirm when not in a terminal", EXIT_USAGE
        )
    refuse_if_open(target)  # before any question: an open hrtui would go on saving elsewhere
    passphrase = get_passphrase(args, source)
    check = inspect_backup(source, passphrase)
    count = check.counts.get("client", 0)
    if not args.yes:
        print(f"{source} is sound: {count} client{'' if count == 1 else 's'}.")
        what = f"the vault at {target}" if target.exists() else f"a new vault at {target}"
        answer = _ask(f"Put it in place as {what}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            raise CliError("restore cancelled; nothing was changed", EXIT_ERROR)
    result = restore(source, target, passphrase)
    kept = f" The vault that was there is kept as {result.kept}." if result.kept else ""
    print(
        f"Restored {source} to {target} ({result.clients} client"
        f"{'' if result.clients == 1 else 's'}, checked). It opens with the backup's "
        f"passphrase.{kept}",
        flush=True,
    )
    return EXIT_OK


def cmd_passwd(args: argparse.Namespace) -> int:
    from hrtui.store.maintenance import change_passphrase, refuse_if_open
    from hrtui.store.vault import open_keyed

    path = _target(args)
    if not path.is_file():
        raise VaultMissing(path)
    refuse_if_open(path)  # before the passphrases are asked for
    old = get_passphrase(args, path)
    open_keyed(path, old).close()  # a wrong passphrase stops here, before the new one is asked
    new = get_new_passphrase()
    if new == old:
        raise CliError("the new passphrase is the same as the current one", EXIT_USAGE)
    change_passphrase(path, old, new)
    print(
        f"Passphrase changed for {path}. Backups made earlier keep their old passphrase.",
        flush=True,
    )
    return EXIT_OK


def cmd_delete_client(args: argparse.Namespace) -> int:
    from hrtui.store.clients import find_client
    from hrtui.store.errors import Invalid
    from hrtui.store.maintenance import delete_client

    if args.confirm is None and not _interactive():
        raise CliError(
            "deleting a client needs the code typed again: add --confirm CODE when not in a "
            "terminal",
            EXIT_USAGE,
        )
    vault = _open_vault(args)
    try:
        client = find_client(vault, args.code)
        typed = args.confirm
        if typed is None:
            print(
                f"This deletes client {client.code} and everything recorded about them, "
                "permanently. Backups made earlier still hold them."
            )
            typed = _ask(f"Type the code {client.code} to confirm: ")
        try:
            assert client.id is not None  # a stored client
            result = delete_client(vault, client.id, typed)
        except Invalid:
            raise CliError(
                f"that is not the code {client.code}; nothing was deleted", EXIT_USAGE
            ) from None
    finally:
        vault.close()
    print(f"Deleted client {result.code} and everything recorded about them.", flush=True)
    return EXIT_OK


def _tlfb_day(text: str | None, option: str) -> Any:
    from datetime import date

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option} {text}: write the date as YYYY-MM-DD", EXIT_USAGE) from None


def _export_tlfb(args: argparse.Namespace) -> int:
    """The client's use log as a TLFB CSV (see hrtui/domain/tlfb.py)."""
    from hrtui.store.clients import find_client
    from hrtui.store.errors import Invalid
    from hrtui.store.tlfb import export_tlfb

    if not args.client:
        raise CliError(
            "--format tlfb needs --client CODE (a TLFB file is one client's)", EXIT_USAGE
        )
    first = _tlfb_day(getattr(args, "from_day", None), "--from")
    last = _tlfb_day(getattr(args, "to_day", None), "--to")
    vault = _open_vault(args)
    try:
        client = find_client(vault, args.client)
        assert client.id is not None
        try:
            text = export_tlfb(vault, client.id, first, last)
        except Invalid as exc:
            raise CliError(next(iter(exc.errors.values())), EXIT_USAGE) from None
        recorded: list[int] = []
        if getattr(args, "disclosure", None) is not None:  # asked for by cmd_export
            recorded = record_disclosure(vault, args, args.disclosure)
        _write_output(vault, args, text, recorded)
    finally:
        vault.close()
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Import a TLFB CSV into one client's log: all of it, or nothing."""
    from hrtui.domain.tlfb import TlfbProblem
    from hrtui.store.clients import find_client
    from hrtui.store.tlfb import import_tlfb

    try:
        text = args.file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CliError(
            f"{args.file}: not a UTF-8 text file; nothing imported", EXIT_ERROR
        ) from None
    vault = _open_vault(args)
    try:
        client = find_client(vault, args.client)
        assert client.id is not None
        try:
            count = import_tlfb(vault, client.id, text)
        except TlfbProblem as exc:
            raise CliError(f"{args.file}: {exc}; nothing imported", EXIT_ERROR) from None
    finally:
        vault.close()
    print(f"Imported {count} entr{'y' if count == 1 else 'ies'} for {client.code}.", flush=True)
    return EXIT_OK


COMMANDS = {
    None: cmd_open,
    "demo": cmd_demo,
    "check": cmd_check,
    "export": cmd_export,
    "import": cmd_import,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "passwd": cmd_passwd,
    "delete-client": cmd_delete_client,
}


def main(argv: list[str] | None = None) -> int:
    """Run the ``hrtui`` command; returns the exit code."""
    forbid_core_dumps()  # first: nothing secret is in memory yet
    args: argparse.Namespace | None = None
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK if exc.code is None else 1
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except (CliError, VaultError) as exc:  # each carries its own exit code
        _say(str(exc))
        return exc.exit_code
    except NotFound as exc:
        _say(str(exc))
        return EXIT_NO_CLIENT
    except OSError as exc:
        _say(_os_message(exc))
        return EXIT_ERROR
    except Exception as exc:
        mapped = None
        if args is not None and "hrtui.store.vault" in sys.modules:
            from hrtui.store.diagnose import explain_database_error

            mapped = explain_database_error(_target(args), exc)
        if mapped is not None:
            _say(str(mapped))
            return mapped.exit_code
        if os.environ.get("HRTUI_DEBUG"):
            raise
        _say(f"unexpected error ({type(exc).__name__}): {_one_line(str(exc))}")
        return EXIT_ERROR
