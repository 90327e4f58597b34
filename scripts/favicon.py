"""Draws the portal's icon (a page of a plan on the KRDS blue) as static/favicon.svg, which
browsers show in the tab, and static/favicon.ico, for those that ask for /favicon.ico (config/
favicon.py answers there). One list of shapes makes both, so they cannot drift apart.

    .venv/bin/python scripts/favicon.py

Pillow draws the .ico (it comes with WeasyPrint); the files are committed, so nothing runs this
but a change of the icon."""

from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parent.parent / "static"
GRID = 32  # the shapes' coordinates, on a 32 × 32 square
BLUE = "#256ef4"  # KRDS primary, as the portal's pages use it (static/css/portal.css)
FOLD = "#b7cdfb"

BACKGROUND = {"radius": 6, "fill": BLUE}
POLYGONS = [
    ([(9, 5), (19, 5), (24, 10), (24, 27), (9, 27)], "#ffffff"),  # the page
    ([(19, 5), (19, 10), (24, 10)], FOLD),  # its folded corner
]
RECTANGLES = [  # three lines of text: x, y, width, height
    ((12, 14, 9, 2), BLUE),
    ((12, 18, 9, 2), BLUE),
    ((12, 22, 6, 2), BLUE),
]
ICO_SIZES = [(16, 16), (32, 32), (48, 48)]


def svg() -> str:
    shapes = [
        f'<rect width="{GRID}" height="{GRID}" rx="{BACKGROUND["radius"]}" '
        f'fill="{BACKGROUND["fill"]}"/>'
    ]
    for points, fill in POLYGONS:
        path = " ".join(f"{x},{y}" for x, y in points)
        shapes.append(f'<polygon points="{path}" fill="{fill}"/>')
    for (x, y, width, height), fill in RECTANGLES:
        shapes.append(f'<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="{fill}"/>')
    body = "\n  ".join(shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}">\n'
        f"  <title>업무계획 포털</title>\n  {body}\n</svg>\n"
    )


def ico(path: Path) -> None:
    scale = 8  # drawn large, then scaled down for smooth edges
    size = GRID * scale
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        (0, 0, size - 1, size - 1), radius=BACKGROUND["radius"] * scale, fill=BACKGROUND["fill"]
    )
    for points, fill in POLYGONS:
        draw.polygon([(x * scale, y * scale) for x, y in points], fill=fill)
    for (x, y, width, height), fill in RECTANGLES:
        box = (x * scale, y * scale, (x + width) * scale - 1, (y + height) * scale - 1)
        draw.rectangle(box, fill=fill)
    image.save(path, format="ICO", sizes=ICO_SIZES)


if __name__ == "__main__":
    (STATIC / "favicon.svg").write_text(svg(), encoding="utf-8")
    ico(STATIC / "favicon.ico")
    print(f"{STATIC / 'favicon.svg'}, {STATIC / 'favicon.ico'}")
