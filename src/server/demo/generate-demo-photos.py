#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the demo's site photos: small PNG scenes (a street, a wall, a
kerb) with the thing reported in the middle, before and after the work.

They stand in for the photos grid workers take with their phones, so the
demo's case panel has real images to load. Deterministic: the same bytes
on every build.

usage: generate-demo-photos.py OUTPUT-DIR NAME...
"""
import os
import random
import struct
import sys
import zlib

W, H = 480, 360


def png(pixels):
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def scene(seed, after):
    rnd = random.Random(seed)
    sky = (rnd.randint(150, 200), rnd.randint(180, 215), rnd.randint(215, 245))
    wall = (rnd.randint(150, 200), rnd.randint(140, 180), rnd.randint(120, 160))
    road = (rnd.randint(90, 120),) * 3
    horizon, kerb = int(H * 0.35), int(H * 0.62)
    rows = []
    for y in range(H):
        row = bytearray()
        for x in range(W):
            if y < horizon:
                t = y / horizon
                c = tuple(int(s * (1 - 0.25 * t)) for s in sky)
            elif y < kerb:
                # A wall with joints every 40 px.
                c = tuple(v - 25 for v in wall) if (x % 40 < 2 or (y - horizon) % 24 < 2) else wall
            else:
                c = road
            n = rnd.randint(-6, 6)
            row += bytes(max(0, min(255, v + n)) for v in c)
        rows.append(row)

    def blob(cx, cy, rx, ry, colour):
        for y in range(max(0, cy - ry), min(H, cy + ry)):
            for x in range(max(0, cx - rx), min(W, cx + rx)):
                if ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1:
                    n = rnd.randint(-10, 10)
                    rows[y][3 * x:3 * x + 3] = bytes(max(0, min(255, v + n)) for v in colour)

    if not after:
        # What was reported: bags, boxes and a puddle on the pavement.
        for _ in range(rnd.randint(4, 8)):
            colour = rnd.choice([(40, 40, 45), (200, 200, 190), (60, 110, 60), (170, 120, 60), (30, 60, 140)])
            blob(rnd.randint(120, 360), rnd.randint(kerb - 10, kerb + 70), rnd.randint(18, 45), rnd.randint(12, 30), colour)
        blob(rnd.randint(150, 330), kerb + 95, 90, 18, (70, 80, 95))
    else:
        # Cleared: a broom leaning on the wall.
        for y in range(kerb - 90, kerb + 10):
            x = 300 + (y - kerb) // 4
            rows[y][3 * x:3 * x + 6] = bytes((120, 80, 40) * 2)
        blob(276, kerb + 12, 16, 8, (180, 150, 60))
    return png(rows)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for i, name in enumerate(sys.argv[2:]):
        with open(os.path.join(out, name), "wb") as f:
            f.write(scene(1000 + i // 2, after=name.startswith("after")))


if __name__ == "__main__":
    main()
