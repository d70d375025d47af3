#!/usr/bin/env bash
# Installs the Debian packages docgen needs (LibreOffice, Thai fonts, poppler, Chromium),
# only those missing. Needs root (or sudo) and the Debian archive.
set -euo pipefail
pkgs=(libreoffice-writer-nogui libreoffice-calc-nogui tesseract-ocr tesseract-ocr-tha tesseract-ocr-osd libtesseract-dev libleptonica-dev pkg-config fonts-thai-tlwg fonts-tlwg-laksaman poppler-utils chromium redis-server postgresql fontconfig docker-compose)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# `make` keeps Python packages in .venv: Debian's python3 makes one only with python3-venv.
python3 -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
