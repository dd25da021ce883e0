"""The one way screens load and save data: a store function run in a thread worker.

``call_store(fn, *args, done=..., failed=...)`` runs ``fn(vault, *args)`` off the UI thread and
hands the result (or the error) back on the UI thread. Errors nobody handles are shown in one
place, as one line, never as a traceback and never with client data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import events, on
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen

T = TypeVar("T")


def describe_error(exc: BaseException) -> str:
    """One line for the user. Store errors carry their own; anything else gets a generic line
    (its text may quote SQL, so it is not shown)."""
    from hrtui.store.errors import Invalid, NotFound, VaultError

    if isinstance(exc, VaultError | NotFound):
        return str(exc)
    if isinstance(exc, Invalid):
        return "Please correct the highlighted fields."
    return f"Something went wrong while reading or writing the vault ({type(exc).__name__})."


class StoreCalls:
    """Mixin for screens that use the open vault."""

    app: Any

    @property
    def vault(self) -> Any:
        return self.app.vault

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Actions the client view does not offer are refused here, for every screen, pane and
        dialog (the rule: ``hrtui.app.CLIENT_VIEW_REFUSED``); hidden from the footer, F1 and
        the palette too. Subclasses that override this call ``super().check_action``."""
        refused = getattr(self.app, "refused_in_client_view", None)
        if refused is not None and refused(action):
            return False
        return super().check_action(action, parameters)  # type: ignore[misc]  # mixin: Widget comes later in MRO

    def call_store(
        self,
        fn: Callable[..., T],
        *args: Any,
        done: Callable[[T], object] | None = None,  # what it returns is ignored
        failed: Callable[[BaseException], bool] | None = None,
    ) -> None:
        """Run ``fn(vault, *args)`` in a thread; then ``done(result)`` on the UI thread.

        ``failed(exc)`` may handle an error and return True; otherwise it is reported.
        """
        vault = self.vault

        def work() -> None:
            try:
                result = fn(vault, *args)
            except Exception as exc:  # reported on the UI thread, never printed
                self.app.call_from_thread(self._store_failed, exc, failed)
            else:
                if done is not None:
                    self.app.call_from_thread(self._store_done, done, result)

        self.run_worker(work, thread=True, group="store", exit_on_error=False)  # type: ignore[attr-defined]  # mixin: a Widget method

    def _store_done(self, done: Callable[[T], object], result: T) -> None:
        # A result that arrives after the app locked is shown once it is unlocked again.
        def deliver() -> None:
            if self.is_attached:  # type: ignore[attr-defined]  # mixin: a Widget attribute
                done(result)

        self.app.after_unlock(deliver)

    def _store_failed(
        self, exc: BaseException, failed: Callable[[BaseException], bool] | None
    ) -> None:
        def deliver() -> None:
            if failed is not None and self.is_attached and failed(exc):  # type: ignore[attr-defined]  # mixin: a Widget attribute
                return
            self.app.notify(describe_error(exc), title="Not done", severity="error", timeout=8)

        self.app.after_unlock(deliver)


class VaultScreen(StoreCalls, Screen):
    """A full screen that works on the open vault."""

    HELP_TEXT = ""


class VaultModal(StoreCalls, ModalScreen[T]):
    """A dialog that works on the open vault. It has the key bar at the bottom, as every screen
    does: Help (F1) and Lock first, then the dialog's own keys."""

    HELP_TEXT = ""

    @on(events.Mount)
    def _key_bar(self) -> None:
        # (a handler of this class: Textual calls it as well as a subclass's on_mount)
        from hrtui.widgets.footer import Footer

        if not self.query(Footer):
            self.mount(Footer())


class VaultPane(StoreCalls, Vertical):
    """One section (tab) of a client's workspace. Subclasses compose their widgets, load data
    in :meth:`reload` with ``call_store``, and may set ``HELP_TEXT`` and ``BINDINGS`` (active
    while focus is inside the pane)."""

    HELP_TEXT = ""
    #: the heading of the pane's keys in F1 help
    KEYS_HEADING = "This tab"

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        #: ``vault.changes`` when this pane last asked the store for anything: a write made
        #: since (in another pane, a form, Ctrl+U) means what it shows may be out of date.
        self.loaded_at_changes = -1

    def on_mount(self) -> None:
        self.reload()

    def call_store(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> None:
        self.loaded_at_changes = getattr(self.vault, "changes", -1)
        super().call_store(fn, *args, **kwargs)

    def reload_if_stale(self) -> None:
        """Load again if anything was written since this pane last loaded (the workspace
        calls this when the pane's tab is shown). After an unlock the vault is a new one: its
        panes load again once, when shown. A pane still being mounted (the workspace prepares
        tabs in the background) is left alone: it loads in :meth:`on_mount`."""
        if not self.is_mounted:
            return
        if self.vault is not None and self.loaded_at_changes != self.vault.changes:
            self.reload()

    def reload(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError
