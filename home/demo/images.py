"""Demo pictures drawn locally with Pillow: nothing is downloaded."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw

PALETTES = [
    ((11, 79, 156), (94, 163, 214), (240, 165, 0)),
    ((26, 117, 84), (142, 199, 120), (250, 228, 140)),
    ((140, 45, 70), (226, 124, 95), (252, 214, 160)),
    ((60, 60, 110), (120, 150, 210), (230, 230, 245)),
    ((20, 95, 110), (90, 180, 170), (240, 200, 120)),
]


def draw_picture(seed, width=1200, height=675):
    """A landscape-like abstract picture (sky gradient, hills, sun), different for each seed."""
    rng = random.Random(seed)
    dark, light, accent = PALETTES[rng.randrange(len(PALETTES))]
    picture = PILImage.new("RGB", (width, height), light)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        t = y / height
        colour = tuple(int(light[i] * (1 - t) + 255 * t * 0.6 + dark[i] * t * 0.4) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    sun_x, sun_y, sun_r = rng.randint(150, width - 150), rng.randint(80, height // 3), rng.randint(40, 90)
    draw.ellipse([sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=accent)
    for layer in range(3):
        base = int(height * (0.55 + 0.13 * layer))
        shade = tuple(max(0, int(c * (1 - 0.25 * layer))) for c in dark)
        points = [(0, height)]
        for x in range(0, width + 100, 100):
            points.append((x, base + rng.randint(-60, 40)))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    return picture


def draw_logo(initials, seed, width=400, height=200):
    rng = random.Random(seed)
    dark, _light, accent = PALETTES[rng.randrange(len(PALETTES))]
    logo = PILImage.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(logo)
    draw.rounded_rectangle([10, 10, width - 10, height - 10], radius=30, fill=dark)
    draw.ellipse([30, 40, 150, 160], fill=accent)
    draw.text((180, 80), initials, fill=(255, 255, 255), font_size=48)
    return logo


def as_image_file(picture, name):
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    return ImageFile(buffer, name=name)
