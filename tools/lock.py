"""Make and check the install locks: ``make lock`` compiles them, ``make lock-check`` proves them.

Why: an install must not depend on what PyPI publishes tomorrow nor on the pip a system Python ships.
``requirements.lock`` pins every package the project installs, for every supported Python, with the
hashes of its files; ``make`` installs it with ``--no-deps`` (pip never resolves, so it cannot pick a
newer release), after bootstrapping the pinned installer of ``requirements-bootstrap.lock``.

``compile`` runs uv (from ``requirements-tools.lock``) in universal mode, so one lock covers every
Python and platform with environment markers, and writes ``requirements.files.txt``: the name and
hash of each file the locks admit, read from PyPI's JSON API. That file lets ``check`` work offline.

``check`` fails, naming the entry, when a lock

- names a source that is not the package registry (``--find-links``, an extra index, a path, a URL);
- has a requirement not pinned with ``==`` or without hashes;
- lacks a package that another locked package (or one of its extras) needs on a supported Python;
- has no hashed wheel for a package on a supported Python (``classifiers`` of ``pyproject.toml``).

Usage: ``python tools/lock.py compile --uv PATH`` and ``python tools/lock.py check [--lock FILE …]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tomllib
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {
    "requirements.lock": "requirements.in",  # the project and its tests
    "requirements-bootstrap.lock": "requirements-bootstrap.in",  # the installer, pip
    "requirements-tools.lock": "requirements-tools.in",  # uv, for make lock
}
FILES = "requirements.files.txt"
INDEX = "https://pypi.org/simple"
SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"  # PEP 691: the simple index as JSON
# The platform the project supports and CI runs on: Linux x86_64 with glibc up to Debian 12's 2.36.
PLATFORM_MARKERS = {
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
    "platform_python_implementation": "CPython",
    "implementation_name": "cpython",
}
GLIBC_MAX = 36
COMPILE_OPTIONS = ["--universal", "--python-version", "3.11", "--generate-hashes", "--quiet"]


@dataclass
class Pin:
    """One locked requirement: ``name==version ; marker`` with the hashes of its files."""

    name: str
    version: str
    marker: str | None
    hashes: set[str] = field(default_factory=set)
    line: int = 0


def canonical(name: str) -> str:
    """PEP 503 normalised name (``Jinja2`` → ``jinja2``, ``lxml_html_clean`` → ``lxml-html-clean``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


# --------------------------------------------------------------------------------------------- reading


def logical_lines(text: str) -> list[tuple[int, str]]:
    """The lock's lines with backslash continuations joined and comments dropped, with line numbers."""
    joined: list[tuple[int, str]] = []
    buffer, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not buffer:
            start = number
        if line.endswith("\\"):
            buffer += line[:-1] + " "
            continue
        buffer += line
        if buffer.strip():
            joined.append((start, buffer.strip()))
        buffer = ""
    if buffer.strip():
        joined.append((start, buffer.strip()))
    return joined


def read_lock(path: Path) -> tuple[list[Pin], list[str]]:
    """The pins of a lock file and the problems of its lines (sources, unpinned, unhashed)."""
    from packaging.requirements import InvalidRequirement, Requirement

    text = path.read_text(encoding="utf-8")
    problems = [
        f"{path.name}:{number}: names a path or file URL ({match.group(0)!r}); name only the registry"
        for number, raw in enumerate(text.splitlines(), 1)
        for match in [re.search(r"file:\S*|(?<![\w.-])/(?:opt|root|home|tmp|usr|var|mnt|srv|work)/\S*", raw)]
        if match
    ]
    pins: list[Pin] = []
    for number, line in logical_lines(text):
        where = f"{path.name}:{number}"
        if line.startswith("-"):
            if line.split() != ["--index-url", INDEX]:
                problems.append(f"{where}: option {line!r} names a source other than the package registry")
            continue
        requirement_text, *hash_parts = re.split(r"\s+--hash[= ]", line)
        try:
            requirement = Requirement(requirement_text)
        except InvalidRequirement as error:
            problems.append(f"{where}: not a requirement ({error})")
            continue
        if requirement.url:
            problems.append(f"{where}: {requirement.name} is a direct URL; pin it from the registry")
            continue
        specifiers = list(requirement.specifier)
        if len(specifiers) != 1 or specifiers[0].operator != "==" or "*" in specifiers[0].version:
            problems.append(
                f"{where}: {requirement.name} is not pinned with == ({requirement.specifier or 'no version'})"
            )
            continue
        hashes = {part.strip().removeprefix("sha256:") for part in hash_parts}
        if not hashes:
            problems.append(f"{where}: {requirement.name}=={specifiers[0].version} has no --hash")
        pins.append(
            Pin(
                canonical(requirement.name),
                specifiers[0].version,
                str(requirement.marker) if requirement.marker else None,
                hashes,
                number,
            )
        )
    return pins, problems


def read_files(path: Path) -> dict[str, str]:
    """``requirements.files.txt`` as sha256 → file name."""
    files: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            _, filename, digest = line.split()
            files[digest] = filename
    return files


def supported_pythons(pyproject: Path) -> list[tuple[int, int]]:
    """The Python versions the project claims: its ``Programming Language :: Python :: 3.N`` classifiers."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    versions = []
    for classifier in project.get("classifiers", []):
        match = re.fullmatch(r"Programming Language :: Python :: (\d+)\.(\d+)", classifier)
        if match:
            versions.append((int(match.group(1)), int(match.group(2))))
    return sorted(versions)


def environment(python: tuple[int, int]) -> dict[str, str]:
    """Marker environment of a supported Python on the supported platform."""
    version = f"{python[0]}.{python[1]}"
    return {**PLATFORM_MARKERS, "python_version": version, "python_full_version": f"{version}.0", "extra": ""}


# --------------------------------------------------------------------------------------------- checks


def applies(marker: str | None, env: dict[str, str]) -> bool:
    from packaging.markers import Marker

    return marker is None or Marker(marker).evaluate(env)


def check_closure(pins: list[Pin], roots: list[str], python: tuple[int, int], lock: str) -> list[str]:
    """Every requirement reachable from ``roots`` on ``python`` (extras included) is pinned and fits."""
    from importlib import metadata

    from packaging.requirements import Requirement

    env = environment(python)
    pinned = {pin.name: pin for pin in pins if applies(pin.marker, env)}
    problems: list[str] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    queue = [(Requirement(root), "the project") for root in roots]
    while queue:
        requirement, needed_by = queue.pop()
        name = canonical(requirement.name)
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        extra = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
        pin = pinned.get(name)
        if pin is None:
            problems.append(
                f"{lock}: {name}{extra} is needed by {needed_by} on Python {python[0]}.{python[1]} "
                "but not pinned"
            )
            continue
        if requirement.specifier and not requirement.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{lock}: {needed_by} needs {requirement}, the lock pins {name}=={pin.version}")
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue  # not installed here (another platform's package): its own needs cannot be read
        for text in requires:
            dependency = Requirement(text)
            wanted = [""] + sorted(requirement.extras)
            if dependency.marker is None or any(
                dependency.marker.evaluate({**env, "extra": each}) for each in wanted
            ):
                queue.append((dependency, f"{name}{extra}"))
    return problems


def compatible_tags(python: tuple[int, int]) -> set[str]:
    """Wheel tags a CPython ``python`` on manylinux x86_64 accepts."""
    from packaging import tags

    platforms = [f"manylinux_2_{minor}_x86_64" for minor in range(GLIBC_MAX, 16, -1)]
    platforms += ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64", "linux_x86_64"]
    accepted = list(tags.cpython_tags(python, platforms=platforms))
    accepted += list(tags.compatible_tags(python, f"cp{python[0]}{python[1]}", platforms))
    return {str(tag) for tag in accepted}


def wheel_tags(filename: str) -> set[str]:
    from packaging.utils import parse_wheel_filename

    return {str(tag) for tag in parse_wheel_filename(filename)[3]}


def check_wheels(pins: list[Pin], files: dict[str, str], python: tuple[int, int], lock: str) -> list[str]:
    """Every pin that applies on ``python`` has a hashed wheel it installs (we install binaries only)."""
    env = environment(python)
    accepted = compatible_tags(python)
    problems = []
    for pin in pins:
        if not applies(pin.marker, env):
            continue
        wheels = [files[digest] for digest in pin.hashes if files.get(digest, "").endswith(".whl")]
        if not any(wheel_tags(wheel) & accepted for wheel in wheels):
            problems.append(
                f"{lock}:{pin.line}: {pin.name}=={pin.version} has no hashed wheel for Python "
                f"{python[0]}.{python[1]} on manylinux x86_64"
            )
    return problems


def check_files_known(pins: list[Pin], files: dict[str, str], lock: str) -> list[str]:
    """Each hash of the lock is a file ``requirements.files.txt`` knows (else the lock was edited by hand)."""
    return [
        f"{lock}:{pin.line}: {pin.name}=={pin.version} has a hash unknown to {FILES}; run make lock"
        for pin in pins
        if pin.hashes - files.keys()
    ]


def root_requirements(source: Path, pyproject: Path | None) -> list[str]:
    """The lock's direct needs: its ``.in`` file and, for the main lock, the project's dependencies."""
    roots = [
        line.split("#", 1)[0].strip()
        for line in source.read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]
    if pyproject is not None:
        roots += tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"].get("dependencies", [])
    return roots


def check(locks: dict[Path, Path], files_path: Path, pyproject: Path) -> list[str]:
    """All problems of the given locks (lock → its ``.in`` file); empty when they are sound."""
    problems: list[str] = []
    files = read_files(files_path) if files_path.exists() else {}
    if not files:
        problems.append(f"{files_path.name}: missing or empty; run make lock")
    pythons = supported_pythons(pyproject)
    if not pythons:
        problems.append(f"{pyproject.name}: no 'Programming Language :: Python :: 3.N' classifiers")
    for lock, source in locks.items():
        pins, lock_problems = read_lock(lock)
        problems += lock_problems
        problems += check_files_known(pins, files, lock.name)
        main = source.name == "requirements.in"
        roots = root_requirements(source, pyproject if main else None)
        for python in pythons:
            problems += check_closure(pins, roots, python, lock.name)
            problems += check_wheels(pins, files, python, lock.name)
    return list(dict.fromkeys(problems))


# --------------------------------------------------------------------------------------------- compile


def fetch_files(pins: list[Pin]) -> list[str]:
    """``name==version filename sha256`` for every registry file whose hash a lock names."""
    rows = []
    for pin in sorted(pins, key=lambda pin: (pin.name, pin.version)):
        request = urllib.request.Request(f"{INDEX}/{pin.name}/", headers={"Accept": SIMPLE_JSON})
        with urllib.request.urlopen(request, timeout=60) as response:
            index = json.load(response)
        found = {
            entry["hashes"]["sha256"]: entry["filename"]
            for entry in index["files"]
            if entry.get("hashes", {}).get("sha256") in pin.hashes
        }
        missing = pin.hashes - found.keys()
        if missing:
            raise SystemExit(f"{pin.name}=={pin.version}: hashes not on the registry: {sorted(missing)}")
        rows += [f"{pin.name}=={pin.version} {found[d]} {d}" for d in sorted(found, key=found.get)]
    return rows


def compile_locks(uv: str) -> None:
    """Recompile both locks with uv (keeping current pins where they still fit) and the files list."""
    all_pins: dict[tuple[str, str], Pin] = {}
    for lock, source in LOCKS.items():
        command = [uv, "pip", "compile", source, "-o", lock, "--index-url", INDEX, *COMPILE_OPTIONS]
        print("==>", " ".join(command), flush=True)
        subprocess.run(command, cwd=ROOT, check=True, env={**os.environ, "UV_NO_CONFIG": "1"})
        for pin in read_lock(ROOT / lock)[0]:
            all_pins.setdefault(
                (pin.name, pin.version), Pin(pin.name, pin.version, None)
            ).hashes |= pin.hashes
    rows = fetch_files(list(all_pins.values()))
    header = f"# Files the locks admit: name==version, file, sha256 (from {INDEX}). Written by make lock.\n"
    (ROOT / FILES).write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"==> {FILES}: {len(rows)} files of {len(all_pins)} packages", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    compile_parser = sub.add_parser("compile", help="recompile the locks with uv and list their files")
    compile_parser.add_argument(
        "--uv", default="uv", help="the uv executable (make lock installs a pinned one)"
    )
    check_parser = sub.add_parser("check", help="fail on an incomplete or machine-specific lock")
    check_parser.add_argument("--lock", type=Path, action="append", help="lock file (default: both locks)")
    check_parser.add_argument("--source", type=Path, action="append", help="its .in file, in --lock order")
    check_parser.add_argument("--files", type=Path, default=ROOT / FILES)
    check_parser.add_argument("--pyproject", type=Path, default=ROOT / "pyproject.toml")
    args = parser.parse_args(argv)
    if args.command == "compile":
        compile_locks(args.uv)
        return 0
    locks = (
        dict(zip(args.lock, args.source or [ROOT / "requirements.in"] * len(args.lock), strict=False))
        if args.lock
        else {ROOT / lock: ROOT / source for lock, source in LOCKS.items()}
    )
    problems = check(locks, args.files, args.pyproject)
    for problem in problems:
        print(problem)
    names = ", ".join(lock.name for lock in locks)
    print(f"lock check: {len(problems)} problem(s) in {names}" if problems else f"lock check: {names} sound")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
