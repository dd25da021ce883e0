"""Textual's Footer, rebuilt only when what it shows changes.

Textual's Footer rebuilds all its key widgets whenever the screen's bindings are updated: on
every focus change, even when the same keys are shown. Each rebuild creates and styles a
widget per key, about 10 ms on a modest machine, several times over while a screen opens. This
Footer compares what it would show with what it shows and skips the rebuild when they match.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """A drop-in Footer that rebuilds only when its keys, labels or states change."""

    _shown: Any = None

    def _signature(self) -> Any:
        palette = self.app.COMMAND_PALETTE_BINDING
        return (
            getattr(self, "_bindings_ready", True),
            self.compact,
            self.show_command_palette,
            tuple(
                (binding, enabled, tooltip)
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == palette
            ),
        )

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        signature = self._signature()
        if signature == self._shown and self.children:
            return
        self._shown = signature
        await super().recompose()
