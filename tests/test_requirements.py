"""The installer pin: setup and the image install requirements.txt with the same pip the dev tools pin."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pip_pin(name: str) -> tuple[str, list[str]]:
    text = (ROOT / name).read_text(encoding="utf-8")
    match = re.search(r"^pip==(\S+)((?: \\\n\s+--hash=sha256:\w+)+)", text, re.M)
    assert match, f"no hash-pinned pip in {name}"
    return match.group(1), sorted(re.findall(r"sha256:(\w+)", match.group(2)))


def test_bootstrap_pip_is_the_dev_pin_with_its_hashes():
    assert pip_pin("requirements-pip.txt") == pip_pin("requirements-dev.txt")


def test_setup_and_image_install_the_bootstrap_pip_before_the_requirements():
    setup = (ROOT / "scripts/setup").read_text(encoding="utf-8")
    image = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert setup.index("-r requirements-pip.txt") < setup.index("$(printf -- '-r %s '")
    assert image.index("-r /tmp/requirements-pip.txt") < image.index("-r /tmp/requirements.txt")
