#!/bin/sh
# Install the Scrutiny Desk bundle for one user (default) or for everyone:
#   ./linux/install.sh              -> ~/.local (no root needed)
#   sudo ./linux/install.sh /usr/local
# Run it from the bundle folder (dist/scrutiny-desk). It copies the folder to
# PREFIX/lib/scrutiny-desk, links the two programs into PREFIX/bin, and adds
# the menu entry and icons. Remove with: ./linux/install.sh --uninstall [PREFIX]
set -eu

uninstall=0
if [ "${1:-}" = "--uninstall" ]; then uninstall=1; shift; fi
prefix="${1:-$HOME/.local}"
here="$(cd "$(dirname "$0")/.." && pwd)"
lib="$prefix/lib/scrutiny-desk"
apps="$prefix/share/applications"
icons="$prefix/share/icons/hicolor"

if [ "$uninstall" = 1 ]; then
    rm -rf "$lib"
    rm -f "$prefix/bin/scrutiny-desk" "$prefix/bin/scrutiny-desk-cli" "$apps/scrutiny-desk.desktop"
    find "$icons" -name 'scrutiny-desk.*' -delete 2>/dev/null || true
    echo "Scrutiny Desk removed from $prefix (workspaces in your data folder are kept)."
    exit 0
fi

if [ ! -x "$here/scrutiny-desk" ]; then
    echo "Run this from the bundle folder built by packaging/build.py." >&2
    exit 1
fi
mkdir -p "$prefix/bin" "$prefix/lib" "$apps" "$icons/scalable/apps"
rm -rf "$lib.new"
cp -a "$here" "$lib.new"
rm -rf "$lib"
mv "$lib.new" "$lib"
ln -sf "$lib/scrutiny-desk" "$prefix/bin/scrutiny-desk"
ln -sf "$lib/scrutiny-desk-cli" "$prefix/bin/scrutiny-desk-cli"
sed "s|^Exec=scrutiny-desk|Exec=$lib/scrutiny-desk|" "$here/linux/scrutiny-desk.desktop" \
    > "$apps/scrutiny-desk.desktop"
cp "$here/linux/icons/scrutiny-desk.svg" "$icons/scalable/apps/scrutiny-desk.svg"
for png in "$here"/linux/icons/scrutiny-desk-*.png; do
    size="${png##*-}"; size="${size%.png}"
    mkdir -p "$icons/${size}x${size}/apps"
    cp "$png" "$icons/${size}x${size}/apps/scrutiny-desk.png"
done
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q "$icons" || true
echo "Installed Scrutiny Desk in $lib; start it from the menu or with: scrutiny-desk"
