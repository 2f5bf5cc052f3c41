"""Draws the application icon (resources/icons/sodanvan.png + .ico) with Pillow.

A red rounded square with a yellow five-pointed star above an open book —
simple shapes so it stays legible at 16x16.  Run once; the outputs are
committed, so builds do not need Pillow:

    python build_scripts/make_icon.py
"""
from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
RED = (200, 16, 46, 255)
YELLOW = (255, 205, 0, 255)
WHITE = (255, 255, 255, 255)


def star(cx, cy, r_out, r_in, n=5):
    pts = []
    for i in range(2 * n):
        r = r_out if i % 2 == 0 else r_in
        a = -math.pi / 2 + i * math.pi / n
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def draw(size: int = 1024) -> Image.Image:
    s = size
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0.03 * s, 0.03 * s, 0.97 * s, 0.97 * s), radius=0.18 * s, fill=RED)
    d.polygon(star(0.5 * s, 0.36 * s, 0.25 * s, 0.10 * s), fill=YELLOW)
    # open book: two pages meeting at the spine
    top, bottom = 0.62 * s, 0.86 * s
    d.polygon([(0.16 * s, top), (0.49 * s, top + 0.04 * s), (0.49 * s, bottom),
               (0.16 * s, bottom - 0.04 * s)], fill=WHITE)
    d.polygon([(0.84 * s, top), (0.51 * s, top + 0.04 * s), (0.51 * s, bottom),
               (0.84 * s, bottom - 0.04 * s)], fill=WHITE)
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw(1024)
    big.resize((256, 256), Image.LANCZOS).save(OUT / "sodanvan.png")
    sizes = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
    big.save(OUT / "sodanvan.ico", sizes=sizes)
    print("wrote", OUT / "sodanvan.png", OUT / "sodanvan.ico")


if __name__ == "__main__":
    main()
