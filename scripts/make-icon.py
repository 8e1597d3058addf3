"""Draws the app icon (resources/icon.png, 1024 px): three clusters of dots on a blue tile.
Run with Debian's python3-pil: /usr/bin/python3 scripts/make-icon.py. electron-builder makes the
.ico and .icns from it."""
import random
from pathlib import Path
from PIL import Image, ImageDraw

SIZE = 1024
SCALE = 4  # draw large, then downsample for smooth edges
img = Image.new("RGBA", (SIZE * SCALE, SIZE * SCALE), (0, 0, 0, 0))
draw = ImageDraw.Draw(img)
pad = 64 * SCALE
draw.rounded_rectangle((pad, pad, SIZE * SCALE - pad, SIZE * SCALE - pad), radius=200 * SCALE, fill=(31, 95, 191, 255))
random.seed(7)
clusters = [((360, 380), (230, 159, 0)), ((660, 420), (0, 158, 115)), ((500, 680), (255, 255, 255))]
for (cx, cy), colour in clusters:
    for _ in range(14):
        x = cx + random.gauss(0, 55)
        y = cy + random.gauss(0, 55)
        r = 30
        draw.ellipse(((x - r) * SCALE, (y - r) * SCALE, (x + r) * SCALE, (y + r) * SCALE), fill=colour + (255,))
img = img.resize((SIZE, SIZE), Image.LANCZOS)
out = Path(__file__).resolve().parent.parent / "resources" / "icon.png"
img.save(out)
print(out)
