"""Generate the book's illustrations: one per recipe plus the cover.

Re-runnable and deterministic (every random choice is seeded by the recipe's slug), Pillow
only. Reads the recipe YAML files to learn each recipe's slug, title, category and
ingredients, then paints a soft still life suggestive of the product: a jar of scrub,
bath-bomb spheres, a bowl of salt crystals, a glass bottle, with botanicals chosen from
the recipe's own ingredients. Everything is drawn at twice the final size and reduced
with a Lanczos filter, so edges come out soft.

    python tools/artwork.py            # regenerate images/ from recipes/
    python tools/artwork.py SLUG ...   # only these recipes (and no cover)
"""

from __future__ import annotations

import hashlib
import math
import random
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
RECIPES = ROOT / "recipes"
IMAGES = ROOT / "images"

SS = 2  # supersampling factor
RECIPE_SIZE = (2000, 1000)  # wide: the book prints recipe photos as banners
COVER_SIZE = (1350, 1750)
JPEG = {"quality": 82, "optimize": True, "progressive": True}

# ---------------------------------------------------------------- palettes

# Per chapter: background top/bottom, table top/bottom, a deep tone for shadows.
CHAPTERS = {
    "body-scrub": {
        "bg": ("#F6EBDC", "#EBD8BE"),
        "table": ("#DDBF98", "#C9A57A"),
        "shadow": (92, 62, 34),
    },
    "bath-bomb": {
        "bg": ("#F6ECF3", "#E6ECF5"),
        "table": ("#E8DAE6", "#D8C8DC"),
        "shadow": (96, 74, 104),
    },
    "bath-salt": {
        "bg": ("#EEF5F8", "#D6E7EE"),
        "table": ("#BFD7E1", "#A5C4D2"),
        "shadow": (40, 74, 96),
    },
    "massage-oil": {
        "bg": ("#F2EAD7", "#E2D5B5"),
        "table": ("#B9A877", "#9C8D5E"),
        "shadow": (70, 58, 24),
    },
    "essential-oil-blend": {
        "bg": ("#EEF0E8", "#DCE2D3"),
        "table": ("#BCC7B0", "#A3B097"),
        "shadow": (52, 66, 48),
    },
}

# Botanical themes: product tint, speckle colours, decoration kinds.
THEMES = {
    "lavender": {
        "tint": "#E4DAF0",
        "speck": ["#8E6FB8", "#A98BCB", "#6E5496"],
        "decor": ["lavender"],
    },
    "rose": {
        "tint": "#F5D6DC",
        "speck": ["#D9788F", "#C45C77", "#F0A8B6"],
        "decor": ["rose", "petals"],
    },
    "citrus": {"tint": "#FBE3BF", "speck": ["#F29A38", "#F7B955", "#E9782A"], "decor": ["citrus"]},
    "grapefruit": {
        "tint": "#F9D9C9",
        "speck": ["#EE7F6A", "#F4A07C", "#E35F55"],
        "decor": ["grapefruit", "mint"],
    },
    "lemon": {
        "tint": "#F8EEC4",
        "speck": ["#E8C840", "#F1D96A", "#D8B22C"],
        "decor": ["lemon", "leaf"],
    },
    "coffee": {"tint": "#5E3F2E", "speck": ["#3B261C", "#7A5440", "#2C1B13"], "decor": ["coffee"]},
    "brown": {
        "tint": "#BC8753",
        "speck": ["#9B6635", "#D8A672", "#7E4F26"],
        "decor": ["ginger", "citrus"],
    },
    "chamomile": {
        "tint": "#F2EAD6",
        "speck": ["#D8C9A3", "#E9D9A8", "#C7B58C"],
        "decor": ["daisy", "oats"],
    },
    "mint": {"tint": "#E2F0E6", "speck": ["#6FA983", "#9BC9A8", "#4F8C66"], "decor": ["mint"]},
    "rosemary": {
        "tint": "#E6EEDD",
        "speck": ["#6F8F5E", "#A3B98F", "#4D6B41"],
        "decor": ["rosemary"],
    },
    "woody": {
        "tint": "#E7DDCC",
        "speck": ["#8A6A4A", "#B08D62", "#5E4631"],
        "decor": ["cedar", "resin"],
    },
    "ocean": {
        "tint": "#EAF3F6",
        "speck": ["#9CC3D2", "#CFE3EA", "#7FAFC2"],
        "decor": ["pebbles", "cypress"],
    },
    "cocoa": {
        "tint": "#C79C7A",
        "speck": ["#8C5E3F", "#E1C2A3", "#6B4430"],
        "decor": ["cocoa", "ylang"],
    },
}

# Keyword -> theme, checked in order against the title first, then the ingredients.
KEYWORDS = [
    ("coffee", "coffee"),
    ("cocoa", "cocoa"),
    ("brown sugar", "brown"),
    ("ginger", "brown"),
    ("rose", "rose"),
    ("geranium", "rose"),
    ("grapefruit", "grapefruit"),
    ("ocean", "ocean"),
    ("sea salt soak", "ocean"),
    ("chamomile", "chamomile"),
    ("oat", "chamomile"),
    ("mandarin", "citrus"),
    ("orange", "citrus"),
    ("citrus", "citrus"),
    ("lemon", "lemon"),
    ("peppermint", "mint"),
    ("breathe", "mint"),
    ("clear head", "mint"),
    ("mint", "mint"),
    ("muscle", "rosemary"),
    ("tension", "rosemary"),
    ("rosemary", "rosemary"),
    ("forest", "woody"),
    ("cedar", "woody"),
    ("frankincense", "woody"),
    ("lavender", "lavender"),
    ("sleep", "lavender"),
    ("calm", "lavender"),
]


def rgb(c):
    if isinstance(c, tuple):
        return c
    c = c.lstrip("#")
    return tuple(int(c[i : i + 2], 16) for i in (0, 2, 4))


def mix(a, b, t):
    a, b = rgb(a), rgb(b)
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def rgba(c, alpha):
    return (*rgb(c), int(alpha))


# ---------------------------------------------------------------- primitives


def vgradient(size, top, bottom):
    """A smooth vertical gradient (a 1x256 strip resized, so no banding math per pixel)."""
    strip = Image.new("RGB", (1, 256))
    for y in range(256):
        strip.putpixel((0, y), mix(top, bottom, y / 255))
    return strip.resize(size, Image.BICUBIC)


def shade_profile(width_px, base, light, dark, spec=0.55, lx=-0.45):
    """Horizontal cylinder shading: a 256x1 strip of colours from a Lambert+specular model."""
    strip = Image.new("RGB", (256, 1))
    lz = math.sqrt(1 - lx * lx)
    for x in range(256):
        nx = (x + 0.5) / 128 - 1
        nz = math.sqrt(max(0.0, 1 - nx * nx))
        d = max(0.0, nx * lx + nz * lz)
        c = mix(dark, base, min(1.0, 0.25 + 0.9 * d))
        s = max(0.0, d) ** 18 * spec
        strip.putpixel((x, 0), mix(c, light, s))
    return strip


def sphere_image(d, base, light, dark):
    """A shaded sphere of diameter d (computed small, smoothly enlarged)."""
    n = 96
    img = Image.new("RGB", (n, n))
    L = (-0.45, -0.55, 0.70)
    for y in range(n):
        for x in range(n):
            nx, ny = (x + 0.5) / (n / 2) - 1, (y + 0.5) / (n / 2) - 1
            r2 = nx * nx + ny * ny
            nz = math.sqrt(max(0.0, 1 - min(r2, 1)))
            diff = max(0.0, nx * L[0] + ny * L[1] + nz * L[2])
            c = mix(dark, base, min(1.0, 0.3 + 0.85 * diff))
            spec = diff**24 * 0.5
            rim = max(0.0, (math.sqrt(min(r2, 1)) - 0.8) / 0.2) * 0.12
            img.putpixel((x, y), mix(mix(c, light, spec), "#FFFFFF", rim))
    return img.resize((d, d), Image.BICUBIC)


def paste_shaded(im, box, fill_img, mask_fn, radius=0):
    """Paste fill_img (resized to box) through a mask drawn by mask_fn in local coords."""
    x0, y0, x1, y1 = (int(v) for v in box)
    w, h = max(1, x1 - x0), max(1, y1 - y0)
    mask = Image.new("L", (w, h), 0)
    mask_fn(ImageDraw.Draw(mask), w, h)
    im.paste(fill_img.resize((w, h), Image.BICUBIC), (x0, y0), mask)


def soft_shadow(im, box, color, opacity=110, blur=40):
    """A blurred elliptical contact shadow (blurred at quarter size for speed)."""
    x0, y0, x1, y1 = box
    pad = blur * 3
    q = 4
    w, h = int((x1 - x0 + 2 * pad) / q), int((y1 - y0 + 2 * pad) / q)
    m = Image.new("L", (max(w, 1), max(h, 1)), 0)
    ImageDraw.Draw(m).ellipse((pad / q, pad / q, w - pad / q, h - pad / q), fill=opacity)
    m = m.filter(ImageFilter.GaussianBlur(blur / q)).resize((w * q, h * q), Image.BICUBIC)
    im.paste(
        rgb(color), (int(x0 - pad), int(y0 - pad), int(x0 - pad) + w * q, int(y0 - pad) + h * q), m
    )


def glow(im, shapes, blur):
    """Blurred translucent ellipses (bokeh, mist): shapes are (box, colour, alpha)."""
    q = 4
    W, H = im.size
    layer = Image.new("RGB", (W // q, H // q), (255, 255, 255))
    mask = Image.new("L", (W // q, H // q), 0)
    dl, dm = ImageDraw.Draw(layer), ImageDraw.Draw(mask)
    for (x0, y0, x1, y1), col, a in shapes:
        b = (x0 / q, y0 / q, x1 / q, y1 / q)
        dl.ellipse(b, fill=rgb(col))
        dm.ellipse(b, fill=int(a))
    layer = layer.filter(ImageFilter.GaussianBlur(blur / q)).resize((W, H), Image.BICUBIC)
    mask = mask.filter(ImageFilter.GaussianBlur(blur / q)).resize((W, H), Image.BICUBIC)
    im.paste(layer, (0, 0), mask)


def leaf_poly(x, y, length, width, angle, blunt=0.0):
    """Points of a lens-shaped leaf starting at (x, y), pointing along angle (radians)."""
    pts_a, pts_b = [], []
    ca, sa = math.cos(angle), math.sin(angle)
    steps = 14
    for i in range(steps + 1):
        t = i / steps
        w = math.sin(math.pi * t) ** (0.8 - 0.4 * blunt) * width / 2
        px, py = t * length, w
        pts_a.append((x + px * ca - py * sa, y + px * sa + py * ca))
        pts_b.append((x + px * ca + py * sa, y + px * sa - py * ca))
    return pts_a + pts_b[::-1]


def curve(x, y, length, angle, bend, n=24):
    """Points along a gently bending stem."""
    pts = []
    for i in range(n + 1):
        t = i / n
        a = angle + bend * t
        if pts:
            px, py = pts[-1]
            pts.append((px + math.cos(a) * length / n, py + math.sin(a) * length / n))
        else:
            pts.append((x, y))
    return pts


# ---------------------------------------------------------------- botanicals

#: Decorations drawn along a stem (they take an angle); the rest are round props.
SPRIGS = {"lavender", "mint", "leaf", "rosemary", "cedar", "cypress", "oats"}


class Painter:
    def __init__(self, im, rng, shadow):
        self.im = im
        self.d = ImageDraw.Draw(im, "RGBA")
        self.rng = rng
        self.shadow = shadow

    # stems and sprigs -------------------------------------------------
    def stem(self, pts, color, width):
        self.d.line(pts, fill=rgba(color, 255), width=int(width), joint="curve")

    def lavender(self, x, y, length, angle):
        r = self.rng
        pts = curve(x, y, length, angle, r.uniform(-0.25, 0.25))
        self.stem(pts, "#7D8F69", length * 0.012)
        for i, (px, py) in enumerate(pts[len(pts) // 2 :]):
            k = i / (len(pts) / 2)
            size = length * (0.035 - 0.015 * k)
            for side in (-1, 1):
                a = angle + side * 0.6
                bx, by = px + math.cos(a) * size * 0.5, py + math.sin(a) * size * 0.5
                col = r.choice(["#8E6FB8", "#9F82C6", "#7A5CA6", "#B29AD4"])
                self.d.ellipse(
                    (bx - size * 0.45, by - size * 0.6, bx + size * 0.45, by + size * 0.6),
                    fill=rgba(col, 240),
                )

    def leafy(self, x, y, length, angle, leaf_col, stem_col, leaf_len, leaf_w, pairs, blunt=0.0):
        r = self.rng
        pts = curve(x, y, length, angle, r.uniform(-0.3, 0.3))
        self.stem(pts, stem_col, max(3, length * 0.01))
        idx = [int(len(pts) * (0.25 + 0.7 * i / max(1, pairs - 1))) for i in range(pairs)]
        for j, i in enumerate(idx):
            px, py = pts[min(i, len(pts) - 1)]
            ll = leaf_len * (1.0 - 0.35 * j / max(1, pairs))
            for side in (-1, 1):
                a = angle + side * r.uniform(0.6, 1.0)
                col = mix(leaf_col, "#FFFFFF", r.uniform(0, 0.18))
                self.d.polygon(
                    leaf_poly(px, py, ll, leaf_w * ll / leaf_len, a, blunt), fill=rgba(col, 245)
                )
                vein = [(px, py), (px + math.cos(a) * ll * 0.8, py + math.sin(a) * ll * 0.8)]
                self.d.line(
                    vein, fill=rgba(mix(col, "#000000", 0.18), 160), width=max(2, int(ll * 0.03))
                )
        tx, ty = pts[-1]
        self.d.polygon(
            leaf_poly(tx, ty, leaf_len * 0.6, leaf_w * 0.6, angle, blunt), fill=rgba(leaf_col, 245)
        )

    def mint(self, x, y, length, angle):
        self.leafy(
            x, y, length, angle, "#6FA57D", "#5E8A5E", length * 0.26, length * 0.16, 3, blunt=0.5
        )

    def rosemary(self, x, y, length, angle):
        r = self.rng
        pts = curve(x, y, length, angle, r.uniform(-0.2, 0.2))
        self.stem(pts, "#6E6A4A", length * 0.012)
        for px, py in pts[2:]:
            for side in (-1, 1):
                a = angle + side * (0.9 + r.uniform(-0.2, 0.2)) - 0.35 * side
                self.d.polygon(
                    leaf_poly(px, py, length * 0.11, length * 0.022, a),
                    fill=rgba(r.choice(["#5E7F57", "#6E9166", "#4F6E49"]), 245),
                )

    def cedar(self, x, y, length, angle):
        r = self.rng
        pts = curve(x, y, length, angle, r.uniform(-0.2, 0.2))
        self.stem(pts, "#6B5A3E", length * 0.012)
        for i in range(3, len(pts) - 2, 3):
            px, py = pts[i]
            for side in (-1, 1):
                a = angle + side * 0.8
                sub = curve(px, py, length * 0.3 * (1 - i / len(pts) * 0.6), a, side * 0.2, n=8)
                self.stem(sub, "#4E6B45", length * 0.03)
                self.stem(sub, "#6D8C5C", length * 0.014)

    def cypress(self, x, y, length, angle):
        self.leafy(x, y, length, angle, "#5B7F6B", "#5A5A44", length * 0.2, length * 0.05, 4)

    def rose(self, x, y, s):
        r = self.rng
        soft_shadow(self.im, (x - s, y - s * 0.6, x + s, y + s * 1.1), self.shadow, 60, s * 0.4)
        for ring, (rad, col) in enumerate(
            [(1.0, "#E7A0B0"), (0.75, "#DC8499"), (0.5, "#CF6F86"), (0.28, "#B95670")]
        ):
            n = 7 - ring
            off = r.uniform(0, math.pi)
            for k in range(n):
                a = off + k * 2 * math.pi / n
                px, py = x + math.cos(a) * s * rad * 0.45, y + math.sin(a) * s * rad * 0.45
                pr = s * rad * 0.55
                self.d.ellipse(
                    (px - pr, py - pr, px + pr, py + pr),
                    fill=rgba(mix(col, "#FFFFFF", 0.1 * k / n), 235),
                )
        self.d.arc(
            (x - s * 0.18, y - s * 0.18, x + s * 0.18, y + s * 0.18),
            20,
            300,
            fill=rgba("#9C3F5A", 200),
            width=max(2, int(s * 0.05)),
        )

    def petals(self, x, y, spread, n=7, cols=("#F0A8B6", "#E58AA0", "#F6C4CE")):
        r = self.rng
        for _ in range(n):
            px, py = x + r.uniform(-spread, spread), y + r.uniform(-spread * 0.35, spread * 0.35)
            L = spread * r.uniform(0.16, 0.24)
            self.d.polygon(
                leaf_poly(px, py, L, L * 0.8, r.uniform(0, 6.28), blunt=1.0),
                fill=rgba(r.choice(cols), 235),
            )

    def daisy(self, x, y, s):
        r = self.rng
        off = r.uniform(0, 1)
        for k in range(14):
            a = off + k * 2 * math.pi / 14
            self.d.polygon(
                leaf_poly(x, y, s, s * 0.28, a, blunt=0.7),
                fill=rgba(mix("#FFFFFF", "#EFE8DA", r.uniform(0, 0.6)), 250),
            )
        c = s * 0.32
        self.d.ellipse((x - c, y - c, x + c, y + c), fill=rgba("#F0C23A", 255))
        self.d.ellipse(
            (x - c * 0.7, y - c * 0.85, x + c * 0.5, y + c * 0.3), fill=rgba("#F7D86A", 200)
        )

    def oats(self, x, y, length, angle):
        r = self.rng
        pts = curve(x, y, length, angle, r.uniform(-0.4, 0.4))
        self.stem(pts, "#C9B27E", length * 0.01)
        for px, py in pts[len(pts) // 3 :: 2]:
            for side in (-1, 1):
                a = angle + side * 0.5
                self.d.polygon(
                    leaf_poly(px, py, length * 0.12, length * 0.05, a),
                    fill=rgba(r.choice(["#E3D2A2", "#D6C08B", "#EBDDB5"]), 245),
                )

    def citrus(self, x, y, s, rind="#F08A2C", flesh="#F9B451", half=False):
        soft_shadow(self.im, (x - s, y - s * 0.8, x + s, y + s * 1.1), self.shadow, 70, s * 0.35)
        box = (x - s, y - s, x + s, y + s)
        if half:
            self.d.pieslice(box, 180, 360, fill=rgba(rind, 255))
            inner = (x - s * 0.9, y - s * 0.9, x + s * 0.9, y + s * 0.9)
            self.d.pieslice(inner, 180, 360, fill=rgba("#FFF4DF", 255))
            inner2 = (x - s * 0.82, y - s * 0.82, x + s * 0.82, y + s * 0.82)
            self.d.pieslice(inner2, 180, 360, fill=rgba(flesh, 255))
            segs = range(180, 361, 30)
        else:
            self.d.ellipse(box, fill=rgba(rind, 255))
            self.d.ellipse(
                (x - s * 0.9, y - s * 0.9, x + s * 0.9, y + s * 0.9), fill=rgba("#FFF4DF", 255)
            )
            self.d.ellipse(
                (x - s * 0.82, y - s * 0.82, x + s * 0.82, y + s * 0.82), fill=rgba(flesh, 255)
            )
            segs = range(0, 360, 36)
        for a in segs:
            ar = math.radians(a)
            self.d.line(
                [(x, y), (x + math.cos(ar) * s * 0.82, y + math.sin(ar) * s * 0.82)],
                fill=rgba("#FFF4DF", 230),
                width=max(2, int(s * 0.035)),
            )
        self.d.ellipse(
            (x - s * 0.08, y - s * 0.08, x + s * 0.08, y + s * 0.08), fill=rgba("#FFF4DF", 255)
        )

    def beans(self, x, y, spread, n, col=("#4A2F22", "#5C3B2A", "#3A241A")):
        r = self.rng
        for _ in range(n):
            px, py = x + r.uniform(-spread, spread), y + r.uniform(-spread * 0.3, spread * 0.3)
            L = spread * 0.22
            a = r.uniform(0, 6.28)
            c = r.choice(col)
            self.d.polygon(
                leaf_poly(
                    px - math.cos(a) * L / 2, py - math.sin(a) * L / 2, L, L * 0.68, a, blunt=1.0
                ),
                fill=rgba(c, 255),
            )
            self.d.line(
                [
                    (px - math.cos(a) * L * 0.35, py - math.sin(a) * L * 0.35),
                    (px + math.cos(a) * L * 0.35, py + math.sin(a) * L * 0.35),
                ],
                fill=rgba(mix(c, "#000000", 0.45), 220),
                width=max(2, int(L * 0.08)),
            )

    def pebbles(self, x, y, spread, n, cols=("#C9D4D6", "#B3C1C4", "#E1E6E4", "#A9B7B8")):
        r = self.rng
        for _ in range(n):
            px, py = x + r.uniform(-spread, spread), y + r.uniform(-spread * 0.25, spread * 0.25)
            w, h = spread * r.uniform(0.18, 0.3), spread * r.uniform(0.1, 0.16)
            soft_shadow(
                self.im, (px - w, py - h * 0.3, px + w, py + h * 1.2), self.shadow, 60, h * 0.6
            )
            paste_shaded(
                self.im,
                (px - w, py - h, px + w, py + h),
                sphere_image(64, r.choice(cols), "#FFFFFF", "#7F8C8D"),
                lambda d, w_, h_: d.ellipse((0, 0, w_ - 1, h_ - 1), fill=255),
            )

    def resin(self, x, y, spread, n):
        r = self.rng
        for _ in range(n):
            px, py = x + r.uniform(-spread, spread), y + r.uniform(-spread * 0.3, spread * 0.3)
            s = spread * r.uniform(0.07, 0.12)
            paste_shaded(
                self.im,
                (px - s, py - s * 0.8, px + s, py + s * 0.8),
                sphere_image(48, "#E9C27A", "#FFF6DC", "#B7853A"),
                lambda d, w_, h_: d.polygon(
                    [
                        (w_ * 0.1, h_ * 0.5),
                        (w_ * 0.4, 0),
                        (w_ * 0.95, h_ * 0.3),
                        (w_, h_ * 0.8),
                        (w_ * 0.5, h_),
                        (0, h_ * 0.9),
                    ],
                    fill=255,
                ),
            )

    def ginger(self, x, y, s):
        soft_shadow(
            self.im, (x - s * 1.2, y - s * 0.2, x + s * 1.2, y + s * 0.7), self.shadow, 70, s * 0.3
        )
        for dx, dy, k in [(-0.6, 0.1, 0.55), (0, 0, 0.7), (0.65, -0.05, 0.5), (0.2, -0.5, 0.42)]:
            w = s * k
            paste_shaded(
                self.im,
                (x + dx * s - w, y + dy * s - w * 0.6, x + dx * s + w, y + dy * s + w * 0.6),
                sphere_image(48, "#D9B77E", "#F6E6C3", "#9C7A45"),
                lambda d, w_, h_: d.ellipse((0, 0, w_ - 1, h_ - 1), fill=255),
            )

    def ylang(self, x, y, s):
        r = self.rng
        for _ in range(6):
            a = r.uniform(0, 6.28)
            self.d.polygon(
                leaf_poly(x, y, s * r.uniform(0.8, 1.1), s * 0.18, a),
                fill=rgba(r.choice(["#F2DC6B", "#E9CE52", "#F6E58D"]), 240),
            )
        self.d.ellipse(
            (x - s * 0.1, y - s * 0.1, x + s * 0.1, y + s * 0.1), fill=rgba("#9C8A2C", 255)
        )

    def decor(self, kind, x, y, s, angle):
        """Draw one decoration of a kind at (x, y) with overall size s."""
        if kind == "lavender":
            for k in range(3):
                self.lavender(x + k * s * 0.08, y, s * (1.0 - 0.12 * k), angle + k * 0.12)
        elif kind == "mint":
            self.mint(x, y, s * 0.9, angle)
            self.mint(x + s * 0.1, y + s * 0.05, s * 0.7, angle + 0.35)
        elif kind == "leaf":
            self.leafy(x, y, s * 0.8, angle, "#7DA06C", "#6B7F4F", s * 0.22, s * 0.09, 3)
        elif kind == "rosemary":
            self.rosemary(x, y, s, angle)
            self.rosemary(x + s * 0.06, y + s * 0.04, s * 0.8, angle + 0.25)
        elif kind == "cedar":
            self.cedar(x, y, s, angle)
        elif kind == "cypress":
            self.cypress(x, y, s * 0.9, angle)
        elif kind == "rose":
            self.rose(x, y, s * 0.28)
        elif kind == "petals":
            self.petals(x, y, s * 0.55)
        elif kind == "daisy":
            self.daisy(x, y, s * 0.2)
            self.daisy(x + s * 0.35, y + s * 0.12, s * 0.15)
        elif kind == "oats":
            self.oats(x, y, s * 0.8, angle)
        elif kind == "citrus":
            self.citrus(x, y, s * 0.22)
            self.citrus(x + s * 0.34, y + s * 0.1, s * 0.18, half=True)
        elif kind == "grapefruit":
            self.citrus(x, y, s * 0.26, rind="#EE7463", flesh="#F39A86")
        elif kind == "lemon":
            self.citrus(x, y, s * 0.22, rind="#E8C23A", flesh="#F5DC78")
        elif kind == "coffee":
            self.beans(x, y, s * 0.55, 9)
        elif kind == "cocoa":
            self.beans(x, y, s * 0.5, 6, col=("#6B4430", "#7E5239", "#5A3726"))
        elif kind == "ginger":
            self.ginger(x, y, s * 0.2)
        elif kind == "resin":
            self.resin(x, y, s * 0.45, 7)
        elif kind == "pebbles":
            self.pebbles(x, y, s * 0.6, 5)
        elif kind == "ylang":
            self.ylang(x, y, s * 0.22)


# ---------------------------------------------------------------- products


def speckle(img, cols, density, rng, size):
    d = ImageDraw.Draw(img, "RGBA")
    w, h = img.size
    for _ in range(int(w * h * density)):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        s = size * rng.uniform(0.4, 1.0)
        d.ellipse((x - s, y - s, x + s, y + s), fill=rgba(rng.choice(cols), rng.randint(150, 255)))


def jar(p, cx, base_y, w, h, fill, specks, lid="#C9A27A", texture=0.004):
    """A glass jar of scrub: shaded contents with grain, glass highlights, a lid."""
    im, rng = p.im, p.rng
    x0, x1, y0 = cx - w / 2, cx + w / 2, base_y - h
    soft_shadow(
        im,
        (x0 - w * 0.05, base_y - h * 0.08, x1 + w * 0.25, base_y + h * 0.1),
        p.shadow,
        120,
        w * 0.08,
    )
    rad = w * 0.12
    # glass body (pale) then contents
    glass = shade_profile(
        256, mix(fill, "#FFFFFF", 0.55), "#FFFFFF", mix(fill, "#FFFFFF", 0.2), spec=0.8
    ).resize((int(w), int(h)))
    paste_shaded(
        im,
        (x0, y0, x1, base_y),
        glass,
        lambda d, a, b: d.rounded_rectangle((0, 0, a - 1, b - 1), rad, fill=255),
    )
    ins = w * 0.045
    level = y0 + h * 0.22
    cont = shade_profile(
        256, fill, mix(fill, "#FFFFFF", 0.5), mix(fill, "#000000", 0.35), spec=0.3
    ).resize((int(w - 2 * ins), int(base_y - ins - level)))
    speckle(
        cont,
        [mix(fill, "#FFFFFF", 0.55), mix(fill, "#FFFFFF", 0.3), mix(fill, "#000000", 0.12)],
        texture * 2.5,
        rng,
        w * 0.006,
    )
    speckle(cont, specks, texture * 0.35, rng, w * 0.01)
    paste_shaded(
        im,
        (x0 + ins, level, x1 - ins, base_y - ins),
        cont,
        lambda d, a, b: d.rounded_rectangle((0, 0, a - 1, b - 1), rad * 0.7, fill=255),
    )
    # a soft mound at the top of the contents
    p.d.ellipse(
        (x0 + ins, level - h * 0.04, x1 - ins, level + h * 0.05),
        fill=rgba(mix(fill, "#FFFFFF", 0.25), 255),
    )
    # glass highlights
    p.d.rounded_rectangle(
        (x0 + w * 0.12, y0 + h * 0.12, x0 + w * 0.19, base_y - h * 0.12),
        w * 0.03,
        fill=(255, 255, 255, 80),
    )
    p.d.rounded_rectangle(
        (x1 - w * 0.14, y0 + h * 0.2, x1 - w * 0.11, base_y - h * 0.25),
        w * 0.015,
        fill=(255, 255, 255, 55),
    )
    # lid
    lh = h * 0.16
    lid_img = shade_profile(
        256, lid, mix(lid, "#FFFFFF", 0.6), mix(lid, "#000000", 0.45), spec=0.5
    ).resize((int(w * 1.04), int(lh)))
    paste_shaded(
        im,
        (cx - w * 0.52, y0 - lh * 0.55, cx + w * 0.52, y0 + lh * 0.45),
        lid_img,
        lambda d, a, b: d.rounded_rectangle((0, 0, a - 1, b - 1), b * 0.25, fill=255),
    )
    p.d.line(
        [(cx - w * 0.5, y0 + lh * 0.1), (cx + w * 0.5, y0 + lh * 0.1)],
        fill=rgba(mix(lid, "#000000", 0.3), 120),
        width=max(2, int(lh * 0.06)),
    )


def spoon(p, x, y, L, angle, fill):
    """A small wooden scoop resting on the table with a heap of product."""
    ca, sa = math.cos(angle), math.sin(angle)
    hx, hy = x + ca * L * 0.75, y + sa * L * 0.75
    p.d.line([(x, y), (hx, hy)], fill=rgba("#B88A5A", 255), width=int(L * 0.07))
    s = L * 0.2
    soft_shadow(p.im, (x - s * 1.2, y - s * 0.2, x + s * 1.2, y + s * 1.0), p.shadow, 80, s * 0.4)
    p.d.ellipse((x - s, y - s * 0.62, x + s, y + s * 0.62), fill=rgba("#A8794C", 255))
    p.d.ellipse((x - s * 0.85, y - s * 0.55, x + s * 0.85, y + s * 0.4), fill=rgba(fill, 255))
    p.d.ellipse(
        (x - s * 0.6, y - s * 0.5, x + s * 0.4, y + s * 0.1),
        fill=rgba(mix(fill, "#FFFFFF", 0.3), 200),
    )


def bath_bomb(p, cx, cy, r, color, specks):
    im, rng = p.im, p.rng
    soft_shadow(
        im, (cx - r * 0.95, cy + r * 0.55, cx + r * 1.25, cy + r * 1.15), p.shadow, 120, r * 0.18
    )
    sph = sphere_image(int(2 * r), color, mix(color, "#FFFFFF", 0.85), mix(color, "#000000", 0.42))
    speckle(sph, specks, 0.00035, rng, r * 0.03)
    # fine powdery grain
    speckle(sph, [mix(color, "#FFFFFF", 0.5), mix(color, "#000000", 0.12)], 0.004, rng, r * 0.008)
    paste_shaded(
        im,
        (cx - r, cy - r, cx + r, cy + r),
        sph,
        lambda d, a, b: d.ellipse((0, 0, a - 1, b - 1), fill=255),
    )
    tilt = rng.uniform(-0.25, 0.25)
    p.d.arc(
        (
            cx - r,
            cy - r * (0.28 + tilt * 0.2) + r * tilt * 0.3,
            cx + r,
            cy + r * (0.28 + tilt * 0.2) + r * tilt * 0.3,
        ),
        0,
        180,
        fill=rgba(mix(color, "#000000", 0.25), 90),
        width=max(2, int(r * 0.025)),
    )


def bubbles(p, x, y, spread, n):
    r = p.rng
    for _ in range(n):
        bx, by = x + r.uniform(-spread, spread), y + r.uniform(-spread * 0.5, spread * 0.3)
        s = spread * r.uniform(0.015, 0.05)
        p.d.ellipse(
            (bx - s, by - s, bx + s, by + s),
            outline=(255, 255, 255, 170),
            width=max(2, int(s * 0.18)),
        )
        p.d.ellipse(
            (bx - s * 0.5, by - s * 0.6, bx - s * 0.1, by - s * 0.2), fill=(255, 255, 255, 150)
        )


def crystal(p, x, y, s, col):
    r = p.rng
    n = r.randint(4, 6)
    off = r.uniform(0, 6.28)
    pts = [
        (
            x + math.cos(off + k * 6.28 / n) * s * r.uniform(0.7, 1.1),
            y + math.sin(off + k * 6.28 / n) * s * r.uniform(0.55, 0.9),
        )
        for k in range(n)
    ]
    p.d.polygon(pts, fill=rgba(col, 250))
    k = r.randrange(n)
    p.d.polygon([(x, y), pts[k], pts[(k + 1) % n]], fill=rgba(mix(col, "#FFFFFF", 0.65), 230))
    k2 = (k + n // 2) % n
    p.d.polygon([(x, y), pts[k2], pts[(k2 + 1) % n]], fill=rgba(mix(col, "#506070", 0.18), 200))


def salt_bowl(p, cx, cy, R, bowl_col, salt_cols, extra):
    """A ceramic bowl heaped with salt crystals (cy is the rim's centre line)."""
    im, rng = p.im, p.rng
    depth = R * 0.62
    soft_shadow(
        im,
        (cx - R * 0.95, cy + depth * 0.7, cx + R * 1.15, cy + depth * 1.2),
        p.shadow,
        120,
        R * 0.08,
    )
    rim_h = R * 0.3
    p.d.ellipse(
        (cx - R, cy - rim_h, cx + R, cy + rim_h), fill=rgba(mix(bowl_col, "#000000", 0.25), 255)
    )
    # heap of crystals, back to front
    heap = []
    for _ in range(int(R * 0.9)):
        a = rng.uniform(0, 1)
        x = cx + rng.uniform(-0.92, 0.92) * R
        top = cy - rim_h * 0.6 - math.sqrt(max(0.0, 1 - ((x - cx) / R) ** 2)) * R * 0.32
        y = rng.uniform(top, cy + rim_h * 0.6)
        if ((x - cx) / R) ** 2 + ((y - cy) / (rim_h * 0.95)) ** 2 > 1 and y > cy:
            continue
        heap.append((y, x, a))
    for y, x, _a in sorted(heap):
        crystal(p, x, y, R * rng.uniform(0.035, 0.07), rng.choice(salt_cols))
    # bowl front
    body = shade_profile(256, bowl_col, "#FFFFFF", mix(bowl_col, "#000000", 0.35), spec=0.6).resize(
        (int(2 * R), int(depth + rim_h))
    )
    paste_shaded(
        im,
        (cx - R, cy - rim_h, cx + R, cy + depth),
        body,
        lambda d, a, b: (
            d.pieslice((0, -b * 0.9 + rim_h * 0.4, a - 1, b - 1), 0, 180, fill=255),
            d.ellipse((0, 0, a - 1, 2 * rim_h), fill=0),
            d.rectangle((0, 0, a, rim_h), fill=0),
        ),
    )
    p.d.arc(
        (cx - R, cy - rim_h, cx + R, cy + rim_h),
        0,
        180,
        fill=rgba(mix(bowl_col, "#FFFFFF", 0.6), 255),
        width=max(3, int(R * 0.03)),
    )
    for k in extra:
        crystal(p, *k)


def bottle(p, cx, base_y, w, h, glass, cap="dropper", label=True, accent="#9DB08A", liquid=None):
    """A shaded glass bottle with a dropper, pump, roller ball or cork."""
    im = p.im
    x0, y0 = cx - w / 2, base_y - h
    soft_shadow(
        im, (x0, base_y - h * 0.06, x0 + w * 1.35, base_y + h * 0.06), p.shadow, 130, w * 0.1
    )
    body = shade_profile(
        256, glass, mix(glass, "#FFFFFF", 0.9), mix(glass, "#000000", 0.55), spec=0.9
    ).resize((int(w), int(h)))
    roller = cap == "roller"
    sh = 0 if roller else h * 0.16
    neck_w = w * (0.9 if roller else 0.38)

    def body_mask(d, a, b):
        d.rounded_rectangle((0, sh * 0.6, a - 1, b - 1), a * 0.12, fill=255)
        if sh:
            d.ellipse((0, 0, a - 1, sh * 1.6), fill=255)

    paste_shaded(im, (x0, y0, x0 + w, base_y), body, body_mask)
    if liquid:
        p.d.rounded_rectangle(
            (x0 + w * 0.08, y0 + h * 0.35, x0 + w * 0.92, base_y - w * 0.06),
            w * 0.08,
            fill=rgba(liquid, 110),
        )
    # neck
    nh = h * (0.03 if roller else 0.1)
    neck = shade_profile(256, glass, "#FFFFFF", mix(glass, "#000000", 0.5)).resize(
        (int(neck_w), int(nh))
    )
    paste_shaded(
        im,
        (cx - neck_w / 2, y0 - nh * 0.8, cx + neck_w / 2, y0 + nh * 0.2),
        neck,
        lambda d, a, b: d.rectangle((0, 0, a, b), fill=255),
    )
    top = y0 - nh * 0.8
    if cap == "dropper":
        ch, cw = h * 0.14, neck_w * 1.25
        c = shade_profile(256, "#2F2A28", "#9A918A", "#0E0C0B").resize((int(cw), int(ch)))
        paste_shaded(
            im,
            (cx - cw / 2, top - ch, cx + cw / 2, top),
            c,
            lambda d, a, b: d.rounded_rectangle((0, 0, a - 1, b - 1), a * 0.12, fill=255),
        )
        bw, bh = cw * 0.72, h * 0.2
        bulb = shade_profile(256, "#3A3532", "#A49A92", "#111111").resize((int(bw), int(bh)))
        paste_shaded(
            im,
            (cx - bw / 2, top - ch - bh * 0.92, cx + bw / 2, top - ch + bh * 0.08),
            bulb,
            lambda d, a, b: (
                d.ellipse((0, 0, a - 1, a - 1), fill=255),
                d.rectangle((0, a / 2, a, b), fill=255),
            ),
        )
    elif cap == "roller":
        ch, cw = h * 0.34, w * 0.96
        c = shade_profile(256, "#C8B58A", "#FFF8E6", "#7A6A45", spec=0.9).resize((int(cw), int(ch)))
        paste_shaded(
            im,
            (cx - cw / 2, top - ch, cx + cw / 2, top + nh * 0.3),
            c,
            lambda d, a, b: d.rounded_rectangle((0, 0, a - 1, b - 1), a * 0.18, fill=255),
        )
    elif cap == "cork":
        ch, cw = h * 0.12, neck_w * 1.05
        c = shade_profile(256, "#C9A070", "#F1D7B0", "#8C6A43").resize((int(cw), int(ch)))
        paste_shaded(
            im,
            (cx - cw / 2, top - ch * 0.7, cx + cw / 2, top + ch * 0.3),
            c,
            lambda d, a, b: d.rounded_rectangle((0, 0, a - 1, b - 1), a * 0.1, fill=255),
        )
    if label:
        lx0, ly0, lx1, ly1 = x0 + w * 0.1, y0 + h * 0.38, x0 + w * 0.9, y0 + h * 0.78
        p.d.rounded_rectangle((lx0, ly0, lx1, ly1), w * 0.03, fill=rgba("#F7F1E3", 245))
        p.d.rounded_rectangle(
            (lx0 + w * 0.04, ly0 + w * 0.04, lx1 - w * 0.04, ly1 - w * 0.04),
            w * 0.02,
            outline=rgba(accent, 220),
            width=max(2, int(w * 0.012)),
        )
        # a small botanical emblem instead of text
        ex, ey = (lx0 + lx1) / 2, (ly0 + ly1) / 2
        for side in (-1, 1):
            p.d.polygon(
                leaf_poly(ex, ey + w * 0.06, w * 0.16, w * 0.07, -math.pi / 2 + side * 0.5),
                fill=rgba(accent, 230),
            )
    # glass highlight
    p.d.rounded_rectangle(
        (x0 + w * 0.12, y0 + h * 0.2, x0 + w * 0.2, base_y - h * 0.1),
        w * 0.04,
        fill=(255, 255, 255, 60),
    )


def inhaler(p, cx, base_y, w, h, col="#E9ECEE"):
    soft_shadow(
        p.im, (cx - w, base_y - h * 0.05, cx + w * 1.6, base_y + h * 0.06), p.shadow, 110, w * 0.3
    )
    t = shade_profile(256, col, "#FFFFFF", mix(col, "#000000", 0.45), spec=0.9).resize(
        (int(w), int(h))
    )
    paste_shaded(
        p.im,
        (cx - w / 2, base_y - h, cx + w / 2, base_y),
        t,
        lambda d, a, b: d.rounded_rectangle((0, 0, a - 1, b - 1), a * 0.45, fill=255),
    )
    p.d.line(
        [(cx - w / 2, base_y - h * 0.35), (cx + w / 2, base_y - h * 0.35)],
        fill=(120, 120, 120, 90),
        width=max(2, int(w * 0.04)),
    )
    # the cap lying beside it
    cx2 = cx + w * 1.6
    soft_shadow(
        p.im,
        (cx2 - h * 0.25, base_y - w * 0.2, cx2 + h * 0.3, base_y + w * 0.15),
        p.shadow,
        100,
        w * 0.25,
    )
    c = (
        shade_profile(256, col, "#FFFFFF", mix(col, "#000000", 0.45))
        .rotate(90, expand=True)
        .resize((int(h * 0.42), int(w * 0.8)))
    )
    paste_shaded(
        p.im,
        (cx2 - h * 0.21, base_y - w * 0.8, cx2 + h * 0.21, base_y),
        c,
        lambda d, a, b: d.rounded_rectangle((0, 0, a - 1, b - 1), b * 0.45, fill=255),
    )


def diffuser(p, cx, base_y, w, h, body="#F3F0EA", wood="#B98D5F"):
    soft_shadow(
        p.im,
        (cx - w * 0.55, base_y - h * 0.06, cx + w * 0.7, base_y + h * 0.08),
        p.shadow,
        120,
        w * 0.08,
    )
    bh = h * 0.3
    b = shade_profile(256, wood, "#F4DEC0", mix(wood, "#000000", 0.45), spec=0.4).resize(
        (int(w), int(bh))
    )
    paste_shaded(
        p.im,
        (cx - w / 2, base_y - bh, cx + w / 2, base_y),
        b,
        lambda d, a, bb: d.rounded_rectangle((0, 0, a - 1, bb - 1), a * 0.08, fill=255),
    )
    # wood grain
    for k in range(5):
        y = base_y - bh * (0.15 + 0.17 * k)
        p.d.arc(
            (cx - w * 0.48, y - bh * 0.08, cx + w * 0.48, y + bh * 0.08),
            0,
            180,
            fill=rgba(mix(wood, "#000000", 0.25), 60),
            width=2,
        )
    dh = h * 0.72
    dome = sphere_image(256, body, "#FFFFFF", mix(body, "#8A8070", 0.6)).resize(
        (int(w), int(dh * 2))
    )
    paste_shaded(
        p.im,
        (cx - w / 2, base_y - bh - dh, cx + w / 2, base_y - bh + dh * 0.02),
        dome.crop((0, 0, int(w), int(dh))),
        lambda d, a, bb: d.pieslice((0, 0, a - 1, bb * 2), 180, 360, fill=255),
    )
    top = base_y - bh - dh
    p.d.ellipse(
        (cx - w * 0.06, top + dh * 0.03, cx + w * 0.06, top + dh * 0.07), fill=rgba("#8A8070", 160)
    )
    # mist rising in soft puffs
    rng = p.rng
    puffs = []
    x, y = cx, top
    for k in range(9):
        s = w * (0.07 + 0.045 * k)
        x += rng.uniform(-0.06, 0.09) * w
        y -= w * 0.12
        puffs.append(((x - s, y - s * 0.8, x + s, y + s * 0.8), "#FFFFFF", max(40, 235 - 22 * k)))
    glow(p.im, puffs, w * 0.06)
    glow(p.im, puffs[:4], w * 0.03)


def balm_tin(p, cx, base_y, w, h, balm="#F4E9C8"):
    soft_shadow(
        p.im,
        (cx - w * 0.55, base_y - h * 0.3, cx + w * 0.7, base_y + h * 0.25),
        p.shadow,
        130,
        w * 0.06,
    )
    eh = w * 0.24
    side = shade_profile(256, "#C9CDD0", "#FFFFFF", "#6F757A", spec=1.0).resize((int(w), int(h)))
    paste_shaded(
        p.im,
        (cx - w / 2, base_y - h, cx + w / 2, base_y),
        side,
        lambda d, a, b: (
            d.rectangle((0, eh / 2, a, b - eh / 2), fill=255),
            d.ellipse((0, b - eh, a - 1, b - 1), fill=255),
        ),
    )
    top = base_y - h
    p.d.ellipse((cx - w / 2, top, cx + w / 2, top + eh), fill=rgba("#DADDE0", 255))
    p.d.ellipse(
        (cx - w * 0.46, top + eh * 0.06, cx + w * 0.46, top + eh * 0.94), fill=rgba(balm, 255)
    )
    p.d.arc(
        (cx - w * 0.2, top + eh * 0.25, cx + w * 0.2, top + eh * 0.75),
        200,
        520,
        fill=rgba(mix(balm, "#000000", 0.12), 200),
        width=max(2, int(w * 0.012)),
    )


def bars(p, cx, base_y, s, col, specks):
    rng = p.rng
    for k, (dx, dy) in enumerate([(-0.75, -0.35), (0.55, -0.5), (-0.05, 0.1)]):
        x, y = cx + dx * s, base_y + dy * s
        w, h, t = s * 0.95, s * 0.62, s * 0.16
        soft_shadow(
            p.im, (x - w / 2, y - h * 0.1, x + w * 0.65, y + t + h * 0.15), p.shadow, 120, s * 0.06
        )
        p.d.rounded_rectangle(
            (x - w / 2, y - h / 2 + t, x + w / 2, y + h / 2 + t),
            s * 0.14,
            fill=rgba(mix(col, "#000000", 0.22), 255),
        )
        face = shade_profile(256, col, "#FFFFFF", mix(col, "#000000", 0.15), spec=0.4).resize(
            (int(w), int(h))
        )
        speckle(face, specks, 0.0006, rng, s * 0.012)
        paste_shaded(
            p.im,
            (x - w / 2, y - h / 2, x + w / 2, y + h / 2),
            face,
            lambda d, a, b: d.rounded_rectangle((0, 0, a - 1, b - 1), s * 0.14, fill=255),
        )
        for j in range(6):
            a = j * math.pi / 3 + 0.3 * k
            p.d.polygon(
                leaf_poly(x, y, h * 0.28, h * 0.12, a, blunt=0.8),
                outline=rgba(mix(col, "#000000", 0.2), 150),
                width=max(2, int(s * 0.01)),
            )


def towel(p, x, y, w, h, col, stripe):
    soft_shadow(
        p.im, (x - w * 0.05, y + h * 0.5, x + w * 1.08, y + h * 1.15), p.shadow, 90, h * 0.2
    )
    for k in range(2):
        yy = y + k * h * 0.52
        p.d.rounded_rectangle(
            (x, yy, x + w, yy + h * 0.5), h * 0.2, fill=rgba(mix(col, "#000000", 0.06 * k), 255)
        )
        p.d.rectangle(
            (x + w * 0.78, yy + h * 0.02, x + w * 0.84, yy + h * 0.48), fill=rgba(stripe, 200)
        )
        p.d.line(
            [(x + h * 0.1, yy + h * 0.42), (x + w - h * 0.1, yy + h * 0.42)],
            fill=rgba(mix(col, "#000000", 0.12), 120),
            width=3,
        )


# ---------------------------------------------------------------- scenes


def seed_for(text):
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:12], 16)


def pick_theme(recipe):
    title = recipe.get("title", "").lower()
    items = " ".join(
        str(i if isinstance(i, str) else i.get("item", "")) for i in recipe.get("ingredients", [])
    ).lower()
    for word, theme in KEYWORDS:
        if word in title:
            return theme
    # otherwise the botanical named first in the ingredient list wins
    hits = [(items.find(word), theme) for word, theme in KEYWORDS if word in items]
    return min(hits)[1] if hits else "lavender"


def background(size, chapter, rng, horizon):
    W, H = size
    pal = CHAPTERS[chapter]
    im = vgradient(size, *pal["bg"])
    table = vgradient((W, H - horizon), *pal["table"])
    im.paste(table, (0, horizon))
    # soften the horizon line
    band = im.crop((0, horizon - 40 * SS, W, horizon + 40 * SS)).filter(
        ImageFilter.GaussianBlur(14 * SS)
    )
    im.paste(band, (0, horizon - 40 * SS))
    # bokeh in the upper part
    shapes = []
    for _ in range(rng.randint(5, 8)):
        r = rng.uniform(0.04, 0.11) * W
        x, y = rng.uniform(0, W), rng.uniform(0, horizon * 0.9)
        shapes.append(((x - r, y - r, x + r, y + r), "#FFFFFF", rng.randint(60, 120)))
    glow(im, shapes, 24 * SS)
    return im


def vignette(im, strength=0.16):
    W, H = im.size
    g = (
        Image.radial_gradient("L")
        .resize((W, H), Image.BICUBIC)
        .point(lambda v: int(min(255, max(0, (v - 120) * 1.6)) * strength))
    )
    dark = Image.new("RGB", (W, H), (40, 30, 25))
    im.paste(dark, (0, 0), g)
    return im


def recipe_scene(recipe, slug):
    """A wide still life: the product in the middle band, botanicals on either side.

    The book prints recipe photos as wide banners (2:1 down to about 6:1), so everything
    that matters sits in a horizontal band around 35-80% of the height.
    """
    rng = random.Random(seed_for(slug))
    chapter = recipe["category"]
    theme = THEMES[pick_theme(recipe)]
    W, H = RECIPE_SIZE[0] * SS, RECIPE_SIZE[1] * SS
    horizon = int(H * rng.uniform(0.46, 0.52))
    im = background((W, H), chapter, rng, horizon)
    p = Painter(im, rng, CHAPTERS[chapter]["shadow"])
    flip = rng.random() < 0.5
    side = 1 if flip else -1  # which side of the hero the small props go
    hero_x = W * (0.54 if flip else 0.46) + rng.uniform(-0.03, 0.03) * W
    decor_x = W * (0.2 if flip else 0.8)
    floor = H * rng.uniform(0.72, 0.76)
    tint, specks = theme["tint"], theme["speck"]
    title = recipe.get("title", "").lower()
    use = recipe.get("use", "")

    def lying(kind_side):
        """An angle for a sprig lying diagonally on the table, tip away from the hero."""
        a = rng.uniform(0.55, 1.1)
        return -math.pi / 2 + (a if kind_side > 0 else -a)

    # background props and the first botanical lie behind the hero
    kinds = theme["decor"]
    if chapter in ("body-scrub", "massage-oil", "essential-oil-blend") and rng.random() < 0.45:
        towel(
            p,
            W * (0.62 if flip else 0.1) + side * W * 0.1,
            horizon - H * 0.1,
            H * 0.5,
            H * 0.16,
            "#FBF7EF",
            specks[0],
        )
    p.decor(
        kinds[0],
        decor_x - H * 0.2,
        floor + H * 0.1,
        H * 0.55,
        lying(1 if not flip else -1) if kinds[0] in SPRIGS else 0,
    )

    if chapter == "body-scrub":
        w = H * rng.uniform(0.34, 0.37)
        if use == "face":
            jar(p, hero_x, floor, w, w * 0.62, tint, specks, lid="#E8E1D4", texture=0.002)
        else:
            jar(
                p,
                hero_x,
                floor,
                w,
                w * 0.88,
                tint,
                specks,
                lid=rng.choice(["#C9A27A", "#D8C3A5", "#B8B0A2"]),
            )
        spoon(
            p,
            hero_x - side * w * 0.95,
            floor + H * 0.06,
            w * 0.75,
            (math.pi if flip else 0) + rng.uniform(-0.5, -0.2) * side,
            tint,
        )
    elif chapter == "bath-bomb":
        n = rng.randint(2, 3)
        r0 = H * rng.uniform(0.13, 0.145)
        if "fizzies" in title:
            n, r0 = 5, H * 0.085
        p.d.ellipse(
            (hero_x - r0 * 3.2, floor - r0 * 0.3, hero_x + r0 * 3.2, floor + r0 * 1.2),
            fill=rgba("#FFFFFF", 110),
        )
        spots = []
        for k in range(n):
            ang = k * 2 * math.pi / n + rng.uniform(-0.3, 0.3)
            spots.append((floor + math.sin(ang) * r0 * 0.45, hero_x + math.cos(ang) * r0 * 1.75))
        for y, x in sorted(spots):
            bath_bomb(
                p,
                x,
                y - r0 * 0.25,
                r0 * rng.uniform(0.9, 1.05),
                mix(tint, "#FFFFFF", rng.uniform(0, 0.25)),
                specks,
            )
        bubbles(p, hero_x, floor - r0 * 1.9, r0 * 3, 14)
    elif chapter == "bath-salt":
        R = H * rng.uniform(0.3, 0.33)
        salt = ["#FFFFFF", "#F4F7F8", "#E8EEF0", mix(tint, "#FFFFFF", 0.3)]
        if "pink" in title or "rose" in title:
            salt = ["#F9E1E3", "#F3CCD2", "#FFFFFF", "#EDB9C2"]
        extra = [
            (
                hero_x + rng.uniform(-1.7, 1.7) * R,
                floor + R * rng.uniform(0.2, 0.5),
                R * rng.uniform(0.04, 0.07),
                rng.choice(salt),
            )
            for _ in range(9)
        ]
        salt_bowl(
            p,
            hero_x,
            floor - R * 0.45,
            R,
            rng.choice(["#F4F1EA", "#E9EEF0", "#DCE6EA"]),
            salt,
            extra,
        )
        if rng.random() < 0.6:
            p.decor(
                kinds[-1],
                hero_x + side * R * 1.45,
                floor + H * 0.08,
                H * 0.3,
                lying(side) if kinds[-1] in SPRIGS else 0,
            )
    elif chapter == "massage-oil" and "bars" in title:
        bars(p, hero_x, floor - H * 0.1, H * 0.24, "#F2E4C4", ["#9F82C6", "#F29A38"])
    elif chapter == "massage-oil" or use in ("leave-on", "face", "bath"):
        w = H * rng.uniform(0.15, 0.16)
        glass = rng.choice(["#A65F1C", "#9A5A1E"]) if chapter == "massage-oil" else "#8C6A3A"
        if "balm" in title:
            balm_tin(p, hero_x, floor, H * 0.42, H * 0.2)
            p.decor(
                kinds[-1],
                hero_x + side * H * 0.4,
                floor + H * 0.1,
                H * 0.3,
                lying(side) if kinds[-1] in SPRIGS else 0,
            )
        elif "roll-on" in title:
            for k, dx in enumerate((-0.9, 0.9)):
                bottle(
                    p,
                    hero_x + dx * w * 0.62,
                    floor - k * H * 0.025,
                    w * 0.6,
                    w * 1.55,
                    rng.choice(["#6E7F98", "#8A6BA8", "#A65F1C"]),
                    cap="roller",
                    label=k == 1,
                    accent=specks[0],
                )
        elif use == "bath":
            bottle(
                p,
                hero_x,
                floor,
                w * 1.05,
                w * 2.0,
                "#EFD9D9",
                cap="cork",
                accent=specks[0],
                liquid="#E7A3A8",
            )
        else:
            bottle(
                p,
                hero_x,
                floor,
                w,
                w * 1.55,
                glass,
                cap="dropper",
                accent=specks[0] if use != "face" else "#C9A27A",
            )
            if rng.random() < 0.7:
                bottle(
                    p,
                    hero_x + side * w * 1.3,
                    floor + H * 0.03,
                    w * 0.72,
                    w * 1.1,
                    glass,
                    cap="dropper",
                    label=False,
                )
    elif use == "inhaler":
        inhaler(
            p, hero_x, floor, H * 0.095, H * 0.34, rng.choice(["#E9ECEE", "#D9E4DA", "#E7DEEE"])
        )
    elif use == "diffuser":
        diffuser(p, hero_x, floor, H * 0.3, H * 0.33)

    # a second, smaller botanical in front, on the far side
    if len(kinds) > 1 or rng.random() < 0.6:
        k2 = kinds[1] if len(kinds) > 1 else kinds[0]
        x2 = W * (0.88 if flip else 0.12) if k2 not in SPRIGS else decor_x + side * H * 0.12
        p.decor(k2, x2, floor + H * 0.13, H * 0.4, lying(-side) if k2 in SPRIGS else 0)
    im = vignette(im)
    return im.resize(RECIPE_SIZE, Image.LANCZOS)


def cover_scene():
    rng = random.Random(seed_for("cover"))
    W, H = COVER_SIZE[0] * SS, COVER_SIZE[1] * SS
    horizon = int(H * 0.6)
    im = vgradient((W, H), "#F7F0E8", "#EADFD6")
    im.paste(vgradient((W, H - horizon), "#E4D3C3", "#D0BBA6"), (0, horizon))
    band = im.crop((0, horizon - 60 * SS, W, horizon + 60 * SS)).filter(
        ImageFilter.GaussianBlur(20 * SS)
    )
    im.paste(band, (0, horizon - 60 * SS))
    glow(
        im,
        [
            ((x - r, y - r, x + r, y + r), c, a)
            for x, y, r, c, a in [
                (W * 0.15, H * 0.18, W * 0.16, "#FFFFFF", 90),
                (W * 0.82, H * 0.12, W * 0.2, "#F3E6F2", 110),
                (W * 0.6, H * 0.42, W * 0.14, "#FFFFFF", 70),
                (W * 0.3, H * 0.48, W * 0.1, "#E9F1F4", 80),
            ]
        ],
        30 * SS,
    )
    p = Painter(im, rng, (90, 66, 60))
    floor = H * 0.78
    towel(p, W * 0.62, horizon - H * 0.05, W * 0.32, H * 0.08, "#FBF7EF", "#B29AD4")
    p.decor("lavender", W * 0.05, floor + H * 0.16, W * 0.5, -math.pi / 2 + 0.9)
    salt_bowl(
        p,
        W * 0.7,
        floor - H * 0.12,
        W * 0.17,
        "#E9EEF0",
        ["#FFFFFF", "#F4F7F8", "#E8EEF0", "#F3D6DC"],
        [],
    )
    jar(
        p,
        W * 0.28,
        floor - H * 0.03,
        W * 0.26,
        W * 0.25,
        "#E4DAF0",
        THEMES["lavender"]["speck"],
        texture=0.0025,
    )
    bottle(
        p, W * 0.5, floor + H * 0.005, W * 0.12, W * 0.2, "#A65F1C", cap="dropper", accent="#9F82C6"
    )
    p.citrus(W * 0.36, floor + H * 0.1, W * 0.05)
    p.petals(W * 0.54, floor + H * 0.13, W * 0.1, n=5)
    bath_bomb(p, W * 0.66, floor + H * 0.075, W * 0.085, "#F2C9D3", THEMES["rose"]["speck"])
    bath_bomb(p, W * 0.84, floor + H * 0.06, W * 0.07, "#E4DAF0", THEMES["lavender"]["speck"])
    p.decor("mint", W * 1.0, floor + H * 0.19, W * 0.24, -math.pi / 2 - 0.8)
    im = vignette(im, 0.12)
    return im.resize(COVER_SIZE, Image.LANCZOS)


def load_recipes():
    for path in sorted(RECIPES.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        if not isinstance(data, dict) or "category" not in data:
            continue
        image = data.get("image") or f"{path.stem}.jpg"
        yield Path(image).stem, data


def main(argv):
    IMAGES.mkdir(exist_ok=True)
    wanted = set(argv)
    count = 0
    for slug, recipe in load_recipes():
        if wanted and slug not in wanted:
            continue
        if recipe["category"] not in CHAPTERS:
            print(f"skip {slug}: no palette for category {recipe['category']!r}")
            continue
        recipe_scene(recipe, slug).save(IMAGES / f"{slug}.jpg", **JPEG)
        count += 1
    if not wanted:
        cover_scene().save(IMAGES / "cover.jpg", **JPEG)
        count += 1
    total = sum(f.stat().st_size for f in IMAGES.glob("*.jpg"))
    print(f"Done: wrote {count} images; images/ holds {total / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
