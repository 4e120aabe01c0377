#!/usr/bin/env python3
"""Prints one 'N passed, N failed[, N skipped]' line over JUnit XML files,
after one 'skipped N: reason' line per skip reason.

Exits non-zero if any test failed or errored, or if no test ran at all.
"""
import sys
import xml.etree.ElementTree as ET


def main(paths):
    passed = failed = skipped = 0
    reasons = {}
    for path in paths:
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as e:
            print(f"cannot read test results {path}: {e}", file=sys.stderr)
            failed += 1
            continue
        for case in root.iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            elif case.find("skipped") is not None:
                skipped += 1
                reason = case.find("skipped").get("message", "").strip()
                reason = reason.split(": ", 1)[-1] if reason.startswith("Skipped") else reason
                reasons[reason or "no reason given"] = reasons.get(reason or "no reason given", 0) + 1
            else:
                passed += 1
    # Why tests were skipped (e.g. VNNI execution on a host without it),
    # before the closing line.
    for reason, n in sorted(reasons.items(), key=lambda r: -r[1]):
        print(f"skipped {n}: {reason}")
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
