#!/usr/bin/python3
"""Counts test results in meson testlog.json files.

A TAP test contributes one result per subtest ("ok N …" / "not ok N …");
a test that crashed, timed out or printed no TAP counts as one failure.
Prints "P F" for the given logs.
"""
import json
import re
import sys

passed = failed = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        failed += 1
        continue
    for line in lines:
        if not line.strip():
            continue
        entry = json.loads(line)
        result = entry.get("result")
        out = entry.get("stdout") or ""
        ok = len(re.findall(r"^ok \d+", out, re.M))
        not_ok = len(re.findall(r"^not ok \d+", out, re.M))
        # skipped subtests print "ok N # SKIP": they are not passes
        skipped = len(re.findall(r"^ok \d+[^\n]*# SKIP", out, re.M))
        ok -= skipped
        if result in ("OK", "EXPECTEDFAIL", "SKIP"):
            if ok + not_ok == 0 and result != "SKIP":
                passed += 1
            else:
                passed += ok
                failed += not_ok
        else:
            failed += max(1, not_ok)
            passed += ok
print(passed, failed)
