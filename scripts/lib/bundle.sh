#!/usr/bin/env bash
# Assembles the web bundle that the server serves as it is:
#   bundle.sh OUT SHELL_DIR WEB_DIR WASM_DIR FONT_REGULAR FONT_BOLD
# Copies the shell page and static files, portal.js and portal.wasm, subsets the UI fonts to the
# glyphs the app draws, and writes .gz and .br beside every compressible file. Builds into a
# temporary folder and swaps it in, so a running server never sees half a bundle.
set -euo pipefail
out=$1 shell_dir=$2 web_dir=$3 wasm_dir=$4 font_regular=$5 font_bold=$6
tmp=$out.tmp
rm -rf "$tmp"
mkdir -p "$tmp/fonts"
cp "$shell_dir"/* "$web_dir"/* "$tmp"/
cp "$wasm_dir/portal.js" "$wasm_dir/portal.wasm" "$tmp"/

# Keep these ranges in step with app/fonts.cpp.
unicodes="U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-203A,U+20AC,U+2190-2193"
subset() {
    /usr/bin/python3 -m fontTools.subset "$1" --unicodes="$unicodes" --output-file="$2" \
        --layout-features='kern,liga' --no-hinting --desubroutinize
}
subset "$font_regular" "$tmp/fonts/ui-regular.ttf"
subset "$font_bold" "$tmp/fonts/ui-bold.ttf"

find "$tmp" -type f \( -name '*.html' -o -name '*.js' -o -name '*.css' -o -name '*.wasm' \
    -o -name '*.ttf' -o -name '*.svg' -o -name '*.json' -o -name '*.txt' \) -print0 |
    while IFS= read -r -d '' file; do
        gzip -9 -n -c "$file" >"$file.gz"
        brotli -q 11 -c "$file" >"$file.br"
    done

rm -rf "$out.old"
[[ -d $out ]] && mv "$out" "$out.old"
mv "$tmp" "$out"
rm -rf "$out.old"
