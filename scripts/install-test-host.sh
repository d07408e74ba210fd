#!/usr/bin/env bash
# Installs what the real-host tests need and a fresh machine lacks:
#  - Debian packages: chromium (browser), libkrb5-dev (code-server's kerberos addon), ripgrep
#  - code-server 4.100.3 (VS Code 1.100.3) from the npm registry into .vscode-test/code-server (git-ignored)
# Idempotent: does nothing that is already done. See ../shared/notes/vscode-host.md.
set -euo pipefail
cd "$(dirname "$0")/.."
CS_VERSION=4.100.3
CS_DIR=.vscode-test/code-server

missing=()
for pkg in chromium libkrb5-dev ripgrep; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "install-test-host: please install: ${missing[*]}" >&2; exit 1; fi
  echo "install-test-host: apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -x "$CS_DIR/node_modules/.bin/code-server" ] && \
   [ "$(node -p "require('./$CS_DIR/node_modules/code-server/package.json').version" 2>/dev/null)" = "$CS_VERSION" ]; then
  exit 0
fi

# @vscode/ripgrep's postinstall downloads rg from GitHub: pre-seed its cache with Debian's binary.
cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
tarball="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$tarball" ]; then
  mkdir -p "$cache"
  tmp=$(mktemp -d); cp /usr/bin/rg "$tmp/rg"
  tar -C "$tmp" -czf "$tarball" rg; rm -rf "$tmp"
fi

echo "install-test-host: npm install code-server@$CS_VERSION (about a minute)"
mkdir -p "$CS_DIR"
[ -f "$CS_DIR/package.json" ] || echo '{"name":"hoxton-test-host","private":true}' > "$CS_DIR/package.json"
( cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" )
test -x "$CS_DIR/node_modules/.bin/code-server"
echo "install-test-host: code-server $CS_VERSION ready"
