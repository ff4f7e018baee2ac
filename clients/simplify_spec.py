"""openapi.yaml as openapi-python-client can read it.

The contract uses JSON Schema 2020-12 to say exactly what the server accepts and answers. A few
of its constructions are beyond the generator (0.29); this rewrites just those, into shapes that
accept at least the same documents, so the client is generated from the same paths, operations,
parameters and bodies. What the generator could not model is still checked by the server.

- A narrowing `allOf: [{$ref: X}, {properties: {p: {const: …}}}]` (each problem type, the
  `/ready` answers) becomes `X`: the client sees every error as `Problem`, whose `code` names
  the kind.
- A constraint-only `anyOf`/`oneOf` beside `properties` ("at least one of these fields",
  branches that only list `required`) is dropped.
- An `allOf` of plain objects (`DsrWithHistory` = `DsrFields` + `history`) becomes one object
  with all of their properties.
- A boolean `const` becomes `type: boolean` (the generator writes invalid Python for it).
- `oneOf: [{type: null}, {closed object}]` becomes the object with `type: [object, null]`.
- A `oneOf` of closed objects with different required properties (`{"id"}` or
  `{"identifier"}`) becomes one object with all of their properties, none required.

Usage: simplify_spec.py openapi.yaml OUT.json
"""

import json
import sys

from ruamel.yaml import YAML


def is_narrowing(part) -> bool:
    """Only pins values (const) or marks properties required."""
    if not isinstance(part, dict) or not set(part) <= {"properties", "required", "type"}:
        return False
    if part.get("type") not in (None, "object"):
        return False
    return all(set(p) <= {"const"} for p in part.get("properties", {}).values())


def is_constraint_only(branch, properties) -> bool:
    if not isinstance(branch, dict) or not set(branch) <= {"required", "properties", "type"}:
        return False
    if any(name not in properties for name in branch.get("properties", {})):
        return False
    return all(
        set(p) <= {"type", "anyOf", "required", "properties", "minItems", "minLength"}
        for p in branch.get("properties", {}).values()
    )


def is_closed_object(branch) -> bool:
    return (
        isinstance(branch, dict)
        and branch.get("type") == "object"
        and branch.get("additionalProperties") is False
        and "properties" in branch
    )


def flatten_all_of(node, schemas):
    """`allOf` of objects (named or inline, properties only) as one object, or `None`."""
    parts = node.get("allOf")
    if not isinstance(parts, list) or len(parts) < 1:
        return None
    resolved = []
    for part in parts:
        ref = part.get("$ref", "")
        if ref.startswith("#/components/schemas/") and len(part) == 1:
            part = schemas[ref.rsplit("/", 1)[1]]
        if not isinstance(part, dict) or not set(part) <= {
            "type", "properties", "required", "description", "additionalProperties"
        }:
            return None
        resolved.append(part)
    merged = {"type": "object", "properties": {}, "required": []}
    for part in resolved:
        merged["properties"].update(part.get("properties", {}))
        merged["required"] += [r for r in part.get("required", []) if r not in merged["required"]]
    rest = {k: v for k, v in node.items() if k not in ("allOf", "unevaluatedProperties")}
    if node.get("unevaluatedProperties") is False:
        rest["additionalProperties"] = False
    return {**rest, **merged}


def simplify(node, schemas):
    if isinstance(node, list):
        return [simplify(item, schemas) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: simplify(value, schemas) for key, value in node.items()}
    if isinstance(node.get("const"), bool):
        # The generator writes `!= Falseand` for a boolean const.
        return {k: v for k, v in node.items() if k != "const"} | {"type": "boolean"}
    parts = node.get("allOf")
    if (
        isinstance(parts, list)
        and len(parts) == 2
        and "$ref" in parts[0]
        and is_narrowing(parts[1])
    ):
        rest = {k: v for k, v in node.items() if k != "allOf"}
        return {**rest, "$ref": parts[0]["$ref"]}
    flat = flatten_all_of(node, schemas)
    if flat is not None:
        return flat
    if "properties" in node:
        for keyword in ("anyOf", "oneOf"):
            branches = node.get(keyword)
            if isinstance(branches, list) and all(
                is_constraint_only(b, node["properties"]) for b in branches
            ):
                del node[keyword]
    branches = node.get("oneOf")
    if (
        isinstance(branches, list)
        and len(branches) == 2
        and branches[0] == {"type": "null"}
        and is_closed_object(branches[1])
    ):
        rest = {k: v for k, v in node.items() if k != "oneOf"}
        return {**rest, **branches[1], "type": ["object", "null"]}
    if isinstance(branches, list) and len(branches) > 1 and all(map(is_closed_object, branches)):
        merged = {}
        for branch in branches:
            merged.update(branch["properties"])
        rest = {k: v for k, v in node.items() if k != "oneOf"}
        return {**rest, "type": "object", "additionalProperties": False, "properties": merged}
    return node


def main(source: str, target: str) -> None:
    with open(source, encoding="utf-8") as f:
        spec = YAML(typ="safe", pure=True).load(f)
    simplified = simplify(spec, spec["components"]["schemas"])
    if simplified == spec:
        sys.exit("simplify_spec.py: nothing to simplify; has openapi.yaml changed shape?")
    # JSON, not YAML: a faithful copy without a YAML writer's line folding.
    with open(target, "w", encoding="utf-8") as f:
        json.dump(simplified, f, indent=1, default=str)


if __name__ == "__main__":
    main(*sys.argv[1:])
