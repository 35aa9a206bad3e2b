"""Render an idea as a PNG card with Pillow.

Rendering is CPU work that would stall the event loop for tens of milliseconds,
so the bot calls :func:`render_card` through ``to_thread``, never directly.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

__all__ = ["render_card"]

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
TOP, BOTTOM = (32, 40, 88), (88, 101, 242)  # night blue into Discord blurple
INK, MUTED = (255, 255, 255), (200, 206, 255)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def render_card(idea_id: int, text: str) -> bytes:
    """A 1200x630 PNG: the idea's number, its text wrapped to fit, and a footer."""
    image = _background()
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, MARGIN - 10), f"IDEA #{idea_id}", font=_font(40, bold=True), fill=MUTED)
    size, lines = _fit(draw, text, WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN - 140)
    font = _font(size)
    y = MARGIN + 70
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += int(size * 1.3)
    footer = "react with a thumbs up to vote  ·  .idea add <yours>"
    draw.text((MARGIN, HEIGHT - MARGIN), footer, font=_font(28), fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _background() -> Image.Image:
    # A vertical gradient: one 1-pixel-wide column, stretched across the card.
    column = Image.new("RGB", (1, HEIGHT))
    for y in range(HEIGHT):
        t = y / (HEIGHT - 1)
        rgb = tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM, strict=True))
        column.putpixel((0, y), rgb)
    return column.resize((WIDTH, HEIGHT))


def _fit(draw: ImageDraw.ImageDraw, text: str, width: int, height: int) -> tuple[int, list[str]]:
    """The largest font size (64 down to 24) whose wrapped lines fit the box."""
    for size in range(64, 23, -4):
        lines = _wrap(draw, text, _font(size), width)
        if len(lines) * size * 1.3 <= height:
            return size, lines
    return 24, _wrap(draw, text, _font(24), width)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _font(size: int, bold: bool = False) -> Font:
    """DejaVu Sans when the system has it (Pillow searches the font folders), else Pillow's own.

    Not cached: a FreeType face is not safe to share between threads, and two cards
    may render at once.
    """
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        return ImageFont.load_default(size)
