"""Render an HWPX file with rhwp, a renderer independent of 한글 and of python-hwpx, and print
what it made of it as JSON: the page count, the paragraphs it read, and the PNG files written.

    python scripts/rhwp_render.py FILE.hwpx [OUTPUT_DIR] [--dpi 60]

rhwp-python 0.8's manylinux wheel bundles a FreeType older than the code it ships needs
(``undefined symbol: FT_Palette_Data_Get`` on import), so :func:`run` starts this script with
the system's FreeType preloaded (Debian's libfreetype6 2.12). Used by bench/hwpx.py for its
screenshots and by tests/report/test_hwpx_rhwp.py; nothing in the portal depends on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SYSTEM_FREETYPE = Path("/usr/lib/x86_64-linux-gnu/libfreetype.so.6")


class Unavailable(RuntimeError):
    """rhwp cannot run here; the message says why."""


def run(path: Path, out: Path | None = None, *, dpi: int = 60, timeout: int = 300) -> dict:
    """What rhwp makes of ``path``: ``{"pages": n, "paragraphs": [...], "images": [...]}``."""
    if not SYSTEM_FREETYPE.exists():
        raise Unavailable(f"{SYSTEM_FREETYPE}가 없어 rhwp를 쓸 수 없습니다 (libfreetype6).")
    command = [sys.executable, __file__, str(path), *([str(out)] if out else []), f"--dpi={dpi}"]
    env = {**os.environ, "LD_PRELOAD": str(SYSTEM_FREETYPE)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)
    if done.returncode == 3:
        raise Unavailable(done.stdout.strip())
    if done.returncode != 0:
        raise RuntimeError(f"rhwp failed on {path}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--dpi=")]
    dpi = next((int(a.split("=")[1]) for a in sys.argv[1:] if a.startswith("--dpi=")), 60)
    try:
        import rhwp
    except ImportError as error:
        print(f"rhwp-python을 불러올 수 없습니다: {error}")
        sys.exit(3)
    source = Path(arguments[0])
    document = rhwp.parse(str(source))
    images = []
    if len(arguments) > 1:
        out = Path(arguments[1])
        out.mkdir(parents=True, exist_ok=True)
        for page in range(document.page_count):
            image = out / f"{source.stem}-{page + 1:02d}.png"
            image.write_bytes(document.render_png(page, dpi=dpi))
            images.append(str(image))
    print(
        json.dumps(
            {
                "version": rhwp.version(),
                "core": rhwp.rhwp_core_version(),
                "pages": document.page_count,
                "paragraphs": document.paragraphs(),
                "images": images,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
