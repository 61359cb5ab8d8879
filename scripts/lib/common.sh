# Shared by scripts/setup, run, test, bench-web and bench-core: where things are and how to install them.
# Sourced, not run.

PORTAL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PORTAL_BUILD=${PORTAL_BUILD:-$PORTAL_ROOT/build}
PORTAL_DEPS=$PORTAL_ROOT/.deps
IMGUI_VERSION=1.90.1
IMGUI_DEB_VERSION=1.90.1+ds-1
IMGUI_ORIG_SHA256=ecce377df0f90b292f15dcbd83d438bddc162b2388c881132bde18c787572a1c
IMGUI_DIR=$PORTAL_DEPS/imgui-$IMGUI_VERSION
BENCHMARK_VERSION=1.7.1
BENCHMARK_DEB_VERSION=1.7.1-1
BENCHMARK_ORIG_SHA256=6430e4092653380d9dc4ccb45a1e2dc9259d581f4866dc0759713126056bc1d7
BENCHMARK_DIR=$PORTAL_DEPS/benchmark-$BENCHMARK_VERSION

# Everything the project needs from Debian's archive, by name.
APT_PACKAGES=(
    build-essential cmake ninja-build pkg-config xz-utils
    emscripten
    nlohmann-json3-dev libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
    libsqlite3-dev libsodium-dev libcurl4-openssl-dev libgtest-dev googletest libgmock-dev
    postgresql libpq-dev haproxy
    libbenchmark-dev python3-aiosmtpd wrk
    dnsmasq-base
    brotli gzip python3 python3-fonttools fonts-noto-core tzdata
    chromium
    clang-14 libclang-rt-14-dev libfuzzer-14-dev
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

# Writes an apt sources file for one suite's source packages (deb-src, main), derived from this
# machine's own apt configuration (so that no archive host is written in the repo). Prints its
# path. Usage: write_deb_src_sources DIR SUITE
write_deb_src_sources() {
    local dir=$1 suite=$2
    if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
        awk 'BEGIN { RS = "" } NR == 1 { print; exit }' /etc/apt/sources.list.d/debian.sources |
            sed -e 's/^Types:.*/Types: deb-src/' -e "s/^Suites:.*/Suites: $suite/" \
                -e 's/^Components:.*/Components: main/' >"$dir/$suite.sources"
        echo "$dir/$suite.sources"
    else
        local uri
        uri=$(grep -hE '^deb (\[[^]]*\] )?(https?|file)://' /etc/apt/sources.list 2>/dev/null |
              grep -v security | head -n1 | sed -E 's/^deb (\[[^]]*\] )?//' | awk '{print $1}')
        [[ -n $uri ]] || die "cannot find a Debian archive in this machine's apt configuration"
        echo "deb-src $uri $suite main" >"$dir/$suite.list"
        echo "$dir/$suite.list"
    fi
}

# Fetches a Debian source package through a private apt state (the machine's own apt setup is
# untouched; apt checks the archive's signatures), verifies its orig tarball against a
# hard-coded sha256 and extracts it into .deps/ (not tracked).
# Usage: fetch_debian_source SUITE PACKAGE=VERSION ORIG_TARBALL SHA256
fetch_debian_source() {
    local suite=$1 spec=$2 orig=$3 sha256=$4
    local state=$PORTAL_DEPS/apt-state-${spec%%=*}
    rm -rf "$state"
    mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/download"
    local sources
    sources=$(write_deb_src_sources "$state" "$suite")
    local apt_opts=(-o "Dir::Etc::SourceList=$sources" -o Dir::Etc::SourceParts=/dev/null
                    -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
                    -o APT::Sandbox::User=root)
    apt-get "${apt_opts[@]}" update -q >/dev/null
    (cd "$state/download" && apt-get "${apt_opts[@]}" source --download-only -q "$spec" >/dev/null)
    local tarball=$state/download/$orig
    echo "$sha256  $tarball" | sha256sum -c --quiet - || die "$orig: checksum mismatch"
    tar -xf "$tarball" -C "$PORTAL_DEPS"
    rm -rf "$state"
}

# Dear ImGui's sources from Debian 13's source package (Debian 12 has 1.86).
ensure_imgui() {
    [[ -f $IMGUI_DIR/imgui.cpp ]] && return 0
    log "fetching Dear ImGui $IMGUI_DEB_VERSION sources through apt"
    fetch_debian_source trixie "imgui=$IMGUI_DEB_VERSION" \
        "imgui_${IMGUI_VERSION}+ds.orig.tar.xz" "$IMGUI_ORIG_SHA256"
    [[ -f $IMGUI_DIR/imgui.cpp ]] || die "Dear ImGui sources not found after extraction"
}

# Google Benchmark's sources from Debian 12's source package, for the wasm build of
# tests/bench (native builds use libbenchmark-dev). Only scripts/bench-core needs them.
ensure_benchmark_sources() {
    [[ -f $BENCHMARK_DIR/src/benchmark.cc ]] && return 0
    log "fetching Google Benchmark $BENCHMARK_DEB_VERSION sources through apt"
    fetch_debian_source bookworm "benchmark=$BENCHMARK_DEB_VERSION" \
        "benchmark_${BENCHMARK_VERSION}.orig.tar.gz" "$BENCHMARK_ORIG_SHA256"
    [[ -f $BENCHMARK_DIR/src/benchmark.cc ]] || die "Google Benchmark sources not found after extraction"
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

# Builds one tree (all, or the targets given). Usage: build_tree DIR [TARGET...]
build_tree() {
    local dir=$1
    shift
    local targets=()
    (($# > 0)) && targets=(--target "$@")
    if ! cmake --build "$dir" "${targets[@]}" -- -j"$(nproc)" >"$dir/last-build.log" 2>&1; then
        tail -n 60 "$dir/last-build.log" >&2
        die "build failed in $dir (full log: $dir/last-build.log)"
    fi
}

# Configure each tree once (Release unless PORTAL_BUILD_TYPE says otherwise).
configure_web_tree() {
    [[ -f $PORTAL_BUILD/web/build.ninja ]] && return 0
    log "configuring the web build"
    emcmake cmake -S "$PORTAL_ROOT" -B "$PORTAL_BUILD/web" -G Ninja \
        -DCMAKE_BUILD_TYPE="${PORTAL_BUILD_TYPE:-Release}" -DPORTAL_IMGUI_DIR="$IMGUI_DIR" \
        >/dev/null
}

configure_native_tree() {
    local fuzz_dir=$PORTAL_BUILD/fuzz/tests/fuzz
    if [[ -f $PORTAL_BUILD/native/build.ninja ]]; then
        # A tree configured before the fuzz targets existed learns where they are (fuzz.* tests).
        grep -q "^PORTAL_FUZZ_DIR:PATH=$fuzz_dir\$" "$PORTAL_BUILD/native/CMakeCache.txt" && return 0
        cmake "$PORTAL_BUILD/native" -DPORTAL_FUZZ_DIR="$fuzz_dir" >/dev/null
        return 0
    fi
    log "configuring the native build"
    cmake -S "$PORTAL_ROOT" -B "$PORTAL_BUILD/native" -G Ninja \
        -DCMAKE_BUILD_TYPE="${PORTAL_BUILD_TYPE:-Release}" -DPORTAL_IMGUI_DIR="$IMGUI_DIR" \
        -DPORTAL_WEB_DIST="$PORTAL_BUILD/web/dist" -DPORTAL_FUZZ_DIR="$fuzz_dir" >/dev/null
}

# The fuzz tree (tests/fuzz): clang-14 with ASan, UBSan and libFuzzer's coverage; Debug keeps
# assert() on, with line tables only (file:line in a finding's trace, at a fraction of full
# debug information's build time). Only what the targets link is built (fuzz_targets).
configure_fuzz_tree() {
    [[ -f $PORTAL_BUILD/fuzz/build.ninja ]] && return 0
    log "configuring the fuzz build"
    CC=clang-14 CXX=clang++-14 cmake -S "$PORTAL_ROOT" -B "$PORTAL_BUILD/fuzz" -G Ninja \
        -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only \
        -DCMAKE_C_FLAGS_DEBUG=-gline-tables-only -DPORTAL_FUZZ=ON \
        -DPORTAL_IMGUI_DIR="$IMGUI_DIR" >/dev/null
}

build_fuzz_tree() {
    configure_fuzz_tree
    log "building the fuzz targets"
    build_tree "$PORTAL_BUILD/fuzz" fuzz_targets
}

# Configures (once) and builds the three trees (of the fuzz tree, its targets only). Ninja
# rebuilds only what changed.
build_all() {
    configure_web_tree
    configure_native_tree
    log "building the web app"
    build_tree "$PORTAL_BUILD/web"
    log "building the server and tests"
    build_tree "$PORTAL_BUILD/native"
    build_fuzz_tree
}
