#!/usr/bin/env bash
# Make sure a CJK font is available to fontconfig (WeasyPrint renders the PDF reports with it).
# Installs Debian's fonts-noto-cjk when we are root on a Debian-like system; otherwise explains.
set -u
have_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list ':lang=zh' family 2>/dev/null | head -n 1)" ]; }
# libharfbuzz-subset lets WeasyPrint subset the CJK font quickly (about 1 s a report instead of 10-26 s).
have_subset() { ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset'; }
if have_font && have_subset; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing a CJK font (fonts-noto-cjk) and HarfBuzz subsetting for PDF rendering ..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fontconfig libharfbuzz-subset0 >/dev/null) \
    || echo "warning: could not install fonts-noto-cjk; PDF output will lack Chinese glyphs" >&2
  fc-cache -f >/dev/null 2>&1 || true
else
  echo "warning: no CJK font found; install fonts-noto-cjk (or any Chinese font) for PDF output" >&2
fi
exit 0
