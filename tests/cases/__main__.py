"""``python -m tests.cases``: rewrite tests/data/regimen_vectors.json from the package (review the diff)."""

import json
from pathlib import Path

from . import regimen_vectors

target = Path(__file__).parent.parent / "data" / "regimen_vectors.json"
target.write_text(json.dumps(regimen_vectors(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"wrote {target}")
