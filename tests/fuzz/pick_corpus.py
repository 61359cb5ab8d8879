#!/usr/bin/env python3
"""Adds the most useful new units to a committed corpus, within a budget (scripts/fuzz --merge).

libFuzzer's merge (-merge=1 -merge_control_file=CONTROL) keeps every unit that adds a feature,
which for these targets is hundreds of units. This reads its control file instead (each unit's
path, then "FT <index> <features new at that point>"), and copies into COMMITTED the units of
other folders that added the most features, largest contribution first, until the committed
folder holds MAX_FILES files or MAX_BYTES bytes. Units are named by the SHA-1 of their bytes.

Usage: pick_corpus.py CONTROL COMMITTED MAX_FILES MAX_BYTES
"""
import hashlib
import os
import sys


def main():
    control, committed, max_files, max_bytes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(
        sys.argv[4])
    with open(control, encoding="utf-8", errors="surrogateescape") as f:
        lines = f.read().split("\n")
    count = int(lines[0])
    paths = lines[2:2 + count]
    gains = {}
    for line in lines[2 + count:]:
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "FT":
            gains[int(parts[1])] = len(parts) - 2
    committed = os.path.abspath(committed)
    names = os.listdir(committed)
    files = len(names)
    size = sum(os.path.getsize(os.path.join(committed, n)) for n in names)
    ranked = sorted((i for i, gain in gains.items() if gain > 0), key=lambda i: -gains[i])
    added = 0
    for i in ranked:
        path = paths[i]
        if os.path.abspath(os.path.dirname(path)) == committed:
            continue
        with open(path, "rb") as f:
            data = f.read()
        if files + 1 > max_files or size + len(data) > max_bytes:
            continue
        target = os.path.join(committed, hashlib.sha1(data).hexdigest())
        if os.path.exists(target):
            continue
        with open(target, "wb") as f:
            f.write(data)
        files += 1
        size += len(data)
        added += 1
    print(f"{added} units added: {files} files, {size} bytes")


if __name__ == "__main__":
    main()
