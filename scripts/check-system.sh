#!/usr/bin/env bash
# Checks the Debian libraries WeasyPrint loads at run time, and the browser the browser tests
# drive, and installs missing ones when we are root (CI, a fresh server); otherwise prints the
# apt-get line to run.
set -euo pipefail

needed=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
# Browser tests (tests/browser/, Playwright): Debian's Chromium at /usr/bin/chromium, never
# `playwright install`. Without a CJK system font, pages that do not load the vendored
# Pretendard GOV web font (Django's admin) show Korean as boxes in screenshots.
needed+=(chromium fonts-noto-cjk)
# PDF tests read the session report back with poppler (pdftotext, pdfinfo, pdffonts, pdftoppm).
needed+=(poppler-utils)
# bench/serve.py (make bench) loads the app server with wrk on loopback; the fault tests
# (tests/ops/test_faults.py) and bench/serve.py stop and start a Redis server of their own.
needed+=(wrk redis-server)
missing=()
for package in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "다음 시스템 패키지가 필요합니다: ${missing[*]} (Pango, HarfBuzz, Chromium, CJK 글꼴, poppler, wrk, Redis)" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  echo "설치: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "다음 패키지를 설치하십시오: sudo apt-get install ${missing[*]}" >&2
fi
