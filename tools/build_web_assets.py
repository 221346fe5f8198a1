"""Bundle the dashboard's third-party assets into ``src/eventgraph/web/static/vendor/``.

The dashboard must work offline and a user's install must not need Node, so the assets are built
here once and committed (plotly.js is not bundled here: the API serves it straight from the
installed ``plotly`` Python package):

* ``countries-110m.json`` (Natural Earth country outlines, public domain, as TopoJSON) comes from the
  npm package ``world-atlas`` (ISC licence), fetched with ``npm pack`` into a temporary folder;
* ``swagger-ui-bundle.js`` and ``swagger-ui.css`` (the API's ``/docs`` page) come from the npm
  package ``swagger-ui-dist`` (Apache 2.0), fetched the same way.

Run ``.venv/bin/python tools/build_web_assets.py``; pass ``--atlas-tarball FILE`` /
``--swagger-tarball FILE`` to use tarballs you already have.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "eventgraph" / "web" / "static" / "vendor"
ATLAS_PACKAGE = "world-atlas@2"
SWAGGER_PACKAGE = "swagger-ui-dist@5"
SWAGGER_FILES = ("swagger-ui-bundle.js", "swagger-ui.css")
ATLAS_MEMBER = "package/countries-110m.json"
ATLAS_LICENSE_MEMBER = "package/LICENSE"

ATLAS_NOTE = """countries-110m.json: country outlines at 1:110m scale, TopoJSON.

Data: Natural Earth (https://www.naturalearthdata.com/), public domain.
Packaging: the npm package world-atlas {version} by Michael Bostock, under the ISC licence below.
Rebuilt by tools/build_web_assets.py; do not edit by hand.

{license}"""


def fetch_npm_tarball(package: str, workdir: Path) -> Path:
    """``npm pack PACKAGE`` into ``workdir``: the published package as a tarball, nothing installed."""
    if shutil.which("npm") is None:
        sys.exit(f"npm not found: install Node.js to fetch {package}, or pass its tarball (see --help)")
    done = subprocess.run(
        ["npm", "pack", package, "--silent"], cwd=workdir, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"npm pack {package} failed: {done.stderr.strip()}")
    stem = package.rsplit("@", 1)[0] if package.count("@") == 1 and not package.startswith("@") else package
    tarballs = sorted(workdir.glob(f"{stem}-*.tgz"))
    if not tarballs:
        sys.exit(f"npm pack {package} produced no tarball in {workdir}")
    return tarballs[-1]


def write_swagger(tarball: Path, vendor: Path) -> list[Path]:
    """The Swagger UI bundle and stylesheet for ``/docs``, without their source-map references."""
    written = []
    with tarfile.open(tarball) as tar:
        package = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
        license_text = tar.extractfile("package/LICENSE").read().decode("utf-8")  # type: ignore[union-attr]
        for name in SWAGGER_FILES:
            text = tar.extractfile(f"package/{name}").read().decode("utf-8")  # type: ignore[union-attr]
            # The .map files are not bundled; a reference to them would make the browser ask for them.
            lines = [line for line in text.split("\n") if "sourceMappingURL=" not in line]
            out = vendor / name
            out.write_text("\n".join(lines), encoding="utf-8")
            written.append(out)
    note = (
        f"{', '.join(SWAGGER_FILES)}: Swagger UI {package.get('version', '?')} from the npm package "
        "swagger-ui-dist, for the API's /docs page.\nRebuilt by tools/build_web_assets.py.\n\n"
    )
    (vendor / "swagger-ui.LICENSE.txt").write_text(note + license_text, encoding="utf-8")
    return written


def write_atlas(tarball: Path, vendor: Path) -> Path:
    """Extract only the 110m countries file and its licence note from the world-atlas tarball."""
    with tarfile.open(tarball) as tar:
        topology = json.load(tar.extractfile(ATLAS_MEMBER))  # type: ignore[arg-type]
        license_text = tar.extractfile(ATLAS_LICENSE_MEMBER).read().decode("utf-8")  # type: ignore[union-attr]
        package = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
    if topology.get("type") != "Topology" or "countries" not in topology.get("objects", {}):
        sys.exit(f"{tarball}: {ATLAS_MEMBER} is not a TopoJSON topology with a 'countries' object")
    out = vendor / "countries-110m.json"
    out.write_text(json.dumps(topology, separators=(",", ":")), encoding="utf-8")
    note = ATLAS_NOTE.format(version=package.get("version", "?"), license=license_text)
    (vendor / "countries-110m.LICENSE.txt").write_text(note, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--atlas-tarball", type=Path, help="a world-atlas-*.tgz to use instead of npm pack")
    parser.add_argument(
        "--swagger-tarball", type=Path, help="a swagger-ui-dist-*.tgz to use instead of npm pack"
    )
    args = parser.parse_args()
    VENDOR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        atlas = args.atlas_tarball or fetch_npm_tarball(ATLAS_PACKAGE, Path(tmp))
        print(f"wrote {write_atlas(atlas, VENDOR)}")
        swagger = args.swagger_tarball or fetch_npm_tarball(SWAGGER_PACKAGE, Path(tmp))
        for path in write_swagger(swagger, VENDOR):
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
