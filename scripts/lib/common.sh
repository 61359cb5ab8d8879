# Shared by scripts/setup, run, test and bench-web: where things are and how to install them.
# Sourced, not run.

PORTAL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PORTAL_BUILD=${PORTAL_BUILD:-$PORTAL_ROOT/build}
PORTAL_DEPS=$PORTAL_ROOT/.deps
IMGUI_VERSION=1.90.1
IMGUI_DEB_VERSION=1.90.1+ds-1
IMGUI_ORIG_SHA256=ecce377df0f90b292f15dcbd83d438bddc162b2388c881132bde18c787572a1c
IMGUI_DIR=$PORTAL_DEPS/imgui-$IMGUI_VERSION

# Everything the project needs from Debian's archive, by name.
APT_PACKAGES=(
    build-essential cmake ninja-build pkg-config xz-utils
    emscripten
    nlohmann-json3-dev libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
    libsqlite3-dev libgtest-dev googletest libgmock-dev libbenchmark-dev
    brotli gzip python3 python3-fonttools fonts-noto-core
    chromium
)

# emcc's JS optimizer needs acorn from Debian's node modules; the machine's node is not Debian's.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

missing_apt_packages() {
    local pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
            printf '%s\n' "$pkg"
    done
}

ensure_apt_packages() {
    local missing
    mapfile -t missing < <(missing_apt_packages)
    ((${#missing[@]} == 0)) && return 0
    if [[ $(id -u) -ne 0 ]]; then
        die "missing Debian packages; run as root:
    apt-get update && apt-get install -y ${missing[*]}"
    fi
    log "installing ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Writes an apt sources file for Debian 13's source packages, derived from this machine's own apt
# configuration (so that no archive host is written in the repo). Prints its path.
write_trixie_sources() {
    local dir=$1
    if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
        awk 'BEGIN { RS = "" } NR == 1 { print; exit }' /etc/apt/sources.list.d/debian.sources |
            sed -e 's/^Types:.*/Types: deb-src/' -e 's/^Suites:.*/Suites: trixie/' \
                -e 's/^Components:.*/Components: main/' >"$dir/trixie.sources"
        echo "$dir/trixie.sources"
    else
        local uri
        uri=$(grep -hE '^deb (\[[^]]*\] )?(https?|file)://' /etc/apt/sources.list 2>/dev/null |
              grep -v security | head -n1 | sed -E 's/^deb (\[[^]]*\] )?//' | awk '{print $1}')
        [[ -n $uri ]] || die "cannot find a Debian archive in this machine's apt configuration"
        echo "deb-src $uri trixie main" >"$dir/trixie.list"
        echo "$dir/trixie.list"
    fi
}

# Dear ImGui's sources from Debian's source package, verified, into .deps/ (not tracked).
ensure_imgui() {
    [[ -f $IMGUI_DIR/imgui.cpp ]] && return 0
    log "fetching Dear ImGui $IMGUI_DEB_VERSION sources through apt"
    local state=$PORTAL_DEPS/apt-state
    rm -rf "$state"
    mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/download"
    local sources
    sources=$(write_trixie_sources "$state")
    local apt_opts=(-o "Dir::Etc::SourceList=$sources" -o Dir::Etc::SourceParts=/dev/null
                    -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
                    -o APT::Sandbox::User=root)
    apt-get "${apt_opts[@]}" update -q >/dev/null
    (cd "$state/download" && apt-get "${apt_opts[@]}" source --download-only -q "imgui=$IMGUI_DEB_VERSION" >/dev/null)
    local tarball=$state/download/imgui_${IMGUI_VERSION}+ds.orig.tar.xz
    echo "$IMGUI_ORIG_SHA256  $tarball" | sha256sum -c --quiet - ||
        die "Dear ImGui tarball checksum mismatch"
    tar -xJf "$tarball" -C "$PORTAL_DEPS"
    [[ -f $IMGUI_DIR/imgui.cpp ]] || die "Dear ImGui sources not found after extraction"
    rm -rf "$state"
}

ensure_npm_packages() {
    local stamp=$PORTAL_ROOT/node_modules/.portal-lock
    if [[ -f $stamp ]] && cmp -s "$stamp" "$PORTAL_ROOT/package-lock.json"; then return 0; fi
    log "installing npm packages (npm ci)"
    (cd "$PORTAL_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$PORTAL_ROOT/package-lock.json" "$stamp"
}

ensure_setup() {
    ensure_apt_packages
    ensure_imgui
    ensure_npm_packages
}

build_tree() {
    local dir=$1
    if ! cmake --build "$dir" -- -j"$(nproc)" >"$dir/last-build.log" 2>&1; then
        tail -n 60 "$dir/last-build.log" >&2
        die "build failed in $dir (full log: $dir/last-build.log)"
    fi
}

# Configures (once) and builds both trees. Ninja rebuilds only what changed.
build_all() {
    local type=${PORTAL_BUILD_TYPE:-Release}
    if [[ ! -f $PORTAL_BUILD/web/build.ninja ]]; then
        log "configuring the web build"
        emcmake cmake -S "$PORTAL_ROOT" -B "$PORTAL_BUILD/web" -G Ninja \
            -DCMAKE_BUILD_TYPE="$type" -DPORTAL_IMGUI_DIR="$IMGUI_DIR" >/dev/null
    fi
    if [[ ! -f $PORTAL_BUILD/native/build.ninja ]]; then
        log "configuring the native build"
        cmake -S "$PORTAL_ROOT" -B "$PORTAL_BUILD/native" -G Ninja \
            -DCMAKE_BUILD_TYPE="$type" -DPORTAL_IMGUI_DIR="$IMGUI_DIR" \
            -DPORTAL_WEB_DIST="$PORTAL_BUILD/web/dist" >/dev/null
    fi
    log "building the web app"
    build_tree "$PORTAL_BUILD/web"
    log "building the server and tests"
    build_tree "$PORTAL_BUILD/native"
}
