#!/usr/bin/env bash
# Install the Debian packages the tests need when they are missing:
# wkhtmltopdf for PDF reports, Chromium for Odoo's browser tours, and the
# headers that Odoo's Python packages compile against.
set -euo pipefail

needed=()
command -v wkhtmltopdf >/dev/null 2>&1 || needed+=(wkhtmltopdf)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1 || needed+=(chromium)
command -v pg_config >/dev/null 2>&1 || needed+=(libpq-dev)
[ -e /usr/include/libxml2/libxml/parser.h ] || needed+=(libxml2-dev libxslt1-dev)
fc-list 2>/dev/null | grep -qi dejavu || needed+=(fonts-dejavu-core)

if [ ${#needed[@]} -eq 0 ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: missing ${needed[*]} and no apt-get here: install them with your system's package manager" >&2
    exit 2
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing ${needed[*]} ..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
