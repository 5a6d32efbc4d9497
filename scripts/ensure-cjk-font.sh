#!/usr/bin/env bash
# Make sure a CJK font is available to fontconfig (WeasyPrint renders the PDF reports with it).
# Installs Debian's fonts-noto-cjk when we are root on a Debian-like system; otherwise explains.
# `--check` installs nothing: it only prints a plain notice when PDFs cannot carry Chinese glyphs.
set -u
have_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list ':lang=zh' family 2>/dev/null | head -n 1)" ]; }
# libharfbuzz-subset lets WeasyPrint subset the CJK font quickly (about 1 s a report instead of 10-26 s).
have_subset() { ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset'; }
notice() {
  cat >&2 <<'MSG'

注意 / Notice: no Chinese (CJK) font is installed, so PDF letters and reports will show empty boxes
instead of Chinese characters. Fix: install one and run `make demo` again, e.g. as root on Debian/Ubuntu:
    apt-get install fonts-noto-cjk fontconfig libharfbuzz-subset0
(any font that `fc-list :lang=zh` lists will do).

MSG
}
if [ "${1:-}" = "--check" ]; then
  have_font || notice
  exit 0
fi
if have_font && have_subset; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing a CJK font (fonts-noto-cjk) and HarfBuzz subsetting for PDF rendering ..."
  # Another install may hold the package lock: wait for it (up to 10 minutes) instead of giving up.
  apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }
  updated=1
  for _ in $(seq 1 60); do
    if apt_get update -qq 2>/dev/null; then updated=0; break; fi
    echo "  the package lists are locked by another install; waiting ..."
    sleep 10
  done
  if [ "$updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt_get install -y -qq fonts-noto-cjk fontconfig libharfbuzz-subset0 >/dev/null \
      || echo "warning: could not install fonts-noto-cjk" >&2
  fi
  fc-cache -f >/dev/null 2>&1 || true
fi
have_font || notice
exit 0
