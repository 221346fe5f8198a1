#!/usr/bin/env bash
# Prints the path of a CPython interpreter of version $1 (e.g. 3.12): python3.12 on PATH, else the newest
# pyenv install of that version. Exits 1 when this machine has none. Used by `make pythons`.
set -u
version=$1
for candidate in "$(command -v "python$version" 2>/dev/null)" \
  $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$version".*/bin/python"$version" 2>/dev/null | sort -V -r); do
  [ -n "$candidate" ] || continue
  # a pyenv shim answers for a version that is not selected, so ask the interpreter itself
  if [ "$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$version" ]; then
    echo "$candidate"
    exit 0
  fi
done
exit 1
