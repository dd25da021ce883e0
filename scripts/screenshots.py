"""Write SVG screenshots of each main screen into screenshots/, driven headless on demo data.

Run with `make screenshots`. Everything shown is the fictional demo vault.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hrtui.app import HrtuiApp  # noqa: E402
from hrtui.demo import DEMO_PASSPHRASE, build_demo  # noqa: E402

OUT = ROOT / "screenshots"
SIZE = (80, 24)


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def save(app: HrtuiApp, name: str) -> None:
    app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
    print(f"screenshots/{name}.svg")


async def shoot(workdir: Path) -> None:
    OUT.mkdir(exist_ok=True)
    app = HrtuiApp(workdir / "new.db")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"tide", "space", *"lantern")
        await pilot.pause()
        save(app, "create-vault")

    demo = workdir / "demo.db"
    build_demo(demo, DEMO_PASSPHRASE)
    app = HrtuiApp(demo, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        save(app, "unlock")
        await pilot.press(*DEMO_PASSPHRASE, "enter")
        await settle(pilot)
        save(app, "roster")
        await pilot.press("ctrl+n")
        await pilot.pause()
        save(app, "client-form")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press(*"riv", "enter")  # RIV-07 has something in every area
        await settle(pilot)
        save(app, "workspace")
        await pilot.press("f1")
        await pilot.pause()
        save(app, "help")
        await pilot.press("escape")
        for key, name in (("f3", "intake"), ("f4", "goals"), ("f5", "uselog-progress")):
            await pilot.press(key)
            await settle(pilot)
            save(app, name)
        await pilot.press("ctrl+u")
        await settle(pilot)
        save(app, "uselog-entry")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f5", "ctrl+g")
        await settle(pilot)
        save(app, "uselog-calendar")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        save(app, "reviews")
        await pilot.press("enter")
        await settle(pilot)
        save(app, "review-worksheet")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        save(app, "timeline")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(shoot(Path(tmp)))


if __name__ == "__main__":
    main()
