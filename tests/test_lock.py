"""The install locks: the shipped ones pass tools/lock.py's check, deliberately broken ones fail it.

The broken locks are the real lock with one fault put in: each is what made a fresh install fail or
depend on this machine before (an extra's package missing, a local wheel folder, a range instead of a
pin, a wheel missing for one supported Python).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
FILES = ROOT / "requirements.files.txt"


def run_check(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "lock.py"), "check", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def blocks(text: str) -> list[str]:
    """The lock split into its requirement blocks (a pin with its hashes and 'via' comments)."""
    return re.split(r"\n(?=[a-z0-9])", text)


def broken_lock(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "requirements.lock"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_locks_are_sound():
    result = run_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sound" in result.stdout


def test_lock_names_no_machine_path():
    for lock in ROOT.glob("requirements*.lock"):
        text = lock.read_text(encoding="utf-8")
        assert "--find-links" not in text and "file:" not in text and "/opt/" not in text, lock.name


def test_missing_extra_package_fails(tmp_path):
    """justext needs lxml[html_clean]; without lxml-html-clean pinned the lock is incomplete."""
    text = "\n".join(b for b in blocks(LOCK.read_text()) if not b.startswith("lxml-html-clean=="))
    result = run_check("--lock", broken_lock(tmp_path, text))
    assert result.returncode == 1
    assert "lxml-html-clean is needed by lxml[html_clean] on Python 3.11 but not pinned" in result.stdout


def test_local_wheel_folder_fails(tmp_path):
    result = run_check("--lock", broken_lock(tmp_path, "--find-links /opt/wheels\n" + LOCK.read_text()))
    assert result.returncode == 1
    assert "option '--find-links /opt/wheels' names a source other than the package registry" in result.stdout


def test_unpinned_requirement_fails(tmp_path):
    text = LOCK.read_text().replace("\nidna==", "\nidna>=", 1)
    result = run_check("--lock", broken_lock(tmp_path, text))
    assert result.returncode == 1
    assert "idna is not pinned with ==" in result.stdout


def test_missing_hash_fails(tmp_path):
    unhashed = [
        block.split(" \\", 1)[0] + "\n" if block.startswith("annotated-types==") else block
        for block in blocks(LOCK.read_text())
    ]
    result = run_check("--lock", broken_lock(tmp_path, "\n".join(unhashed)))
    assert result.returncode == 1
    assert re.search(r"annotated-types==\S+ has no --hash", result.stdout)


def test_wheel_missing_for_one_supported_python_fails(tmp_path):
    """Dropping numpy's cp312 wheel hashes leaves Python 3.12 without a wheel it can install."""
    cp312 = [
        line.split()[2]
        for line in FILES.read_text().splitlines()
        if line.startswith("numpy==") and "-cp312-" in line
    ]
    assert cp312, "the files list has numpy wheels for Python 3.12"
    text = LOCK.read_text()
    for digest in cp312:
        text = re.sub(rf" \\\n    --hash=sha256:{digest}|\n    --hash=sha256:{digest} \\", "", text)
    result = run_check("--lock", broken_lock(tmp_path, text))
    assert result.returncode == 1
    assert re.search(r"numpy==\S+ has no hashed wheel for Python 3\.12", result.stdout)
    assert "Python 3.11" not in result.stdout and "Python 3.13" not in result.stdout
