#!/usr/bin/env bash
# Installs the Temporal CLI (which contains the Temporal dev server) at .temporal/bin/temporal.
#
# Sources, first that works wins (nothing is downloaded when an earlier one works):
#   1. $TEMPORAL_CLI, when set and executable
#   2. a `temporal` on PATH
#   3. the build cache outside the clone:
#        ${SWITCHBOARD_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/switchboard}/temporal-v1.5.1/temporal
#   4. `go install github.com/temporalio/cli/cmd/temporal@v1.5.1` into that cache (needs `go`)
#   5. the official release archive, downloaded with curl (needs internet)
#
# Idempotent: a second run with the binary in place returns at once.
# Progress goes to stderr; the final binary path is the only line on stdout.
set -euo pipefail

TEMPORAL_CLI_VERSION="1.5.1"
TEMPORAL_CLI_MODULE="github.com/temporalio/cli/cmd/temporal"

log() { printf '[install-temporal] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

project_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest_dir="$project_root/.temporal/bin"
dest="$dest_dir/temporal"
cache_root="${SWITCHBOARD_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/switchboard}"
cache_dir="$cache_root/temporal-v$TEMPORAL_CLI_VERSION"
cache_bin="$cache_dir/temporal"

# A binary is usable when it runs and answers --version.
usable() { [[ -f "$1" && -x "$1" ]] && "$1" --version >/dev/null 2>&1; }

# Puts $1 at $dest: a hard link when possible (no copy of ~250 MB), else a copy. Atomic via rename.
install_binary() {
  local src="$1"
  mkdir -p "$dest_dir"
  if [[ -e "$dest" && "$src" -ef "$dest" ]]; then
    log "already in place: $dest"
  else
    local tmp="$dest.tmp.$$"
    rm -f "$tmp"
    if ln "$src" "$tmp" 2>/dev/null; then
      log "linked $src -> $dest"
    else
      cp "$src" "$tmp"
      chmod +x "$tmp"
      log "copied $src -> $dest"
    fi
    mv -f "$tmp" "$dest"
  fi
  usable "$dest" || die "$dest does not run"
  log "$("$dest" --version 2>&1 | head -n 1)"
  printf '%s\n' "$dest"
  exit 0
}

# 1. explicit override
if [[ -n "${TEMPORAL_CLI:-}" ]]; then
  if usable "$TEMPORAL_CLI"; then
    log "using \$TEMPORAL_CLI=$TEMPORAL_CLI"
    install_binary "$(readlink -f "$TEMPORAL_CLI")"
  fi
  log "\$TEMPORAL_CLI=$TEMPORAL_CLI is not an executable Temporal CLI; trying other sources"
fi

# Already installed (and no override): nothing to do.
if usable "$dest"; then
  log "already installed: $dest"
  printf '%s\n' "$dest"
  exit 0
fi

# 2. a temporal on PATH (never our own destination)
if on_path="$(command -v temporal 2>/dev/null)" && [[ -n "$on_path" ]] && usable "$on_path"; then
  log "using temporal found on PATH: $on_path"
  install_binary "$(readlink -f "$on_path")"
fi

# 3. build cache outside the clone
if usable "$cache_bin"; then
  log "using cached build: $cache_bin"
  install_binary "$cache_bin"
fi

mkdir -p "$cache_dir"

# 4. build from source with Go (the v1.5.1 tag has no replace directive, so `go install mod@version` works)
if command -v go >/dev/null 2>&1; then
  log "building Temporal CLI v$TEMPORAL_CLI_VERSION with $(go version) (takes a few minutes on 2 cores)"
  build_dir="$(mktemp -d "$cache_dir/.build.XXXXXX")"
  trap 'rm -rf "$build_dir"' EXIT
  if GOBIN="$build_dir" go install "$TEMPORAL_CLI_MODULE@v$TEMPORAL_CLI_VERSION" >&2 \
    && usable "$build_dir/temporal"; then
    mv -f "$build_dir/temporal" "$cache_bin"
    rm -rf "$build_dir"
    trap - EXIT
    log "built $cache_bin"
    install_binary "$cache_bin"
  fi
  rm -rf "$build_dir"
  trap - EXIT
  log "go install failed; falling back to the release archive"
fi

# 5. official release archive
command -v curl >/dev/null 2>&1 || die "no Temporal CLI found, no Go toolchain to build it, and no curl to download it. Install Go (https://go.dev/dl/) or set TEMPORAL_CLI=/path/to/temporal"
case "$(uname -s)" in
  Linux) platform=linux ;;
  Darwin) platform=darwin ;;
  *) die "unsupported OS $(uname -s); set TEMPORAL_CLI=/path/to/temporal" ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) die "unsupported CPU $(uname -m); set TEMPORAL_CLI=/path/to/temporal" ;;
esac
url="https://temporal.download/cli/archive/v$TEMPORAL_CLI_VERSION?platform=$platform&arch=$arch"
log "downloading $url"
dl_dir="$(mktemp -d "$cache_dir/.download.XXXXXX")"
trap 'rm -rf "$dl_dir"' EXIT
curl -fsSL --retry 3 --connect-timeout 20 -o "$dl_dir/temporal.tar.gz" "$url" \
  || die "download failed: $url. Install Go and re-run, or set TEMPORAL_CLI=/path/to/temporal"
tar -xzf "$dl_dir/temporal.tar.gz" -C "$dl_dir"
extracted="$(find "$dl_dir" -type f -name temporal | head -n 1)"
[[ -n "$extracted" ]] && usable "$extracted" || die "the archive from $url holds no runnable temporal binary"
mv -f "$extracted" "$cache_bin"
rm -rf "$dl_dir"
trap - EXIT
log "downloaded $cache_bin"
install_binary "$cache_bin"
