// The Insights chart's frame time (R-perf: p95 ≤ 8 ms per frame in wasm): one full ImGui frame
// with charts::TimeSeries over 12 months of hourly points for 50 rooms, drawn headless (no GL
// backend; the draw data is built but not rendered). Built natively and with em++ (run under
// node) by scripts/bench-core, which writes build/bench/chart-{native,wasm}.json.
//
// Each benchmark times every frame by hand (UseManualTime) and reports, besides the mean:
//   p50_ms, p95_ms   per-frame percentiles of the last run
//   max_vertices     the largest draw list's vertex count (WebGL2 limit: 65,535)
//   decimate_ms      the mean time of DecimateLine over all series for the same view and
//                    column count, through their LineSummary as TimeSeries does once the view
//                    moves, measured apart: how much of a panning frame the decimation takes
//   plain_ms         the same without summaries: what every panning frame paid before them
//   summarise_ms     SummariseLine over all series: paid once per data revision, on the
//                    first pan or zoom
#include <benchmark/benchmark.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "../support/headless_imgui.h"
#include "app/app_state.h"
#include "app/charts.h"
#include "app/fonts.h"
#include "app/test_bridge.h"
#include "app/theme.h"

namespace portal::app::charts {
namespace {

constexpr double kDay = 86400;
using test_support::kMonday16Nov2026;
constexpr float kDisplayWidth = 1600;
constexpr float kDisplayHeight = 900;

const std::vector<Series>& FiftyRooms() {
    static const std::vector<Series> series = test_support::YearOfRooms(50);
    return series;
}
const std::vector<Series>& OneRoom() {
    static const std::vector<Series> series = test_support::YearOfRooms(1);
    return series;
}

// A bare ImGui context as the browser app has it (theme, Noto Sans, the item bridge attached),
// without a renderer: one window filling a 1600×900 display, holding the chart.
class ChartFrame {
  public:
    ChartFrame() {
        ok_ = test_support::StartHeadlessImGui(context_, ImVec2(kDisplayWidth, kDisplayHeight),
                                               test_support::ReadFile(PORTAL_BENCH_FONT), fonts_,
                                               palette_);
        bridge_.Attach(context_);
        style_.unit = "Occupancy (%)";
        style_.value_format = "%.0f %%";
        style_.scale = 100;
        style_.y_max = 1;
        style_.height = 320;
    }
    ~ChartFrame() { ImGui::DestroyContext(context_); }
    ChartFrame(const ChartFrame&) = delete;
    ChartFrame& operator=(const ChartFrame&) = delete;

    bool ok() const { return ok_; }
    ChartStyle& style() { return style_; }
    TimeView& view() { return view_; }

    void Frame(const std::vector<Series>& series) {
        bridge_.BeginFrame();
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("page", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::TextUnformatted("Insights");
        // As the Insights page does: the decimation is kept while view and data stay.
        TimeSeries("Occupancy chart", series, view_, style_, &cache_);
        ImGui::End();
        ImGui::Render();
        bridge_.EndFrame();
    }
    const BridgeItem* Chart() const { return bridge_.Find("Occupancy chart"); }
    int MaxVertices() const {
        int most = 0;
        ImDrawData* data = ImGui::GetDrawData();
        for (int i = 0; i < data->CmdListsCount; ++i) {
            most = std::max(most, data->CmdLists[i]->VtxBuffer.Size);
        }
        return most;
    }
    static bool TooltipShown() {
        ImGuiWindow* tooltip = ImGui::FindWindowByName("##Tooltip_00");
        return tooltip && tooltip->WasActive;
    }

  private:
    ImGuiContext* context_ = nullptr;
    Fonts fonts_;
    app::theme::Palette palette_ = app::theme::LightPalette();  // theme::Colors()
    TestBridge bridge_;
    TimeView view_;
    TimeSeriesCache cache_;
    ChartStyle style_;
    bool ok_ = false;
};

double Percentile(std::vector<double> values, double fraction) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    std::size_t rank = static_cast<std::size_t>(std::ceil(fraction * values.size()));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

// The columns TimeSeries decimates each line to, mirrored from charts.cpp: the available width
// less an estimated y axis (56 px), all lines within 40,000 vertices (kLineVertexBudget) at the
// costliest line's vertices per point (2 with textured anti-aliased lines, else up to 4), plus 2
// per point for an area fill.
int ChartColumns(int series_count, bool area) {
    const ImGuiStyle& style = ImGui::GetStyle();
    bool textured = style.AntiAliasedLines && style.AntiAliasedLinesUseTex &&
                    !(ImGui::GetIO().Fonts->Flags & ImFontAtlasFlags_NoBakedLines);
    int cost = (textured ? 2 : 4) + (area && series_count == 1 ? 2 : 0);
    int width = static_cast<int>(kDisplayWidth - 2 * style.WindowPadding.x) - 56;
    return DecimationColumns(width, series_count, 40000 / cost);
}

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

// The decimation the chart does for this view, alone, over all series: with `summaries` (one
// per series) or without (empty).
double DecimateMilliseconds(const std::vector<Series>& series, const TimeView& view, int columns,
                            const std::vector<LineSummary>& summaries) {
    constexpr int kRounds = 20;
    auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < kRounds; ++round) {
        for (std::size_t i = 0; i < series.size(); ++i) {
            const Series& s = series[i];
            DecimatedLine line = DecimateLine(s.t, s.v, view.from, view.to, columns, s.gap,
                                              summaries.empty() ? nullptr : &summaries[i]);
            benchmark::DoNotOptimize(line);
        }
    }
    return MillisecondsSince(start) / kRounds;
}

enum class View { kYear, kThirtyDays };

// One full frame per iteration. `hover`: the pointer rests on the plot, so the read-out of
// every series is computed and drawn in a tooltip. `moving`: the view's start moves by a day
// every frame, as while the user zooms or pans: every frame decimates again (through the
// series' summaries, made on the first of those frames).
void RunChartFrames(benchmark::State& state, const std::vector<Series>& series, View zoom,
                    bool hover, bool area, bool moving = false) {
    ChartFrame frame;
    if (!frame.ok()) {
        state.SkipWithError("cannot load the font " PORTAL_BENCH_FONT);
        return;
    }
    frame.style().area = area;
    frame.Frame(series);  // fits the view to the data, lays out the chart item
    const BridgeItem* chart = frame.Chart();
    if (!chart) {
        state.SkipWithError("the chart item was not drawn");
        return;
    }
    if (zoom == View::kThirtyDays) {  // the last 30 days of the fitted year
        frame.view().from = frame.view().to - 30 * kDay;
    }
    if (hover) {
        ImGui::GetIO().AddMousePosEvent(chart->x + chart->w * 0.6f, chart->y + chart->h / 2);
    }
    TimeView fitted = frame.view();
    frame.Frame(series);  // warm-up: the tooltip window exists from here on
    frame.Frame(series);
    if (hover != ChartFrame::TooltipShown()) {
        state.SkipWithError(hover ? "hovering the plot shows no read-out"
                                  : "a read-out is shown without hovering");
        return;
    }
    if (frame.view().from != fitted.from || frame.view().to != fitted.to) {
        state.SkipWithError("the view moved between frames");
        return;
    }

    std::vector<double> frame_ms;
    for (auto _ : state) {
        if (moving) frame.view().from = fitted.from + (frame_ms.size() % 2 ? kDay : 0);
        auto start = std::chrono::steady_clock::now();
        frame.Frame(series);
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        state.SetIterationTime(seconds);
        frame_ms.push_back(seconds * 1000);
    }
    state.counters["p50_ms"] = Percentile(frame_ms, 0.50);
    state.counters["p95_ms"] = Percentile(frame_ms, 0.95);
    state.counters["max_vertices"] = frame.MaxVertices();
    int columns = ChartColumns(static_cast<int>(series.size()), area);
    state.counters["columns"] = columns;
    auto start = std::chrono::steady_clock::now();
    std::vector<LineSummary> summaries;
    for (const Series& s : series) summaries.push_back(SummariseLine(s.t, s.v, s.gap));
    state.counters["summarise_ms"] = MillisecondsSince(start);
    state.counters["decimate_ms"] = DecimateMilliseconds(series, frame.view(), columns, summaries);
    state.counters["plain_ms"] = DecimateMilliseconds(series, frame.view(), columns, {});
}

void BM_ChartYear50Rooms(benchmark::State& state) {
    RunChartFrames(state, FiftyRooms(), View::kYear, false, false);
}
BENCHMARK(BM_ChartYear50Rooms)->Unit(benchmark::kMillisecond)->UseManualTime()->MinTime(2);

void BM_ChartThirtyDays50Rooms(benchmark::State& state) {
    RunChartFrames(state, FiftyRooms(), View::kThirtyDays, false, false);
}
BENCHMARK(BM_ChartThirtyDays50Rooms)->Unit(benchmark::kMillisecond)->UseManualTime()->MinTime(2);

void BM_ChartYear50RoomsMoving(benchmark::State& state) {
    RunChartFrames(state, FiftyRooms(), View::kYear, false, false, true);
}
BENCHMARK(BM_ChartYear50RoomsMoving)->Unit(benchmark::kMillisecond)->UseManualTime()->MinTime(2);

// Panning a zoomed-in month: fewer points per column, so whole blocks help less.
void BM_ChartThirtyDays50RoomsMoving(benchmark::State& state) {
    RunChartFrames(state, FiftyRooms(), View::kThirtyDays, false, false, true);
}
BENCHMARK(BM_ChartThirtyDays50RoomsMoving)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->MinTime(2);

void BM_ChartYear50RoomsHover(benchmark::State& state) {
    RunChartFrames(state, FiftyRooms(), View::kYear, true, false);
}
BENCHMARK(BM_ChartYear50RoomsHover)->Unit(benchmark::kMillisecond)->UseManualTime()->MinTime(2);

void BM_ChartYear1RoomArea(benchmark::State& state) {
    RunChartFrames(state, OneRoom(), View::kYear, false, true);
}
BENCHMARK(BM_ChartYear1RoomArea)->Unit(benchmark::kMillisecond)->UseManualTime()->MinTime(2);

}  // namespace
}  // namespace portal::app::charts

BENCHMARK_MAIN();
