"""Create the project's Python environment and install Odoo's and the project's packages."""

import hashlib
import re
import subprocess
import sys
from pathlib import Path

from . import SetupError
from .paths import REPO_ROOT, VENV_DIR, odoo_launcher, venv_python

REQUIREMENT_FILES = [REPO_ROOT / "requirements.txt", REPO_ROOT / "requirements-test.txt"]

# Odoo pins cryptography 3.4.8, pyopenssl 21.0.0 and urllib3 1.26.5 on Python 3.11, but
# pdfminer.six needs a newer cryptography. Odoo's Python 3.12 pins work on 3.11 too.
PY311_OVERRIDES = {
    "cryptography": "cryptography==42.0.8",
    "pyopenssl": "pyopenssl==24.1.0",
    "urllib3": "urllib3==2.0.7",
}
# python-ldap only serves the auth_ldap module and needs the LDAP C headers to build.
SKIPPED_REQUIREMENTS = {"python-ldap"}
# Old sdists pinned by Odoo (cbor2 5.4.2 among them) import pkg_resources, which
# setuptools 81 removed.
BUILD_CONSTRAINTS = "setuptools<81\n"


def _requirement_name(line):
    match = re.match(r"\s*([A-Za-z0-9_.\-]+)", line)
    return match.group(1).lower() if match else None


def odoo_requirements(odoo_root, python_version):
    """Return Odoo's requirements.txt adapted to this project's environment."""
    lines = []
    for line in (odoo_root / "requirements.txt").read_text().splitlines():
        name = _requirement_name(line)
        if name in SKIPPED_REQUIREMENTS:
            continue
        if python_version < (3, 12) and name in PY311_OVERRIDES:
            continue
        lines.append(line)
    if python_version < (3, 12):
        lines.extend(PY311_OVERRIDES.values())
    return "\n".join(lines) + "\n"


def _venv_version():
    output = subprocess.run(
        [str(venv_python()), "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    return int(output[0]), int(output[1])


def _run_pip(arguments, log_path):
    command = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", *arguments]
    with open(log_path, "a") as log:
        log.write("$ " + " ".join(command) + "\n")
        log.flush()
        result = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, check=False)
    if result.returncode != 0:
        raise SetupError(
            f"installing Python packages failed: read {log_path}, fix the cause "
            "(often a missing system library), then run the command again"
        )


def ensure_venv(odoo_root):
    """Create .venv on first use, then keep its packages in step with the requirement files."""
    if sys.version_info < (3, 10):  # noqa: UP036 (./sav may start on any Python 3)
        raise SetupError(
            f"Python {sys.version_info[0]}.{sys.version_info[1]} is too old for Odoo 19.0: "
            "install Python 3.10 to 3.12 and set SAV_PYTHON to it"
        )
    if not venv_python().exists():
        print(f"Creating the Python environment in {VENV_DIR} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV_DIR)], check=True)

    # Odoo's source becomes importable from the environment without being copied into it.
    site_packages = subprocess.run(
        [str(venv_python()), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    pth = Path(site_packages) / "sav-odoo-source.pth"
    if not pth.exists() or pth.read_text().strip() != str(odoo_root):
        pth.write_text(f"{odoo_root}\n")

    # Odoo's multi-process server starts its websocket worker by running its own
    # sys.argv[0] again, which must be a script: `python -m odoo` would give it
    # odoo/__main__.py, whose relative import fails when run as a file.
    launcher = odoo_launcher()
    script = f"#!{venv_python()}\nimport odoo.cli\n\nodoo.cli.main()\n"
    if not launcher.exists() or launcher.read_text() != script:
        launcher.write_text(script)
        launcher.chmod(0o755)

    requirements = odoo_requirements(odoo_root, _venv_version())
    fingerprint = hashlib.sha256(
        requirements.encode() + b"".join(path.read_bytes() for path in REQUIREMENT_FILES)
    ).hexdigest()
    stamp = VENV_DIR / ".sav-requirements"
    if stamp.exists() and stamp.read_text() == fingerprint:
        return

    print("Installing Odoo's and the project's Python packages (a few minutes the first time) ...",
          flush=True)
    (VENV_DIR / "odoo-requirements.txt").write_text(requirements)
    (VENV_DIR / "build-constraints.txt").write_text(BUILD_CONSTRAINTS)
    log_path = VENV_DIR / "pip.log"
    log_path.write_text("")
    # pip 25.3 brought --build-constraint, which keeps old sdists building.
    _run_pip(["--upgrade", "pip>=25.3", "setuptools<81", "wheel"], log_path)
    arguments = ["--build-constraint", str(VENV_DIR / "build-constraints.txt"),
                 "-r", str(VENV_DIR / "odoo-requirements.txt")]
    for path in REQUIREMENT_FILES:
        arguments += ["-r", str(path)]
    _run_pip(arguments, log_path)
    stamp.write_text(fingerprint)
