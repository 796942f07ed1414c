"""The project's add-ons, read from their manifests."""

import ast
from graphlib import TopologicalSorter

from .paths import ADDONS_DIR


def read_manifest(module_dir):
    return ast.literal_eval((module_dir / "__manifest__.py").read_text())


def project_modules():
    """Return the installable add-ons under addons/, each after the ones it depends on."""
    manifests = {}
    for manifest_path in sorted(ADDONS_DIR.glob("*/__manifest__.py")):
        manifest = read_manifest(manifest_path.parent)
        if manifest.get("installable", True):
            manifests[manifest_path.parent.name] = manifest
    graph = {
        name: [dep for dep in manifest.get("depends", []) if dep in manifests]
        for name, manifest in manifests.items()
    }
    return list(TopologicalSorter(graph).static_order())

