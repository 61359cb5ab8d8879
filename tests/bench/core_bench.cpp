// Benchmarks over the core, built natively (libbenchmark-dev) and with em++ (run under node):
// scripts/bench-core runs both and writes build/bench/core-{native,wasm}.json.
// Adding a benchmark: write `void BM_Name(benchmark::State& state)` looping over `state`, then
// `BENCHMARK(BM_Name);`. Shared fixtures (the shipped catalogue, generated accounts) are built
// once, outside the timed loop: Catalogue() below, and bench_data.h for generated data.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "api/catalogue_json.h"
#include "bench_data.h"
#include "core/catalogue.h"
#include "core/engine.h"

namespace portal {
namespace {

// The shipped catalogue (assets/catalogue.json), loaded once. Aborts when it cannot be read:
// a benchmark over an empty catalogue would measure nothing.
const Catalogue& ShippedCatalogue() {
    static const Catalogue catalogue = [] {
        std::ifstream file(std::string(PORTAL_ASSETS_DIR) + "/catalogue.json");
        std::stringstream text;
        text << file.rdbuf();
        api::Json json;
        std::string error;
        Catalogue out;
        std::vector<api::FieldError> errors;
        if (!api::ParseJson(text.str(), json, error) ||
            !api::CatalogueFromJson(json, out, errors)) {
            std::fprintf(stderr, "core_bench: cannot load %s/catalogue.json: %s\n",
                         PORTAL_ASSETS_DIR,
                         !error.empty()   ? error.c_str()
                         : errors.empty() ? "?"
                                          : errors.front().message.c_str());
            std::abort();
        }
        return out;
    }();
    return catalogue;
}

// [SECTION] Catalogue

void BM_CheckCatalogue(benchmark::State& state) {
    const Catalogue& catalogue = ShippedCatalogue();
    for (auto _ : state) {
        auto problems = CheckCatalogue(catalogue);
        benchmark::DoNotOptimize(problems);
    }
}
BENCHMARK(BM_CheckCatalogue);

// [SECTION] Engine (10,000 rooms, 50,000 devices, 20 contracts: bench::MakeAccount)

const bench::Account& LargeAccount() {
    static const bench::Account account = bench::MakeAccount(ShippedCatalogue());
    return account;
}

// The whole-state check the server runs at start-up and the tests run after every operation.
// Timed by hand around the call (UseManualTime): under node, Google Benchmark's own clock
// reads cost as much as the work when they are counted in.
void BM_CheckState(benchmark::State& state) {
    const bench::Account& account = LargeAccount();
    for (auto _ : state) {
        auto start = std::chrono::steady_clock::now();
        auto violations = CheckState(account.state, ShippedCatalogue(), account.today);
        state.SetIterationTime(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (!violations.empty()) {
            state.SkipWithError(
                ("generated data is inconsistent: " + violations[0].message).c_str());
            break;
        }
        benchmark::DoNotOptimize(violations);
    }
    state.counters["rooms"] = static_cast<double>(account.state.rooms.size());
    state.counters["devices"] = static_cast<double>(account.state.devices.size());
}
BENCHMARK(BM_CheckState)->Unit(benchmark::kMillisecond)->UseManualTime();

// The same account with its devices out of serial order: the hash-set path of the check.
void BM_CheckStateUnsortedDevices(benchmark::State& state) {
    static const bench::Account account = [] {
        bench::Account shuffled = LargeAccount();
        auto& devices = shuffled.state.devices;
        for (size_t i = devices.size() - 1; i > 0; --i) {
            std::swap(devices[i], devices[(i * 2654435761u) % (i + 1)]);
        }
        return shuffled;
    }();
    for (auto _ : state) {
        auto start = std::chrono::steady_clock::now();
        auto violations = CheckState(account.state, ShippedCatalogue(), account.today);
        state.SetIterationTime(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        benchmark::DoNotOptimize(violations);
    }
}
BENCHMARK(BM_CheckStateUnsortedDevices)->Unit(benchmark::kMillisecond)->UseManualTime();

// "What happens if I assign a license to these 200 rooms": the bulk-assignment preview.
void BM_PreviewBulkAssign200(benchmark::State& state) {
    const bench::Account& account = LargeAccount();
    std::vector<Action> actions;
    for (size_t i = 0; i < 200; ++i) {
        actions.push_back(Action::Assign(account.bare_rooms[i], account.select_contract));
    }
    int accepted = 0;
    for (auto _ : state) {
        auto start = std::chrono::steady_clock::now();
        auto items = Preview(account.state, ShippedCatalogue(), actions, account.today);
        state.SetIterationTime(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        accepted = 0;
        for (const PreviewItem& item : items) accepted += item.ok ? 1 : 0;
        benchmark::DoNotOptimize(items);
    }
    state.counters["accepted"] = accepted;
}
BENCHMARK(BM_PreviewBulkAssign200)->Unit(benchmark::kMillisecond)->UseManualTime();

// One assignment planned, as the server does per request.
void BM_PlanOneAssignment(benchmark::State& state) {
    const bench::Account& account = LargeAccount();
    Action action = Action::Assign(account.bare_rooms[0], account.select_contract);
    for (auto _ : state) {
        auto planned = Plan(account.state, ShippedCatalogue(), action, account.today);
        benchmark::DoNotOptimize(planned);
    }
}
BENCHMARK(BM_PlanOneAssignment)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace portal

BENCHMARK_MAIN();
