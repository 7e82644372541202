"""Write the column tables of data/README.md from data/datapackage.json (the source of truth).

    python tools/data_dictionary.py          # rewrite the generated part of data/README.md
    python tools/data_dictionary.py --check  # exit 1 if data/README.md is out of date
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
BEGIN, END = "<!-- BEGIN GENERATED: do not edit by hand -->", "<!-- END GENERATED -->"


def _constraint_text(field: dict) -> str:
    constraints = field.get("constraints", {})
    notes = []
    if constraints.get("required"):
        notes.append("required")
    if "enum" in constraints:
        notes.append("one of: " + ", ".join(f"`{v}`" for v in constraints["enum"]))
    if field.get("x-course-kind") == "list":
        notes.append("list, `;`-separated")
    if "minimum" in constraints or "maximum" in constraints:
        notes.append(f"from {constraints.get('minimum', '')} to {constraints.get('maximum', '')}")
    return "; ".join(notes)


def generated_section(package: dict) -> str:
    """The Markdown tables, one per file, describing every column."""
    lines = [BEGIN, ""]
    for resource in package["resources"]:
        schema = resource["schema"]
        lines += [f"### `{resource['path']}`: {resource['title']}", "", resource["description"], "",
                  f"One row per `{'` + `'.join(schema['primaryKey'])}`.", ""]
        for fk in schema.get("foreignKeys", []):
            lines.append(f"- `{fk['fields']}` refers to `{fk['reference']['resource']}.csv`.")
        if schema.get("foreignKeys"):
            lines.append("")
        lines += ["| column | type | rules | meaning |", "|---|---|---|---|"]
        for field in schema["fields"]:
            kind = field.get("x-course-kind") or field["type"]
            lines.append(f"| `{field['name']}` | {kind} | {_constraint_text(field)} | "
                         f"{field['description']} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def updated_readme(readme: str, package: dict) -> str:
    """Replace the generated part of the README with a fresh one."""
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return head + generated_section(package) + tail


def main() -> int:
    """Rewrite or check data/README.md."""
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    path = DATA / "README.md"
    current = path.read_text(encoding="utf-8")
    fresh = updated_readme(current, package)
    if "--check" in sys.argv:
        if fresh != current:
            print("data/README.md is out of date: run python tools/data_dictionary.py")
            return 1
        return 0
    path.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
