// Charts drawn with ImDrawList (no plotting library is packaged for this toolchain): a time
// series (line or area, hover read-out, zoom and pan), bars, an hour-of-week heatmap and
// sparklines. Data is decimated to a few points per pixel column before it is drawn, so a year
// of hourly points for 50 rooms stays within a frame budget and under WebGL2's 65,535 vertices
// per draw list. Colours come from a colour-blind-safe palette (Okabe-Ito).
//
//   charts::TimeView view;                       // zoom and pan, kept by the page's state
//   charts::TimeSeries("occupancy", series, view, style);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

struct ImDrawList;
struct ImVec2;

namespace portal::app::charts {

// The i-th colour of the palette (Okabe-Ito, without black), as ImU32; wraps around.
std::uint32_t SeriesColour(int index);

// One line: points (t, v) sorted by t (Unix seconds, UTC). A gap of more than `gap` seconds
// between two points breaks the line (no data is not zero).
struct Series {
    std::string label;  // "Boardroom" (shown in the legend and the hover read-out)
    std::vector<double> t;
    std::vector<double> v;
    double gap = 0;  // 0: never break
};

// The visible time range. Zero-width: fit the data on the next frame. The caller keeps it, so
// that zoom and pan survive a reload of the data.
struct TimeView {
    double from = 0;
    double to = 0;
    void Fit() { from = to = 0; }
};

struct ChartStyle {
    bool area = false;  // fill under a single series
    double y_min = 0;
    double y_max = 0;                   // 0: from the data
    const char* unit = "";              // axis title with its unit: "Occupancy (%)", "People"
    const char* value_format = "%.0f";  // read-out and ticks; values are multiplied by `scale`
    double scale = 1;                   // 100 to show shares as percentages
    float height = 240;                 // pixels; width is the available width
    int utc_offset_minutes = 0;         // time labels in this offset (the room's zone)

    // Added for translation (null: English). Short names: "Mon".."Sun", "Jan".."Dec".
    const char* const* day_names = nullptr;    // 7, Monday first
    const char* const* month_names = nullptr;  // 12, January first
    const char* no_data = "No data";           // heatmap cells and read-outs without a value

    // Added for screen readers (issue 17): one sentence saying what the chart shows, published
    // with its name (the id's visible part) as a figure (a11y::Figure). Null: the name only.
    const char* summary = nullptr;
};

// Draws the chart as one item named `id` in the item tree. The mouse wheel zooms around the
// cursor, dragging pans, a double click fits; hovering shows the time and each series' value.
// Returns true when the user changed the view.
bool TimeSeries(const char* id, const std::vector<Series>& series, TimeView& view,
                const ChartStyle& style);

// Vertical bars, one per label (e.g. meeting hours per day), several series side by side.
struct BarGroup {
    std::string label;           // the x label ("Mon 16")
    std::vector<double> values;  // one per series
};
void Bars(const char* id, const std::vector<std::string>& series_labels,
          const std::vector<BarGroup>& groups, const ChartStyle& style);

// Mean occupancy share (0..1, negative: no data) for each hour of the week, Monday first, in the
// room's local time: cells[day * 24 + hour].
void HourOfWeekHeatmap(const char* id, const std::vector<double>& cells, const ChartStyle& style,
                       const char* const day_names[7]);

// A small line in a table cell: values oldest first, NaN for no data, scaled between 0 and
// max_value. Draws into the current cell; no item. With a `name` (what it shows, in words), it
// is published as a figure for screen readers.
void Sparkline(const std::vector<double>& values, double max_value, float width, float height,
               const char* name = nullptr);

// Moves of the view for buttons, so that nothing needs dragging (issue 17): zoom around the
// middle by `factor` (below 1 zooms in), pan by a fraction of the visible span (negative:
// earlier), and the data's whole extent. Within the same limits as the wheel and the drag
// (the data, at least 3 hours); a view at a limit comes back unchanged.
TimeView ZoomedView(const std::vector<Series>& series, const TimeView& view, double factor);
TimeView PannedView(const std::vector<Series>& series, const TimeView& view, double fraction);
TimeView FittedView(const std::vector<Series>& series);

// ---------------------------------------------------------------------------------------------
// The pure parts, tested without ImGui (chart_math)

// A value as the chart prints it: style.value_format of value × style.scale.
std::string FormatChartValue(const ChartStyle& style, double value);

// What a chart's one-sentence summary says: its highest value and where it is, and the mean of
// the values shown (NaN and negative heatmap cells are no data, never counted).
struct ChartFacts {
    std::size_t count = 0;  // values counted; 0: nothing to say
    double max = 0;
    std::size_t max_series = 0;  // the series (bars: the value's index in its group)
    std::size_t max_at = 0;      // its point (time series), group (bars) or cell (heatmap)
    double mean = 0;
};
// A time series' points inside [from, to] (all of them when to <= from).
ChartFacts SeriesFacts(const std::vector<Series>& series, double from, double to);
ChartFacts BarFacts(const std::vector<BarGroup>& groups);
ChartFacts CellFacts(const std::vector<double>& cells);

// A time series as the rows of a table ("Show as table"): each time any series has a point
// inside [from, to] (all when to <= from), ascending, and each series' value then (NaN: none).
struct SeriesTable {
    std::vector<double> times;
    std::size_t columns = 0;     // one per series
    std::vector<double> values;  // times.size() × columns, row by row
    double At(std::size_t row, std::size_t column) const { return values[row * columns + column]; }
};
SeriesTable TableOfSeries(const std::vector<Series>& series, double from, double to);

// Reduces points inside [from, to] to at most 4 per pixel column (first, min, max, last of
// each), keeping the shape of spikes; returns indices into t/v in order.
std::vector<std::size_t> Decimate(const std::vector<double>& t, const std::vector<double>& v,
                                  double from, double to, int columns);

// "Nice" tick values (1, 2, 5 × 10^n steps) covering [lo, hi], about `count` of them.
std::vector<double> NiceTicks(double lo, double hi, int count);

// Time ticks for a visible range: a step among 1 h, 3 h, 6 h, 12 h, 1 day, 1 week, 1 month
// that gives about `count` ticks, aligned in the given UTC offset.
// (Beyond a month, 3 months and 1 year keep long ranges readable; 2 days sits between 1 day
// and 1 week.)
std::vector<double> TimeTicks(double from, double to, int count, int utc_offset_minutes);

// The step, in seconds, TimeTicks uses for that range and count: the smallest that gives at
// most `count` ticks (a month counts 2,629,746 s, the mean Gregorian month).
double TimeTickStep(double from, double to, int count);

// A moment's calendar fields in a UTC offset.
struct LocalTime {
    int year = 1970;
    int month = 1;    // 1..12
    int day = 1;      // 1..31
    int weekday = 3;  // 0 = Monday
    int hour = 0;
    int minute = 0;
};
LocalTime ToLocal(double t, int utc_offset_minutes);

// A tick's label for the step TimeTicks chose: "09:00" (a midnight under a day shows "Mon 16"),
// "Mon 16" (days), "16 Nov" (weeks), "Nov 2026" (months and more). Names null: English.
std::string TimeTickLabel(double t, double step, int utc_offset_minutes,
                          const char* const* day_names = nullptr,
                          const char* const* month_names = nullptr);
// The read-out's time: "Mon 16 Nov 2026, 09:00", or without the time when `date_only`.
std::string TimeReadout(double t, int utc_offset_minutes, bool date_only,
                        const char* const* day_names = nullptr,
                        const char* const* month_names = nullptr);

// Where a decimated line breaks: the kept indices (from Decimate) cut into runs drawn as one
// polyline each. Two kept neighbours are joined only when no original step between them is
// longer than `gap` (0: never) and no value between them is NaN. Returns [begin, end) ranges
// into `kept`.
std::vector<std::pair<std::size_t, std::size_t>> LineRuns(const std::vector<double>& t,
                                                          const std::vector<double>& v,
                                                          const std::vector<std::size_t>& kept,
                                                          double gap);

// Decimate and LineRuns in one pass over the points, as TimeSeries draws: the kept indices of
// [from, to], plus the point just before and just after the range (unless NaN) so that lines
// run to the edges, and the runs between breaks. Equal to LineRuns(t, v, kept, gap).
struct DecimatedLine {
    std::vector<std::size_t> kept;
    std::vector<std::pair<std::size_t, std::size_t>> runs;
};

// A line's points summarised once per data revision, so that each new view (every frame of a
// pan or a zoom) need not read every point again: a year of 50 rooms is ~430,000 points, over
// half of a wasm frame's budget. Aligned blocks of kLeaf << k points at level k (block b holds
// [b × size, (b + 1) × size)), each with its first minimum and first maximum, or kBroken when
// the line breaks inside it: a NaN value or time, a step longer than the gap or backwards,
// counting the step into its first point. DecimateLine takes such a block whole when it lies
// inside one pixel column, and reads points only at column edges and where the line breaks;
// what it keeps is exactly what it keeps without the summary.
struct LineSummary {
    static constexpr std::size_t kLeaf = 4;
    static constexpr std::uint32_t kBroken = ~std::uint32_t{0};
    struct Block {
        std::uint32_t min = kBroken;  // index of the block's first minimum, or kBroken
        std::uint32_t max = kBroken;  // of its first maximum
    };
    std::size_t size = 0;                  // points summarised: min(t.size(), v.size())
    double limit = 0;                      // steps longer than this break the line (gap, or ∞)
    std::vector<Block> blocks;             // all levels, level 0 first
    std::vector<std::size_t> level_begin;  // level k's first block in `blocks`

    // Whether it was made for `points` points with this gap (else DecimateLine ignores it).
    bool Matches(std::size_t points, double gap) const;
};
// One pass over the points; about 4 bytes per point. Fewer than kLeaf points, or 2^32 − 1 and
// more: an empty summary (never matches).
LineSummary SummariseLine(const std::vector<double>& t, const std::vector<double>& v, double gap);

// With a summary of the same t, v and gap (nullptr, or one that does not match: every point is
// read), the same result in far fewer steps when columns hold many points each.
DecimatedLine DecimateLine(const std::vector<double>& t, const std::vector<double>& v, double from,
                           double to, int columns, double gap,
                           const LineSummary* summary = nullptr);

// What TimeSeries may keep between frames, owned by the caller beside its series: the lines
// decimated for the last view, reused while the view, the width and `data_revision` stay the
// same (a year of 50 rooms is about 430,000 points to read per decimation: half of a frame in
// wasm), and each series' LineSummary, which makes the decimation of a new view (a pan, a zoom)
// cheap. The caller moves data_revision whenever it changes the series.
struct TimeSeriesCache {
    std::uint64_t data_revision = 0;
    // What `lines` were made for.
    std::uint64_t made_for_revision = ~std::uint64_t{0};
    double from = 0;
    double to = 0;
    int columns = -1;
    std::vector<std::size_t> sizes;  // each series' points: a guard for a missed revision
    std::vector<DecimatedLine> lines;
    // Made when the same data is decimated a second time (the view or the width moved): a
    // summary costs about one plain decimation, so data that changes while the view stays
    // never pays for it.
    std::uint64_t summaries_for_revision = ~std::uint64_t{0};
    std::vector<LineSummary> summaries;
};

// TimeSeries with a cache of its decimation (nullptr: decimate every frame).
bool TimeSeries(const char* id, const std::vector<Series>& series, TimeView& view,
                const ChartStyle& style, TimeSeriesCache* cache);

// How many pixel columns each of `series_count` lines may be decimated to, so that all of them
// together stay within `point_budget` points (4 per column) and never exceed `width`.
int DecimationColumns(int width, int series_count, int point_budget);

}  // namespace portal::app::charts
