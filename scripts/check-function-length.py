#!/usr/bin/env python3
"""Lists brace blocks of C++ functions (and lambdas) in lib/ longer than a limit.

    scripts/check-function-length.py [--limit 150] [dirs...]

A quick brace matcher, not a parser: comments and string literals are
stripped per line, and blocks opened by namespace/struct/class/enum lines
are not functions. Exits 1 when some function is longer than the limit
(docs/MicroKernels.md, STYLE: no function in lib/ over about 150 lines).
"""
import argparse
import pathlib
import re
import sys


def blocks(path):
    lines = path.read_text().split('\n')
    stack = []
    for i, line in enumerate(lines):
        code = re.sub(r'//.*', '', line)
        code = re.sub(r'"(\\.|[^"\\])*"', '""', code)
        code = re.sub(r"'(\\.|[^'\\])*'", "''", code)
        for ch in code:
            if ch == '{':
                stack.append(i)
            elif ch == '}' and stack:
                start = stack.pop()
                yield start, i - start + 1, lines[start].strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--limit', type=int, default=150)
    parser.add_argument('dirs', nargs='*', default=['lib'])
    args = parser.parse_args()
    root = pathlib.Path(__file__).resolve().parent.parent
    long = []
    for d in args.dirs:
        base = pathlib.Path(d)
        if not base.is_absolute():
            base = root / base
        for path in sorted(base.rglob('*.cpp')) + sorted(base.rglob('*.h')):
            for start, n, head in blocks(path):
                if n <= args.limit or re.match(
                        r'(namespace|struct|class|enum|union)\b', head) or \
                        'namespace' in head:
                    continue
                long.append(f'{path.relative_to(root)}:{start + 1}: {n} lines')
    for entry in long:
        print(entry)
    return 1 if long else 0


if __name__ == '__main__':
    sys.exit(main())
