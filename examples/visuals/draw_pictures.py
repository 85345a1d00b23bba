"""Draws this example's two pictures with Pillow: content/pictures/harbour-bridge.jpg (the lead art, an illustration
of a closed bridge at dusk) and content/pictures/detour.png (a diagram of the ways across). They are the project's
own drawings, published under CC BY 4.0 (see content/pictures.yaml). Run it from anywhere; it writes the same bytes
each time."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent / "content" / "pictures"


def blend(top: tuple[int, int, int], bottom: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    r, g, b = (round(a + (z - a) * share) for a, z in zip(top, bottom))
    return r, g, b


def harbour_bridge(width: int = 1600, height: int = 900) -> Image.Image:
    """A suspension bridge over a harbour at dusk, a barrier across its deck."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    water = int(height * 0.68)
    for y in range(water):  # the sky, from deep blue to a warm horizon
        draw.line([(0, y), (width, y)], fill=blend((34, 52, 94), (238, 168, 110), y / water))
    for y in range(water, height):  # the harbour
        draw.line([(0, y), (width, y)], fill=blend((60, 82, 112), (22, 34, 52), (y - water) / (height - water)))
    draw.polygon([(0, water), (0, water - 90), (260, water - 150), (420, water - 60), (420, water)], fill=(40, 46, 58))
    draw.polygon([(width, water), (width, water - 120), (1300, water - 70), (1200, water)], fill=(40, 46, 58))
    deck = water - 110
    towers = (470, 1130)
    for x in towers:
        draw.rectangle([x - 22, deck - 330, x + 22, water + 10], fill=(70, 74, 84))
    for start, end in ((0, towers[0]), (towers[0], towers[1]), (towers[1], width)):  # the cables' curves
        points = []
        for step in range(41):
            t = step / 40
            x = start + (end - start) * t
            sag = 4 * t * (1 - t) if start and end != width else (t if start == 0 else 1 - t)
            points.append((x, deck - 330 + 300 * sag))
        draw.line(points, fill=(92, 96, 108), width=6)
        for x, y in points[2:-2:2]:
            draw.line([(x, y), (x, deck)], fill=(92, 96, 108), width=2)
    draw.rectangle([0, deck, width, deck + 26], fill=(58, 62, 72))
    for x in range(700, 900, 40):  # the barrier, red and white
        draw.rectangle([x, deck - 34, x + 20, deck], fill=(196, 40, 36))
        draw.rectangle([x + 20, deck - 34, x + 40, deck], fill=(240, 236, 228))
    for y in range(water + 20, height, 28):  # light on the water
        draw.line([(680, y), (920, y)], fill=(120, 110, 110), width=2)
    return image


def detour() -> Image.Image:
    """The two ways across while the bridge is shut: the ferry straight over, the road round the harbour's end."""
    image = Image.new("RGB", (1200, 675), (246, 244, 238))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 250, 1200, 425], fill=(176, 200, 222))  # the harbour
    draw.rectangle([1010, 250, 1200, 425], fill=(246, 244, 238))  # its landward end
    draw.line([(560, 190), (560, 485)], fill=(120, 120, 120), width=14)  # the bridge, shut
    for y in range(300, 380, 24):
        draw.line([(530, y), (590, y + 20)], fill=(196, 40, 36), width=8)
        draw.line([(590, y), (530, y + 20)], fill=(196, 40, 36), width=8)
    draw.line([(300, 200), (300, 475)], fill=(30, 90, 150), width=10)  # the ferry's route
    for y in (232, 338, 444):
        draw.ellipse([286, y - 14, 314, y + 14], fill=(30, 90, 150))
    draw.line([(820, 200), (1100, 200), (1100, 475), (820, 475)], fill=(80, 80, 80), width=10, joint="curve")
    return image


if __name__ == "__main__":
    HERE.mkdir(parents=True, exist_ok=True)
    harbour_bridge().save(HERE / "harbour-bridge.jpg", quality=90)
    detour().save(HERE / "detour.png", optimize=True)
