#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks of the files around the code, as TAP: the Flatpak manifest names
every module the build needs, the metainfo screenshot exists, the
translation is complete and POTFILES lists every file with strings.

Usage: check-project-files.py SOURCE_ROOT BUILD_ROOT
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SOURCE, BUILD = sys.argv[1], sys.argv[2]
results = []

# What the GNOME runtime already provides, by pkg-config name.
GNOME_RUNTIME = {
    "gio-2.0", "gio-unix-2.0", "json-glib-1.0", "sqlite3", "libsoup-3.0",
    "gtk4", "libadwaita-1", "libsecret-1", "gnutls", "pangocairo", "cairo-pdf", "libxml-2.0", "x11", "epoxy",
}
# pkg-config names that a manifest module provides, by module name.
MODULE_PROVIDES = {"libshumate": {"shumate-1.0"}, "libgsf": {"libgsf-1"}, "libxlsxwriter": {"xlsxwriter"}, "geos": {"geos"}}


def check(name):
    def wrap(fn):
        try:
            fn()
            results.append((True, name, ""))
        except AssertionError as e:
            results.append((False, name, str(e)))
        return fn
    return wrap


def meson_dependencies():
    deps = set()
    for root, _, files in os.walk(SOURCE):
        if "_build" in root or "/." in root:
            continue
        for f in files:
            if f == "meson.build":
                text = open(os.path.join(root, f), encoding="utf-8").read()
                # An optional one (systemd, for where its unit goes) is not needed.
                for name, rest in re.findall(r"dependency\('([^']+)'([^)]*)\)", text):
                    if not re.search(r"required\s*:\s*false", rest):
                        deps.add(name)
    return deps


@check("flatpak manifest parses and names every module the build needs")
def flatpak_manifest():
    path = os.path.join(SOURCE, "flatpak", "org.gridwatch.Gridwatch.json")
    manifest = json.load(open(path, encoding="utf-8"))
    assert manifest.get("id", manifest.get("app-id")) == "org.gridwatch.Gridwatch", "wrong app id"
    assert manifest.get("runtime") == "org.gnome.Platform", "not the GNOME runtime"
    assert manifest.get("sdk") == "org.gnome.Sdk", "not the GNOME SDK"
    assert manifest.get("command") == "gridwatch", "wrong command"
    modules = {m["name"]: m for m in manifest["modules"]}
    assert list(modules)[-1] == "gridwatch", "the app must be the last module"
    app = modules["gridwatch"]
    assert app.get("buildsystem") == "meson", "the app builds with meson"
    assert any(s.get("type") == "dir" for s in app.get("sources", [])), "the app builds from the local tree"
    provided = set(GNOME_RUNTIME)
    for name, module in modules.items():
        provided |= MODULE_PROVIDES.get(name, set())
        assert module.get("sources"), "module %s has no sources" % name
    missing = meson_dependencies() - provided
    assert not missing, "no module provides %s" % ", ".join(sorted(missing))
    shumate = modules.get("libshumate")
    assert shumate and shumate.get("buildsystem") == "meson", "libshumate must be built as a meson module"


@check("metainfo screenshot is in docs/")
def metainfo_screenshot():
    tree = ET.parse(os.path.join(SOURCE, "data", "org.gridwatch.Gridwatch.metainfo.xml.in"))
    images = [i.text for i in tree.iter("image")]
    assert images, "no screenshot"
    for url in images:
        name = url.rsplit("/", 1)[-1]
        png = os.path.join(SOURCE, "docs", "screenshots", name)
        assert os.path.exists(png), "%s is not in docs/screenshots" % name
        assert open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n", "%s is not a PNG" % name


def translatable_files():
    found = []
    for top in ("src", "data"):
        for root, _, files in os.walk(os.path.join(SOURCE, top)):
            for f in sorted(files):
                path = os.path.join(root, f)
                rel = os.path.relpath(path, SOURCE)
                if f.endswith(".c"):
                    text = open(path, encoding="utf-8").read()
                    if re.search(r"\b(N?_|C_|NC_|g_dngettext)\s*\(", text):
                        found.append(rel)
                elif f.endswith(".ui"):
                    if 'translatable="yes"' in open(path, encoding="utf-8").read():
                        found.append(rel)
                elif f.endswith((".desktop.in", ".metainfo.xml.in", ".gschema.xml")):
                    found.append(rel)
    return found


@check("POTFILES.in lists every file with translatable strings")
def potfiles():
    listed = [l.strip() for l in open(os.path.join(SOURCE, "po", "POTFILES.in"), encoding="utf-8")
              if l.strip() and not l.startswith("#")]
    for rel in listed:
        assert os.path.exists(os.path.join(SOURCE, rel)), "POTFILES.in lists missing %s" % rel
    missing = sorted(set(translatable_files()) - set(listed))
    assert not missing, "POTFILES.in lacks %s" % ", ".join(missing)


@check("zh_CN.po translates every message")
def zh_cn_complete():
    po = os.path.join(SOURCE, "po", "zh_CN.po")
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "gridwatch.pot")
        subprocess.run(
            ["xgettext", "--from-code=UTF-8", "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
             "--keyword=NC_:1c,2", "--keyword=g_dngettext:2,3", "--add-comments",
             "--directory", SOURCE, "--files-from", os.path.join(SOURCE, "po", "POTFILES.in"),
             "--output", pot], check=True)
        cmp = subprocess.run(["msgcmp", "--use-untranslated", po, pot], capture_output=True, text=True)
        assert cmp.returncode == 0, "messages missing from zh_CN.po:\n" + cmp.stderr[:3000]
        stats = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po],
                               capture_output=True, text=True)
        assert stats.returncode == 0, stats.stderr
        assert "untranslated" not in stats.stderr and "fuzzy" not in stats.stderr, stats.stderr.strip()


print("TAP version 13")
print("1..%d" % len(results))
for i, (ok, name, why) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    for line in why.splitlines():
        print("# " + line)
sys.exit(0 if all(r[0] for r in results) else 1)
