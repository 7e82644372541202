"""Write the fingerprints of the five commissioned articles, so tests can find copied wording.

The articles are not part of the course (they live in ../shared/seeds/); the course keeps only a
short hash of each run of nine words, from which no sentence can be read back. Run by a
maintainer when the articles change:
    python tools/fingerprint_articles.py ../shared/seeds/0*.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lessons.audit import RUN_LENGTH, fingerprint, words  # noqa: E402

FINGERPRINTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "article-fingerprints.txt"


def main(paths: list[str]) -> int:
    hashes: set[str] = set()
    for path in paths:
        tokens = words(Path(path).read_text(encoding="utf-8"))
        hashes.update(fingerprint(tokens[i:i + RUN_LENGTH]) for i in range(len(tokens) - RUN_LENGTH + 1))
    FINGERPRINTS.write_text("\n".join(sorted(hashes)) + "\n", encoding="utf-8")
    print(f"{len(hashes)} fingerprints of {len(paths)} articles written to {FINGERPRINTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
