#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Count test results from meson's testlog.json and print the closing line
`tests: N passed, N failed, N skipped`. TAP tests count by their ok/not ok
lines; other tests count as one each. A TAP program that crashed before it
reported is one failure more.

Usage: count-tests.py BUILD_DIR
Exit status: 0 when nothing failed.
"""

import json
import os
import re
import sys

log = os.path.join(sys.argv[1], "meson-logs", "testlog.json")
passed = failed = skipped = 0

try:
    entries = [json.loads(line) for line in open(log, encoding="utf-8") if line.strip()]
except FileNotFoundError:
    entries = []

def speaks_tap(entry):
    # meson 1.0 does not record the protocol; TAP shows in its plan line.
    if entry.get("protocol") == "tap":
        return True
    return any(re.match(r"^1\.\.\d+", line) for line in (entry.get("stdout") or "").splitlines())


for entry in entries:
    result = entry.get("result")
    if speaks_tap(entry):
        ok = nok = skip = 0
        for line in (entry.get("stdout") or "").splitlines():
            if re.match(r"^not ok\b", line):
                if re.search(r"#\s*TODO", line, re.I):
                    continue
                nok += 1
            elif re.match(r"^ok\b", line):
                if re.search(r"#\s*SKIP", line, re.I):
                    skip += 1
                else:
                    ok += 1
        if result not in ("OK", "SKIP", "EXPECTEDFAIL") and nok == 0:
            nok = 1   # crashed, timed out or exited non-zero without saying why
        passed, failed, skipped = passed + ok, failed + nok, skipped + skip
    elif result in ("OK", "EXPECTEDFAIL"):
        passed += 1
    elif result == "SKIP":
        skipped += 1
    else:
        failed += 1

if not entries:
    failed += 1
    print("no test results found in %s" % log, file=sys.stderr)

print("tests: %d passed, %d failed, %d skipped" % (passed, failed, skipped))
sys.exit(1 if failed else 0)
