#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks gridwatch-townd.service, as TAP: it keeps its hardening, and
`systemd-analyze verify` accepts it without a warning (skipped, with a
message, where systemd-analyze is missing).

verify wants ExecStart's program to exist: the unit names the installed
one, so the copy verified here names the built binary instead.

Usage: check-systemd-unit.py UNIT GRIDWATCH_TOWND
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

UNIT, TOWND = sys.argv[1], sys.argv[2]
text = open(UNIT, encoding="utf-8").read()
results = []

# What the service must keep; a value of None only asks for the key.
REQUIRED = {
    "DynamicUser": "yes",
    "StateDirectory": "gridwatch",
    "ConfigurationDirectory": "gridwatch",
    "UMask": "0077",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "PrivateDevices": "yes",
    "NoNewPrivileges": "yes",
    "CapabilityBoundingSet": "",
    "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
    "SystemCallFilter": "@system-service",
    "SystemCallArchitectures": "native",
    "LockPersonality": "yes",
    "MemoryDenyWriteExecute": "yes",
    "ProtectKernelTunables": "yes",
    "ProtectKernelModules": "yes",
    "ProtectKernelLogs": "yes",
    "ProtectControlGroups": "yes",
    "LimitNOFILE": "65536",
    "Restart": "on-failure",
}


def values(key):
    return [m.group(1).strip() for m in re.finditer(r"^%s=(.*)$" % re.escape(key), text, re.M)]


def hardening():
    missing = [k for k, v in REQUIRED.items() if v not in values(k)]
    if missing:
        return False, "missing or changed: " + ", ".join("%s=%s" % (k, REQUIRED[k]) for k in missing)
    execs = values("ExecStart")
    if len(execs) != 1 or "--config " not in execs[0] or not execs[0].split()[0].endswith("/gridwatch-townd"):
        return False, "ExecStart must run gridwatch-townd --config FILE, not %r" % execs
    return True, ""


def verify():
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        return None, "systemd-analyze is not installed (Debian package systemd)"
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "gridwatch-townd.service")
        with open(copy, "w", encoding="utf-8") as f:
            f.write(re.sub(r"^ExecStart=\S+", "ExecStart=" + TOWND, text, flags=re.M))
        run = subprocess.run([analyze, "verify", "--man=no", copy], capture_output=True, text=True)
    said = [l for l in (run.stdout + run.stderr).splitlines() if l.strip()]
    if run.returncode != 0 or said:
        return False, "systemd-analyze verify (exit %d):\n%s" % (run.returncode, "\n".join(said))
    return True, ""


results.append(("the unit keeps its hardening",) + hardening())
results.append(("systemd-analyze verify accepts the unit",) + verify())

print("TAP version 13")
print("1..%d" % len(results))
for i, (name, ok, why) in enumerate(results, 1):
    if ok is None:
        print("ok %d - %s # SKIP %s" % (i, name, why))
        continue
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    for line in why.splitlines():
        print("# " + line)
sys.exit(0 if all(r[1] is not False for r in results) else 1)
