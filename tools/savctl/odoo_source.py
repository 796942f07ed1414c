"""Find the Odoo 19.0 source that the add-ons run on.

The source comes from ODOO_SOURCE (a folder or an archive URL) or from an
``odoo`` package that is already importable. Nothing of Odoo is kept in this
repository.
"""

import hashlib
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

from . import ODOO_SERIES, SetupError
from .paths import CACHE_DIR

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip")
EXAMPLE_ARCHIVE = "https://github.com/odoo/odoo/archive/refs/heads/19.0.tar.gz"
HOW_TO_SET = (
    "set ODOO_SOURCE to an Odoo 19.0 source folder (the one that holds odoo-bin) "
    f"or archive URL, for example ODOO_SOURCE={EXAMPLE_ARCHIVE}"
)


def read_version(root):
    """Return the (major, minor) series of the Odoo source at ``root``, or None."""
    release = Path(root) / "odoo" / "release.py"
    if not release.is_file():
        return None
    match = re.search(r"^version_info\s*=\s*\((\d+),\s*(\d+)", release.read_text(), re.MULTILINE)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2))


def check_root(root, origin):
    """Return ``root`` resolved, or raise SetupError unless it contains an Odoo 19.0 source.

    ``origin`` names where the source came from, for the error message.
    """
    version = read_version(root)
    if version is None:
        raise SetupError(f"{origin} is not an Odoo source (no odoo/release.py in {root}): {HOW_TO_SET}")
    if version != ODOO_SERIES:
        raise SetupError(
            f"{origin} contains Odoo {version[0]}.{version[1]}, not 19.0: {HOW_TO_SET}"
        )
    return Path(root).resolve()


def is_archive(source):
    scheme = urllib.parse.urlparse(source).scheme
    return scheme in ("http", "https", "file") or source.lower().endswith(ARCHIVE_SUFFIXES)


def _find_root_in(folder):
    """Return the folder that contains odoo/release.py at the top of an extracted archive."""
    for candidate in [folder, *sorted(p for p in folder.iterdir() if p.is_dir())]:
        if (candidate / "odoo" / "release.py").is_file():
            return candidate
    return None


def _download(source, target):
    url = source if urllib.parse.urlparse(source).scheme else Path(source).resolve().as_uri()
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(target, "wb") as out:
            shutil.copyfileobj(response, out)
    except urllib.error.HTTPError as error:
        raise SetupError(
            f"ODOO_SOURCE={source} could not be downloaded (HTTP {error.code}): {HOW_TO_SET}"
        ) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise SetupError(
            f"ODOO_SOURCE={source} could not be downloaded ({reason}): {HOW_TO_SET}"
        ) from None


def _extract(archive, source, target):
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as bundle:
                bundle.extractall(target)
        else:
            with tarfile.open(archive) as bundle:
                # The "data" filter rejects absolute paths, links out of the tree and devices.
                if hasattr(tarfile, "data_filter"):
                    bundle.extractall(target, filter="data")
                else:
                    bundle.extractall(target)  # Python before 3.10.12 has no filters.
    except (tarfile.TarError, zipfile.BadZipFile, OSError) as error:
        raise SetupError(
            f"ODOO_SOURCE={source} is not a readable archive ({error}): {HOW_TO_SET}"
        ) from None


def unpack_archive(source):
    """Download and extract an Odoo archive once; later calls reuse the extracted copy."""
    key = hashlib.sha256(source.encode()).hexdigest()[:16]
    destination = CACHE_DIR / f"odoo-{key}"
    if (destination / ".complete").exists():
        return _find_root_in(destination)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE_DIR) as scratch:
        scratch = Path(scratch)
        print(f"Downloading Odoo from {source} ...", flush=True)
        _download(source, scratch / "odoo-archive")
        _extract(scratch / "odoo-archive", source, scratch / "tree")
        root = _find_root_in(scratch / "tree")
        if root is None:
            raise SetupError(f"ODOO_SOURCE={source} does not contain an Odoo source: {HOW_TO_SET}")
        check_root(root, f"ODOO_SOURCE={source}")
        shutil.rmtree(destination, ignore_errors=True)
        shutil.move(str(scratch / "tree"), destination)
    (destination / ".complete").touch()
    return _find_root_in(destination)


def importable_root(python):
    """Return the root of an ``odoo`` package that ``python`` imports, or None."""
    probe = "import odoo.release, os; print(os.path.dirname(list(odoo.__path__)[0]))"
    try:
        result = subprocess.run(
            [str(python), "-c", probe], capture_output=True, text=True, timeout=60, check=False
        )
    except OSError:
        return None
    if result.returncode != 0 or not result.stdout.strip():
        return None
    return Path(result.stdout.strip().splitlines()[-1])


def find_odoo(pythons):
    """Return the root of the Odoo 19.0 source to use.

    ODOO_SOURCE wins when it is set; otherwise the first of ``pythons`` that
    imports an ``odoo`` package provides it.
    """
    source = os.environ.get("ODOO_SOURCE", "").strip()
    if source:
        if is_archive(source) and not Path(source).is_dir():
            return check_root(unpack_archive(source), f"ODOO_SOURCE={source}")
        if not Path(source).is_dir():
            raise SetupError(f"ODOO_SOURCE={source} does not exist: {HOW_TO_SET}")
        return check_root(source, f"ODOO_SOURCE={source}")

    for python in pythons:
        root = importable_root(python)
        if root is not None:
            return check_root(root, f"the odoo package imported by {python}")
    raise SetupError(f"Odoo 19.0 was not found: {HOW_TO_SET}")


def addons_paths(root):
    """Return the add-on folders of the Odoo source at ``root``."""
    paths = [root / "addons", root / "odoo" / "addons"]
    return [path for path in paths if path.is_dir()]
