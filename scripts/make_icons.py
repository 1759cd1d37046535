"""Draw the app icons (home-screen icons of the web app manifest) locally with Pillow.

Run once after changing the design: ``.venv/bin/python scripts/make_icons.py``.
The PNGs are committed; the build never draws or fetches them.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "docs" / "assets" / "images"
INDIGO = (63, 81, 181, 255)  # the theme's primary colour (indigo)
WHITE = (255, 255, 255, 255)
TEAL = (0, 150, 136, 255)    # the theme's accent colour


def icon(size: int, maskable: bool) -> Image.Image:
    """The site icon at ``size`` pixels (``maskable``: full-bleed background for Android)."""
    scale = 4  # draw large, then shrink: smooth edges
    s = size * scale
    img = Image.new("RGBA", (s, s), INDIGO if maskable else (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if not maskable:
        d.rounded_rectangle([0, 0, s - 1, s - 1], radius=s // 6, fill=INDIGO)
    # a clipboard (safe zone: the middle 60 % for maskable icons)
    m = s * (0.25 if maskable else 0.2)
    board = [m, m * 1.15, s - m, s - m * 0.8]
    d.rounded_rectangle(board, radius=s // 24, fill=WHITE)
    clip_w = (board[2] - board[0]) * 0.45
    cx = s / 2
    d.rounded_rectangle([cx - clip_w / 2, board[1] - s * 0.05, cx + clip_w / 2, board[1] + s * 0.06],
                        radius=s // 40, fill=TEAL)
    # a cross in the middle of the board
    cy = (board[1] + board[3]) / 2 + s * 0.03
    arm, bar = s * 0.15, s * 0.055
    d.rectangle([cx - bar, cy - arm, cx + bar, cy + arm], fill=INDIGO)
    d.rectangle([cx - arm, cy - bar, cx + arm, cy + bar], fill=INDIGO)
    return img.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    icon(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    print("wrote", sorted(p.name for p in OUT.glob("*.png")))
