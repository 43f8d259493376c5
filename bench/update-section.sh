#!/usr/bin/env bash
# Replaces (or appends) one section of docs/benchmarks.md, so each benchmark owns its part of the file.
#   bench/update-section.sh <name> <file-with-markdown>
set -euo pipefail
name=$1; body=$2
top=$(cd "$(dirname "$0")/.." && pwd)
doc="$top/docs/benchmarks.md"
[ -f "$doc" ] || printf '# Benchmarks\n\nFigures written by the scripts under `bench/`; each section says how to re-run it.\n' > "$doc"
begin="<!-- BEGIN $name -->"; end="<!-- END $name -->"
python3 - "$doc" "$begin" "$end" "$body" <<'PY'
import sys
doc, begin, end, body = sys.argv[1:]
text = open(doc).read()
new = begin + "\n" + open(body).read().rstrip() + "\n" + end
if begin in text and end in text:
    pre = text[:text.index(begin)]
    post = text[text.index(end) + len(end):]
    text = pre + new + post
else:
    text = text.rstrip() + "\n\n" + new + "\n"
open(doc, "w").write(text)
PY
echo "updated section '$name' of docs/benchmarks.md"
