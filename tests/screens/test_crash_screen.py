"""After an unexpected error the terminal keeps only the one crash line: the last frame (names,
notes) is erased, also where there is no alternate screen to leave (GNU screen, tmux with
alternate-screen off). Checked by hand under tmux; here on what the app writes."""

from __future__ import annotations

import pytest
from helpers import vault_with_clients

from hrtui.app import CRASH_LINE
from hrtui.domain.clients import ClientInput

from .pilot import SIZE, make_app, screen_text, unlock

PASS = "crash pass phrase"


async def test_an_unexpected_error_erases_every_row_of_the_screen_first(tmp_path, capsys):
    path = tmp_path / "v.db"
    vault_with_clients(path, PASS, ClientInput("RIV-07", "Marisol", note="Private remark"))
    app = make_app(path)
    written: list[str] = []
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=SIZE) as pilot:
            await unlock(pilot, PASS)
            assert "Marisol" in screen_text(app)
            real_write = app._driver.write
            app._driver.write = lambda data: (written.append(data), real_write(data))[1]
            app.call_later(lambda: 1 / 0)
            await pilot.pause()
    assert app.return_code == 1
    _, height = SIZE
    erased = [i for i, data in enumerate(written) if "\x1b[1;1H\x1b[2K" in data]
    assert erased, "the screen was not erased"
    erase = written[erased[-1]]
    for row in range(1, height + 1):
        assert f"\x1b[{row};1H\x1b[2K" in erase
    assert "\x1b[2J" not in erase  # a whole-screen clear goes into tmux's history
    assert not any("Marisol" in data for data in written[erased[-1] :])  # not drawn again
    assert CRASH_LINE in " ".join(capsys.readouterr().err.split())
