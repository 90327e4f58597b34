#!/usr/bin/env bash
# Re-creates the vendored front-end assets from the npm registry:
#   static/vendor/krds/            KRDS (krds-uiux): compiled CSS, design tokens, the icons the CSS uses
#   static/vendor/pretendard-gov/  Pretendard GOV: web font (woff2 dynamic subset) + OTF for WeasyPrint
#   tests/browser/vendor/          axe-core's axe.min.js (a test tool, never served to users)
# Usage: bash scripts/vendor-static.sh   (needs npm, tar and python3; nothing else is downloaded)
# To update, change a version below, run the script and review `git diff --stat`.
set -euo pipefail

KRDS_VERSION=1.1.0            # npm krds-uiux, ISC
PRETENDARD_GOV_VERSION=1.3.9  # npm pretendard-gov, OFL-1.1
AXE_CORE_VERSION=4.14.1       # npm axe-core, MPL-2.0
DEJAVU_VERSION=2.37.3         # npm dejavu-fonts-ttf, Bitstream Vera / DejaVu licence
# Weights vendored: 400 (본문), 600, 700 (KRDS uses 400 and 700 only).
FONT_WEIGHTS=(Regular:400 SemiBold:600 Bold:700)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor="$root/static/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fetch() { # fetch NAME VERSION -> unpacks into $tmp/NAME/package
  mkdir -p "$tmp/$1"
  (cd "$tmp/$1" && npm pack --silent --loglevel=error "$1@$2" >/dev/null)
  tar -xzf "$tmp/$1/$1-$2.tgz" -C "$tmp/$1"
  local got
  got="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' \
    "$tmp/$1/package/package.json")"
  [ "$got" = "$2" ] || { echo "$1: expected $2, got $got" >&2; exit 1; }
}

echo "npm pack krds-uiux@$KRDS_VERSION pretendard-gov@$PRETENDARD_GOV_VERSION axe-core@$AXE_CORE_VERSION dejavu-fonts-ttf@$DEJAVU_VERSION"
fetch krds-uiux "$KRDS_VERSION"
fetch pretendard-gov "$PRETENDARD_GOV_VERSION"
fetch axe-core "$AXE_CORE_VERSION"
fetch dejavu-fonts-ttf "$DEJAVU_VERSION"

# --- KRDS -----------------------------------------------------------------------------------
# resources/css/component/output.css is the compiled common+component CSS with relative url()s
# (the cdn/krds.min.css build points at https://www.krds.go.kr/..., component.css has broken
# ../../img/img/ paths). It @imports ../../css/token/krds_tokens.css. We keep the package's
# relative layout below resources/ so neither the @import nor any url() needs rewriting.
src="$tmp/krds-uiux/package/resources"
dst="$vendor/krds"
rm -rf "$dst"
mkdir -p "$dst/css/component" "$dst/css/token" "$dst/img/component"
cp "$src/css/component/output.css" "$dst/css/component/output.css"
cp "$src/css/token/krds_tokens.css" "$dst/css/token/krds_tokens.css"
# All of icon/ (≈140 KB): the CSS uses 76 of the 91 SVGs; the rest (ico_file_pdf, ico_file_hwp,
# ico_print, ...) are plain icons a template may put in an <img>.
cp -r "$src/img/component/icon" "$dst/img/component/icon"
# The package ships no licence file; package.json says "license": "ISC" (author "krds").
cat >"$dst/LICENSE" <<'EOF'
ISC License

krds-uiux (KRDS HTML ComponentKit) declares "license": "ISC" in its package.json, author "krds"
(대한민국 디지털 정부 디자인 시스템, https://www.krds.go.kr). The npm package ships no licence
file of its own; this is the standard ISC text. Its README adds that the package follows the
KRDS terms of use (KRDS 이용약관): https://www.krds.go.kr/html/site/utility/utility_06.html

Copyright (c) krds

Permission to use, copy, modify, and/or distribute this software for any purpose with or
without fee is hereby granted, provided that the above copyright notice and this permission
notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS
SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE
AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT,
NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE
OF THIS SOFTWARE.
EOF
cat >"$dst/README.txt" <<EOF
KRDS (대한민국 정부 디자인 시스템) — npm package krds-uiux $KRDS_VERSION, licence ISC (see LICENSE).
Re-create with: bash scripts/vendor-static.sh

Taken from the package's resources/ (layout kept, so url() and @import work unchanged):
  css/component/output.css   compiled KRDS CSS (common + components); @imports the tokens below
  css/token/krds_tokens.css  design tokens (CSS custom properties; font: "Pretendard GOV")
  img/component/icon/*.svg   icons; output.css references 76 of them by url()
Use in a template:
  <link rel="stylesheet" href="{% static 'vendor/pretendard-gov/web/pretendard-gov-dynamic-subset.css' %}">
  <link rel="stylesheet" href="{% static 'vendor/krds/css/component/output.css' %}">
Not taken: demo HTML (html/), JavaScript (js/component/ui-script.js, Swiper), cdn/krds.min.css
(its url()s point at www.krds.go.kr), SCSS sources, Figma token JSON, favicons, and the
PretendardGOV *.subset.woff(2) in resources/fonts (static/vendor/pretendard-gov/ has the font).
Components that need ui-script.js (tabs, accordions, modals, mobile menu) must be built without it.
EOF

# --- Pretendard GOV -------------------------------------------------------------------------
src="$tmp/pretendard-gov/package/dist"
dst="$vendor/pretendard-gov"
rm -rf "$dst"
mkdir -p "$dst/web/woff2-dynamic-subset" "$dst/otf"
cp "$src/LICENSE.txt" "$dst/LICENSE.txt"
weights=()
for pair in "${FONT_WEIGHTS[@]}"; do
  style="${pair%%:*}"
  weights+=("${pair##*:}")
  cp "$src/public/static/PretendardGOV-$style.otf" "$dst/otf/"
  cp "$src/web/static/woff2-dynamic-subset/PretendardGOV-$style.subset."*.woff2 \
    "$dst/web/woff2-dynamic-subset/"
done
# The package's dynamic-subset CSS declares all nine weights with woff2 + woff sources; keep the
# @font-face rules of our weights and only their woff2 source.
python3 - "$src/web/static/pretendard-gov-dynamic-subset.css" \
  "$dst/web/pretendard-gov-dynamic-subset.css" "${weights[@]}" <<'EOF'
import re
import sys

source, target, *weights = sys.argv[1:]
css = open(source, encoding="utf-8").read()
header = css[: css.index("*/") + 2] if css.lstrip().startswith("/*") else ""
kept = []
for rule in re.findall(r"@font-face\s*\{[^}]*\}", css):
    if re.search(r"font-weight:\s*(\d+)", rule).group(1) not in weights:
        continue
    rule = re.sub(r",\s*url\([^)]*\.woff\)\s*format\('woff'\)", "", rule)
    assert ".woff)" not in rule, rule
    kept.append(rule)
with open(target, "w", encoding="utf-8") as out:
    out.write(header + "\n/* Vendored subset: weights " + ", ".join(weights) + ", woff2 only. */\n")
    out.write("\n".join(kept) + "\n")
print(f"  {len(kept)} @font-face rules for weights {', '.join(weights)}")
EOF
# An @font-face sheet for WeasyPrint: it reads OTF about ten times faster than woff2.
{
  echo "/* Pretendard GOV (OFL-1.1, see ../LICENSE.txt) as OTF, for the PDF renderer (WeasyPrint). */"
  for pair in "${FONT_WEIGHTS[@]}"; do
    cat <<EOF
@font-face {
  font-family: "Pretendard GOV";
  font-style: normal;
  font-weight: ${pair##*:};
  src: url("PretendardGOV-${pair%%:*}.otf") format("opentype");
}
EOF
  done
} >"$dst/otf/pretendard-gov-otf.css"
cat >"$dst/README.txt" <<EOF
Pretendard GOV — npm package pretendard-gov $PRETENDARD_GOV_VERSION, licence SIL OFL 1.1
(LICENSE.txt; Reserved Font Name "Pretendard"). Re-create with: bash scripts/vendor-static.sh

Weights: ${weights[*]} (Regular, SemiBold, Bold).
  web/pretendard-gov-dynamic-subset.css  @font-face family "Pretendard GOV" (woff2, split by
                                         unicode-range: a browser downloads only the slices a
                                         page uses) — from dist/web/static/, cut to these weights
  web/woff2-dynamic-subset/*.woff2       the slices (dist/web/static/woff2-dynamic-subset/)
  otf/PretendardGOV-*.otf                full OTF (dist/public/static/) for WeasyPrint
  otf/pretendard-gov-otf.css             @font-face "Pretendard GOV" pointing at the OTF files
Not taken: other weights, woff, variable font, TTF.
EOF

# --- axe-core (tests only) ------------------------------------------------------------------
src="$tmp/axe-core/package"
dst="$root/tests/browser/vendor"
mkdir -p "$dst"
rm -f "$dst/axe.min.js" "$dst/axe-core.LICENSE" "$dst/axe-core.LICENSE-3RD-PARTY.txt"
cp "$src/axe.min.js" "$dst/axe.min.js"
cp "$src/LICENSE" "$dst/axe-core.LICENSE"
cp "$src/LICENSE-3RD-PARTY.txt" "$dst/axe-core.LICENSE-3RD-PARTY.txt"
cat >"$dst/README.txt" <<EOF
axe-core $AXE_CORE_VERSION (npm), licence MPL-2.0 (axe-core.LICENSE; bundled third-party notices
in axe-core.LICENSE-3RD-PARTY.txt). Only axe.min.js is taken. Used by tests/browser/conftest.py
(run_axe); not served to users. Re-create with: bash scripts/vendor-static.sh
EOF

# --- DejaVu Sans: the PDF's fallback for the symbols Pretendard GOV lacks (⇨, ▣) -------------
rm -rf "$vendor/dejavu" && mkdir -p "$vendor/dejavu"
cp "$tmp/dejavu-fonts-ttf/package/ttf/DejaVuSans.ttf" "$tmp/dejavu-fonts-ttf/package/LICENSE" \
  "$vendor/dejavu/"
cat >"$vendor/dejavu/README.txt" <<EOF
DejaVu Sans — npm package dejavu-fonts-ttf $DEJAVU_VERSION, licence: see LICENSE (Bitstream Vera / DejaVu, free).
Re-create with: bash scripts/vendor-static.sh

Taken: ttf/DejaVuSans.ttf only. It is the fallback font of the PDF report for the few symbols the
report uses that Pretendard GOV lacks (⇨ U+21E8, ▣ U+25A3), so the PDF needs no system font and
looks the same on every machine.
EOF

# --- checks ---------------------------------------------------------------------------------
# Every url() and @import in the vendored CSS must resolve to a vendored file.
python3 - "$vendor" <<'EOF'
import pathlib
import re
import sys

missing = []
for css in pathlib.Path(sys.argv[1]).rglob("*.css"):
    text = css.read_text(encoding="utf-8")
    refs = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", text)
    refs += re.findall(r"@import\s+['\"]([^'\"]+)['\"]", text)
    for ref in refs:
        if ref.startswith("data:"):
            continue
        if "://" in ref or ref.startswith("/") or not (css.parent / ref).resolve().is_file():
            missing.append(f"{css}: {ref}")
if missing:
    sys.exit("unresolved references:\n  " + "\n  ".join(missing))
EOF

echo "vendored: krds-uiux $KRDS_VERSION, pretendard-gov $PRETENDARD_GOV_VERSION (static/vendor/);" \
  "axe-core $AXE_CORE_VERSION (tests/browser/vendor/)"
du -sh "$vendor"/*
du -sh "$vendor" "$root/tests/browser/vendor"
