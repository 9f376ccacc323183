#!/usr/bin/env bash
# System packages the tests use: GNU gettext (msgfmt, msgcat, msgmerge, msgunfmt) as the
# reference, Debian's Chromium with its driver for the browser tests, and GNU time for the
# benchmark smoke test, gcc for the OS-failure shim. Idempotent: installs only what is missing.
set -euo pipefail

need=()
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
[ -x /usr/bin/time ] || need+=(time)  # GNU time: peak memory in the benchmark harness
# gcc and the C library's headers: tests/hostile/test_os_failures.py compiles its LD_PRELOAD shim
command -v gcc >/dev/null 2>&1 || need+=(gcc)
[ -e /usr/include/stdio.h ] || need+=(libc6-dev)
if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "installing system packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
