"""Draw the site's icon (a white compass star on navy) as static/favicon.ico.

The same design is static/favicon.svg, which modern browsers use; the .ico (16 and 32
pixels, 32-bit BMP images) serves /favicon.ico for the rest. Standard library only:

    python scripts/make_favicon.py
"""

import struct
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "static" / "favicon.ico"
NAVY, WHITE, GOLD = (0x1D, 0x35, 0x57), (0xFF, 0xFF, 0xFF), (0xE9, 0xC4, 0x6A)


def colour_at(x, y, size):
    """RGBA of pixel (x, y), sampled 4x4 so the edges are smoothed."""
    totals = [0, 0, 0, 0]
    for sx in range(4):
        for sy in range(4):
            u = (x + (sx + 0.5) / 4) / size * 32 - 16  # design space: -16..16
            v = (y + (sy + 0.5) / 4) / size * 32 - 16
            colour = _design(u, v)
            if colour:
                for i, c in enumerate(colour):
                    totals[i] += c
                totals[3] += 255
    n = 16
    alpha = totals[3] // n
    if not alpha:
        return (0, 0, 0, 0)
    covered = totals[3] // 255
    return (*(t // covered for t in totals[:3]), alpha)


def _design(u, v):
    # A rounded square of side 32 (corner radius 6), a four-pointed star, a gold centre.
    cx, cy = max(abs(u) - 10, 0), max(abs(v) - 10, 0)
    if cx * cx + cy * cy > 36:
        return None
    if u * u + v * v <= 2.6**2:
        return GOLD
    if abs(u) / 3.2 + abs(v) / 12.5 <= 1 or abs(u) / 12.5 + abs(v) / 3.2 <= 1:
        return WHITE
    return NAVY


def bmp(size):
    rows = []
    for y in reversed(range(size)):  # BMP rows run bottom-up
        row = b"".join(
            bytes((b, g, r, a)) for r, g, b, a in (colour_at(x, y, size) for x in range(size))
        )
        rows.append(row)
    mask_row = b"\0" * (((size + 31) // 32) * 4)
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    return header + b"".join(rows) + mask_row * size


def main():
    images = [bmp(size) for size in (16, 32)]
    offset = 6 + 16 * len(images)
    directory = struct.pack("<HHH", 0, 1, len(images))
    for size, image in zip((16, 32), images, strict=True):
        directory += struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(image), offset)
        offset += len(image)
    OUT.write_bytes(directory + b"".join(images))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
