"""Convert Natural Earth TopoJSON (npm package world-atlas) into the GeoJSON the course ships.

Run once by a maintainer, never at lesson time:
    npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python tools/build_basemap.py package/countries-110m.json data/basemap/countries-110m.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Turn the quantized, delta-encoded arcs of a TopoJSON topology into lon/lat lists."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 4), round(y * sy + ty, 4)))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """Join the arcs of one ring; a negative index means the arc is walked backwards (~i)."""
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point; keep it once.
        points.extend(arc if not points else arc[1:])
    return [list(p) for p in points]


def convert(source: Path, target: Path) -> None:
    """Write the countries of a world-atlas file as a GeoJSON FeatureCollection."""
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        coordinates = [[ring(r, arcs) for r in polygon] for polygon in polygons]
        features.append({
            "type": "Feature",
            "properties": {"name": geometry.get("properties", {}).get("name", "")},
            "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
        })
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m countries v4.1.0, via npm world-atlas 2.0.2 (public domain)",
        "features": features,
    }
    target.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
