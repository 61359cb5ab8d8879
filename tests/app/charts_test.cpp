// Charts: the pure parts (decimation, ticks, time labels, line runs) and frames drawn headless
// in a bare ImGui context: a year of hourly points for 50 rooms stays under WebGL2's 65,535
// vertices per draw list, the chart is one named item, its read-out is published, and the wheel,
// a drag and a double click change the view.
#include "app/charts.h"

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <set>

#include "app/fonts.h"
#include "app/test_bridge.h"
#include "app/theme.h"
#include "app_fixture.h"

namespace portal::app::charts {
namespace {

constexpr double kHour = 3600;
constexpr double kDay = 86400;
using test_support::kMonday16Nov2026;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// [SECTION] Decimate

// For each column ([from + c × w, from + (c + 1) × w), w = (to − from) / columns; the last
// one holds `to`), what Decimate must keep: first, last, first minimum, first maximum.
std::set<std::size_t> Expected(const std::vector<double>& t, const std::vector<double>& v,
                               double from, double to, int columns) {
    std::set<std::size_t> expected;
    std::vector<std::vector<std::size_t>> by_column(columns);
    double width = (to - from) / columns;
    int c = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] < from || t[i] > to || std::isnan(v[i])) continue;
        while (c + 1 < columns && t[i] >= from + (c + 1) * width) ++c;
        by_column[c].push_back(i);
    }
    for (const auto& indices : by_column) {
        if (indices.empty()) continue;
        std::size_t lo = indices.front(), hi = indices.front();
        for (std::size_t i : indices) {
            if (v[i] < v[lo]) lo = i;
            if (v[i] > v[hi]) hi = i;
        }
        expected.insert({indices.front(), indices.back(), lo, hi});
    }
    return expected;
}

TEST(ChartMath, DecimateKeepsFirstLastMinAndMaxOfEachColumn) {
    std::vector<double> t, v;
    for (int i = 0; i < 10000; ++i) {
        t.push_back(i * kHour);
        v.push_back(std::sin(i * 0.37) * 10 + (i % 997 == 0 ? 50 : 0));  // spikes
    }
    const int columns = 120;
    std::vector<std::size_t> kept = Decimate(t, v, t.front(), t.back(), columns);
    EXPECT_LE(kept.size(), 4u * columns);
    EXPECT_EQ(kept.front(), 0u);
    EXPECT_EQ(kept.back(), t.size() - 1);
    EXPECT_TRUE(std::is_sorted(kept.begin(), kept.end()));
    EXPECT_EQ(std::set<std::size_t>(kept.begin(), kept.end()).size(), kept.size());
    std::set<std::size_t> expected = Expected(t, v, t.front(), t.back(), columns);
    EXPECT_EQ(std::set<std::size_t>(kept.begin(), kept.end()), expected);
    // Every spike survives.
    for (std::size_t i = 0; i < t.size(); i += 997) {
        EXPECT_TRUE(std::binary_search(kept.begin(), kept.end(), i)) << i;
    }
}

TEST(ChartMath, DecimateKeepsOnlyTheRangeAndAtMostFourPerColumn) {
    std::vector<double> t, v;
    for (int i = 0; i < 5000; ++i) {
        t.push_back(i);
        v.push_back((i * 7919) % 101);
    }
    std::vector<std::size_t> kept = Decimate(t, v, 1000, 2000, 10);
    ASSERT_FALSE(kept.empty());
    EXPECT_EQ(kept.front(), 1000u);
    EXPECT_EQ(kept.back(), 2000u);
    EXPECT_LE(kept.size(), 40u);
    EXPECT_EQ(std::set<std::size_t>(kept.begin(), kept.end()), Expected(t, v, 1000, 2000, 10));
    // Fewer points than columns: all of them.
    std::vector<std::size_t> all = Decimate(t, v, 10, 19, 1000);
    EXPECT_EQ(all.size(), 10u);
}

TEST(ChartMath, DecimateHandlesEmptyOnePointAndOutOfRange) {
    std::vector<double> none;
    EXPECT_TRUE(Decimate(none, none, 0, 10, 100).empty());
    std::vector<double> one_t{5}, one_v{2};
    EXPECT_EQ(Decimate(one_t, one_v, 0, 10, 100), std::vector<std::size_t>{0});
    EXPECT_EQ(Decimate(one_t, one_v, 5, 5.5, 1), std::vector<std::size_t>{0});  // on the edge
    EXPECT_TRUE(Decimate(one_t, one_v, 6, 10, 100).empty());                    // after the point
    EXPECT_TRUE(Decimate(one_t, one_v, 0, 4, 100).empty());                     // before it
    EXPECT_TRUE(Decimate(one_t, one_v, 10, 0, 100).empty());                    // reversed range
    EXPECT_TRUE(Decimate(one_t, one_v, 0, 10, 0).empty());                      // no columns
    std::vector<double> t{1, 2, 3}, v{1, kNaN, 3};
    EXPECT_EQ(Decimate(t, v, 0, 10, 100), (std::vector<std::size_t>{0, 2}));  // NaN: no point
    std::vector<double> short_v{1};  // sizes differ: the common part only
    EXPECT_EQ(Decimate(t, short_v, 0, 10, 100), std::vector<std::size_t>{0});
}

TEST(ChartMath, DecimationColumnsShrinkWithManySeries) {
    EXPECT_EQ(DecimationColumns(1000, 1, 20000), 1000);  // never beyond the width
    EXPECT_EQ(DecimationColumns(1000, 50, 20000), 100);  // 50 × 100 × 4 = 20,000 points
    EXPECT_EQ(DecimationColumns(1000, 100000, 20000), 1);
    EXPECT_EQ(DecimationColumns(0, 5, 20000), 0);
}

// [SECTION] Line runs

TEST(ChartMath, LineRunsBreakAtGapsEvenInsideAColumn) {
    // Hourly points with one missing stretch (5 h) between index 3 and 4.
    std::vector<double> t{0, 1, 2, 3, 8, 9, 10};
    for (double& x : t) x *= kHour;
    std::vector<double> v{1, 5, 2, 4, 3, 6, 1};
    std::vector<std::size_t> all{0, 1, 2, 3, 4, 5, 6};
    using Runs = std::vector<std::pair<std::size_t, std::size_t>>;
    EXPECT_EQ(LineRuns(t, v, all, 1.5 * kHour), (Runs{{0, 4}, {4, 7}}));
    EXPECT_EQ(LineRuns(t, v, all, 0), (Runs{{0, 7}}));  // no gap: one line
    // Decimated to first and last only: the gap between them still breaks the line.
    std::vector<std::size_t> ends{0, 6};
    EXPECT_EQ(LineRuns(t, v, ends, 1.5 * kHour), (Runs{{0, 1}, {1, 2}}));
    // A NaN between two kept points breaks it too.
    std::vector<double> with_nan{1, 5, kNaN, 4, 3, 6, 1};
    std::vector<std::size_t> kept{0, 1, 3};
    EXPECT_EQ(LineRuns(t, with_nan, kept, 0), (Runs{{0, 2}, {2, 3}}));
    EXPECT_TRUE(LineRuns(t, v, {}, 0).empty());
}

// What TimeSeries drew before the one-pass DecimateLine: Decimate, the neighbours outside the
// range, then LineRuns over all of it.
DecimatedLine TwoPasses(const std::vector<double>& t, const std::vector<double>& v, double from,
                        double to, int columns, double gap) {
    DecimatedLine line;
    line.kept = Decimate(t, v, from, to, columns);
    std::size_t first = std::lower_bound(t.begin(), t.end(), from) - t.begin();
    std::size_t last = std::upper_bound(t.begin(), t.end(), to) - t.begin();
    if (first > 0 && !std::isnan(v[first - 1])) line.kept.insert(line.kept.begin(), first - 1);
    if (last < t.size() && !std::isnan(v[last])) line.kept.push_back(last);
    line.runs = LineRuns(t, v, line.kept, gap);
    return line;
}

TEST(ChartMath, DecimateLineEqualsDecimateThenLineRuns) {
    // Hourly points with missing stretches and NaNs, seen through many ranges and widths.
    std::vector<double> t, v;
    unsigned seed = 7;
    double now = 0;
    for (int i = 0; i < 3000; ++i) {
        seed = seed * 1103515245 + 12345;
        unsigned r = (seed >> 16) % 100;
        now += r < 3 ? (2 + r) * kHour : kHour;  // a gap now and then
        t.push_back(now);
        v.push_back(r >= 95 ? kNaN : (r % 37) / 10.0);
    }
    int cases = 0;
    for (double from : {t.front() - kDay, t.front(), t[5], t[700] + 1, t[2990]}) {
        for (double span : {0.5 * kHour, 3 * kHour, 2 * kDay, 30 * kDay, 400 * kDay}) {
            for (int columns : {1, 7, 100, 1000}) {
                for (double gap : {0.0, 1.5 * kHour}) {
                    DecimatedLine one = DecimateLine(t, v, from, from + span, columns, gap);
                    DecimatedLine two = TwoPasses(t, v, from, from + span, columns, gap);
                    ASSERT_EQ(one.kept, two.kept) << from << " " << span << " " << columns;
                    ASSERT_EQ(one.runs, two.runs) << from << " " << span << " " << columns;
                    cases += one.runs.size() > 1;
                }
            }
        }
    }
    // Ranges that end right before a gap or start right after one: the steps out of and into
    // the range.
    int edges = 0;
    for (std::size_t g = 1; g < t.size() && edges < 20; ++g) {
        if (t[g] - t[g - 1] <= 1.5 * kHour) continue;
        ++edges;
        for (int columns : {1, 50}) {
            for (auto [from, to] :
                 {std::pair{t[g - 1] - 10 * kHour, t[g - 1] + 1},
                  std::pair{t[g] - 1, t[g] + 10 * kHour}, std::pair{t[g - 1] + 1, t[g] - 1}}) {
                DecimatedLine one = DecimateLine(t, v, from, to, columns, 1.5 * kHour);
                DecimatedLine two = TwoPasses(t, v, from, to, columns, 1.5 * kHour);
                ASSERT_EQ(one.kept, two.kept) << g;
                ASSERT_EQ(one.runs, two.runs) << g;
                if (!std::isnan(v[g - 1]) && !std::isnan(v[g])) {
                    ASSERT_GT(one.runs.size(), 1u) << g;  // the gap breaks the line
                }
            }
        }
    }
    EXPECT_EQ(edges, 20);
    EXPECT_GT(cases, 20);  // breaks were there to find
    EXPECT_TRUE(DecimateLine({}, {}, 0, 1, 10, 0).kept.empty());
}

// [SECTION] Line summaries

// Points for the summary tests, from a seed: mostly hourly, with missing stretches, repeated
// times, NaN values and values from a few levels only (ties everywhere).
struct Points {
    std::vector<double> t, v;
};
Points Bumpy(std::size_t count, unsigned seed, int nan_percent, int gap_percent, int levels) {
    Points points;
    double now = kMonday16Nov2026;
    for (std::size_t i = 0; i < count; ++i) {
        seed = seed * 1103515245 + 12345;
        int r = static_cast<int>((seed >> 16) % 100);
        seed = seed * 1103515245 + 12345;
        int value = static_cast<int>((seed >> 16) % levels);
        if (i > 0) now += r < gap_percent ? (2 + r % 5) * kHour : r == 99 ? 0 : kHour;
        points.t.push_back(now);
        points.v.push_back(r >= 100 - nan_percent ? kNaN : value * 0.25);
    }
    return points;
}

// Each block of each level, against its points read one by one.
TEST(ChartMath, LineSummaryBlocksHoldTheirFirstMinimumAndMaximum) {
    for (double gap : {0.0, 1.5 * kHour}) {
        Points p = Bumpy(1000, 3, 2, 3, 4);
        p.t[301] = p.t[300] - 1;  // a step backwards: the block is read point by point
        p.t[600] = kNaN;          // as is a block with a NaN time
        LineSummary summary = SummariseLine(p.t, p.v, gap);
        EXPECT_TRUE(summary.Matches(1000, gap));
        EXPECT_FALSE(summary.Matches(999, gap));
        EXPECT_FALSE(summary.Matches(1000, gap > 0 ? 0 : kHour));
        ASSERT_EQ(summary.level_begin.size(), 8u);  // blocks of 4, 8, ..., 512 points
        double limit = gap > 0 ? gap : std::numeric_limits<double>::infinity();
        int broken = 0, whole = 0;
        for (std::size_t level = 0; level < summary.level_begin.size(); ++level) {
            std::size_t size = LineSummary::kLeaf << level;
            std::size_t end = level + 1 < summary.level_begin.size()
                                  ? summary.level_begin[level + 1]
                                  : summary.blocks.size();
            ASSERT_EQ(end - summary.level_begin[level], 1000 / size) << level;
            for (std::size_t b = 0; b < 1000 / size; ++b) {
                const LineSummary::Block& block = summary.blocks[summary.level_begin[level] + b];
                bool breaks = false;
                std::size_t low = b * size, high = b * size;
                for (std::size_t j = b * size; j < (b + 1) * size; ++j) {
                    double step = j > 0 ? p.t[j] - p.t[j - 1] : 0;
                    breaks = breaks || std::isnan(p.v[j]) || std::isnan(p.t[j]) ||
                             std::isnan(step) || step < 0 || step > limit;
                    if (p.v[j] < p.v[low]) low = j;
                    if (p.v[j] > p.v[high]) high = j;
                }
                if (breaks) {
                    EXPECT_EQ(block.min, LineSummary::kBroken) << level << " " << b;
                    EXPECT_EQ(block.max, LineSummary::kBroken) << level << " " << b;
                    ++broken;
                } else {
                    EXPECT_EQ(block.min, low) << level << " " << b;
                    EXPECT_EQ(block.max, high) << level << " " << b;
                    ++whole;
                }
            }
        }
        EXPECT_GT(broken, 10);
        EXPECT_GT(whole, 100);
    }
    // Fewer points than a block: nothing to summarise, never used.
    std::vector<double> three{1, 2, 3};
    EXPECT_FALSE(SummariseLine(three, three, 0).Matches(3, 0));
    EXPECT_FALSE(SummariseLine({}, {}, 0).Matches(0, 0));
}

// R-perf (chart panning within the frame budget) may not change what is drawn: with a summary,
// DecimateLine keeps the same indices and runs as without, whatever the view, the columns and
// the gap, with NaNs, gaps, repeated times, ties, ranges and columns that cut blocks anywhere,
// and series of 0 to 3,000 points.
TEST(ChartMath, DecimateLineWithSummaryEqualsWithout) {
    struct Shape {
        std::size_t count;
        int nan_percent, gap_percent, levels;
    };
    std::vector<Shape> shapes{{0, 0, 0, 2},    {1, 0, 0, 2},    {2, 0, 0, 2},     {3, 0, 0, 3},
                              {4, 0, 0, 3},    {5, 0, 0, 3},    {8, 10, 10, 3},   {63, 0, 0, 2},
                              {64, 0, 0, 1},   {65, 5, 5, 4},   {257, 0, 0, 100}, {1000, 2, 3, 4},
                              {1000, 0, 0, 2}, {3000, 1, 1, 8}, {3000, 30, 20, 3}};
    long compared = 0, with_breaks = 0;
    unsigned seed = 11;
    for (const Shape& shape : shapes) {
        Points p = Bumpy(shape.count, ++seed, shape.nan_percent, shape.gap_percent, shape.levels);
        if (shape.count == 1000 && shape.nan_percent == 0) {
            std::fill(p.v.begin() + 100, p.v.begin() + 300, 0.5);  // one value: ties only
        }
        // Range ends at points, between points, before and after all of them; more for longer
        // series.
        std::vector<double> ends;
        double first = p.t.empty() ? kMonday16Nov2026 : p.t.front();
        double last = p.t.empty() ? kMonday16Nov2026 : p.t.back();
        ends.push_back(first - kDay);
        ends.push_back(last + kDay);
        for (std::size_t k = 0; k < 12 && !p.t.empty(); ++k) {
            std::size_t i = (k * 7919 + seed) % p.t.size();
            ends.push_back(p.t[i]);
            ends.push_back(p.t[i] + 0.5 * kHour);
        }
        for (double gap : {0.0, 1.5 * kHour, 0.5 * kHour}) {
            LineSummary summary = SummariseLine(p.t, p.v, gap);
            for (double from : ends) {
                for (double to : ends) {
                    if (!(to > from)) continue;
                    for (int columns : {1, 2, 3, 7, 16, 100, 1000}) {
                        DecimatedLine plain = DecimateLine(p.t, p.v, from, to, columns, gap);
                        DecimatedLine fast =
                            DecimateLine(p.t, p.v, from, to, columns, gap, &summary);
                        ASSERT_EQ(fast.kept, plain.kept)
                            << shape.count << " points, " << from << ".." << to << ", " << columns
                            << " columns, gap " << gap;
                        ASSERT_EQ(fast.runs, plain.runs)
                            << shape.count << " points, " << from << ".." << to << ", " << columns
                            << " columns, gap " << gap;
                        ++compared;
                        with_breaks += plain.runs.size() > 1;
                    }
                }
            }
        }
    }
    EXPECT_GT(compared, 30000);
    EXPECT_GT(with_breaks, 3000);  // breaks were there to keep
}

// The summary is read, not merely checked: blocks that lie about their minimum change what is
// kept, and a summary of other points or another gap is not used at all.
TEST(ChartMath, DecimateLineTakesWholeBlocksFromTheSummary) {
    Points p = Bumpy(4096, 5, 0, 0, 50);
    double from = p.t.front(), to = p.t.back();
    DecimatedLine plain = DecimateLine(p.t, p.v, from, to, 10, 0);
    LineSummary summary = SummariseLine(p.t, p.v, 0);
    EXPECT_EQ(DecimateLine(p.t, p.v, from, to, 10, 0, &summary).kept, plain.kept);
    LineSummary lying = summary;
    for (LineSummary::Block& block : lying.blocks) block.min = block.max;
    EXPECT_NE(DecimateLine(p.t, p.v, from, to, 10, 0, &lying).kept, plain.kept);
    // Made for another gap (every step breaks) or fewer points: ignored.
    EXPECT_EQ(DecimateLine(p.t, p.v, from, to, 10, 0.5 * kHour, &lying).kept,
              DecimateLine(p.t, p.v, from, to, 10, 0.5 * kHour).kept);
    std::vector<double> shorter(p.t.begin(), p.t.end() - 1);
    EXPECT_EQ(DecimateLine(shorter, p.v, from, to, 10, 0, &lying).kept,
              DecimateLine(shorter, p.v, from, to, 10, 0).kept);
}

// [SECTION] Ticks

TEST(ChartMath, NiceTicksUseOneTwoFiveSteps) {
    EXPECT_EQ(NiceTicks(0, 1, 5), (std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1.0}));
    EXPECT_EQ(NiceTicks(0, 100, 5), (std::vector<double>{0, 20, 40, 60, 80, 100}));
    EXPECT_EQ(NiceTicks(0, 87, 5), (std::vector<double>{0, 20, 40, 60, 80, 100}));  // covers hi
    EXPECT_EQ(NiceTicks(0, 0.3, 3), (std::vector<double>{0, 0.1, 0.2, 0.3}));
    EXPECT_EQ(NiceTicks(-3, 7, 4), (std::vector<double>{-5, 0, 5, 10}));
    EXPECT_EQ(NiceTicks(0, 12, 4), (std::vector<double>{0, 5, 10, 15}));
    EXPECT_EQ(NiceTicks(1200, 4800, 3), (std::vector<double>{0, 2000, 4000, 6000}));
    EXPECT_EQ(NiceTicks(7, 3, 4), NiceTicks(3, 7, 4));  // order does not matter
    EXPECT_EQ(NiceTicks(0, 0, 5), (std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1.0}));
    EXPECT_TRUE(NiceTicks(0, kNaN, 5).empty());
}

TEST(ChartMath, TimeTicksPickAStepAndAlignInTheOffset) {
    double day = kMonday16Nov2026;
    // A day, 8 ticks: every 3 h, on the hour in UTC.
    EXPECT_EQ(TimeTickStep(day, day + kDay, 8), 3 * kHour);
    std::vector<double> utc = TimeTicks(day, day + kDay, 8, 0);
    ASSERT_EQ(utc.size(), 9u);
    EXPECT_EQ(utc.front(), day);
    EXPECT_EQ(utc[1], day + 3 * kHour);
    // In Paris (UTC+1) the 3 h ticks fall on local 03:00, 06:00...: 02:00 UTC first.
    std::vector<double> paris = TimeTicks(day, day + kDay, 8, 60);
    ASSERT_FALSE(paris.empty());
    EXPECT_EQ(paris.front(), day + 2 * kHour);
    EXPECT_EQ(TimeTickLabel(paris.front(), 3 * kHour, 60), "03:00");
    // Austin (UTC−6): days start at 06:00 UTC.
    std::vector<double> days = TimeTicks(day, day + 5 * kDay, 6, -360);
    EXPECT_EQ(TimeTickStep(day, day + 5 * kDay, 6), kDay);
    ASSERT_EQ(days.size(), 5u);
    EXPECT_EQ(days.front(), day + 6 * kHour);
    // A month: weekly ticks on local Mondays.
    std::vector<double> weeks = TimeTicks(day - 3 * kDay, day + 27 * kDay, 6, 60);
    EXPECT_EQ(TimeTickStep(day - 3 * kDay, day + 27 * kDay, 6), 7 * kDay);
    ASSERT_EQ(weeks.size(), 4u);
    EXPECT_EQ(weeks.front(), day - kHour);  // Monday 00:00 in Paris
    EXPECT_EQ(ToLocal(weeks[1], 60).weekday, 0);
    // A year: the first of each month at local midnight.
    double jan15 = 1768435200, jun15 = 1781481600;
    std::vector<double> months = TimeTicks(jan15, jun15, 12, 60);
    ASSERT_EQ(months.size(), 5u);                   // Feb, Mar, Apr, May, Jun
    EXPECT_EQ(months.front(), 1769904000 - kHour);  // 2026-02-01T00:00+01:00
    LocalTime june = ToLocal(months.back(), 60);
    EXPECT_EQ(june.month, 6);
    EXPECT_EQ(june.day, 1);
    EXPECT_EQ(june.hour, 0);  // summer time is not an offset change here: one offset per call
    // Twelve months over 12 ticks: months; over 4: quarters.
    EXPECT_LT(TimeTickStep(day - 365 * kDay, day, 12), 31 * kDay);
    EXPECT_GT(TimeTickStep(day - 365 * kDay, day, 4), 80 * kDay);
    EXPECT_TRUE(TimeTicks(day, day, 5, 0).empty());
}

TEST(ChartMath, TimeLabelsFollowTheStep) {
    double nine = kMonday16Nov2026 + 9 * kHour;
    EXPECT_EQ(TimeTickLabel(nine, kHour, 0), "09:00");
    EXPECT_EQ(TimeTickLabel(nine - kHour, kHour, 60), "09:00");          // 08:00Z is 09:00 in Paris
    EXPECT_EQ(TimeTickLabel(kMonday16Nov2026, 3 * kHour, 0), "Mon 16");  // midnight: the day
    EXPECT_EQ(TimeTickLabel(kMonday16Nov2026, kDay, 0), "Mon 16");
    EXPECT_EQ(TimeTickLabel(kMonday16Nov2026, 7 * kDay, 0), "16 Nov");
    EXPECT_EQ(TimeTickLabel(1793491200, 2629746, 0), "Nov 2026");
    const char* jours[7] = {"lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."};
    const char* mois[12] = {"janv.", "févr.", "mars",  "avr.", "mai",  "juin",
                            "juil.", "août",  "sept.", "oct.", "nov.", "déc."};
    EXPECT_EQ(TimeTickLabel(kMonday16Nov2026, kDay, 0, jours, mois), "lun. 16");
    EXPECT_EQ(TimeTickLabel(kMonday16Nov2026, 7 * kDay, 0, jours, mois), "16 nov.");
    EXPECT_EQ(TimeReadout(nine, 0, false), "Mon 16 Nov 2026, 09:00");
    EXPECT_EQ(TimeReadout(nine, -360, false), "Mon 16 Nov 2026, 03:00");
    EXPECT_EQ(TimeReadout(kMonday16Nov2026, 0, true), "Mon 16 Nov 2026");
    LocalTime before_epoch = ToLocal(-1, 0);
    EXPECT_EQ(before_epoch.year, 1969);
    EXPECT_EQ(before_epoch.day, 31);
    EXPECT_EQ(before_epoch.weekday, 2);  // a Wednesday
    EXPECT_EQ(before_epoch.hour, 23);
}

// [SECTION] Frames

// A bare ImGui context with the app's theme, font and item bridge: one full-screen window.
class ChartFrames : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(test_support::StartHeadlessImGui(context_, ImVec2(1280, 800),
                                                     ReadFile(PORTAL_TEST_FONT), fonts_, palette_));
        bridge_.Attach(context_);
    }
    void TearDown() override { ImGui::DestroyContext(context_); }

    void Frames(int count = 1) {
        for (int i = 0; i < count; ++i) {
            bridge_.BeginFrame();
            ImGui::NewFrame();
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
            ImGui::Begin("page", nullptr, ImGuiWindowFlags_NoDecoration);
            ImGui::TextUnformatted("Insights");
            if (draw_) draw_();
            ImGui::End();
            ImGui::Render();
            bridge_.EndFrame();
        }
    }
    const BridgeItem* Item(const std::string& label) { return bridge_.Find(label); }
    bool HasText(const std::string& label) {
        const BridgeItem* item = Item(label);
        return item && item->text;
    }
    std::string Texts() {
        std::string all;
        for (const BridgeItem& item : bridge_.items()) {
            if (item.text) all += "[" + item.label + "] ";
        }
        return all;
    }
    void MoveTo(float x, float y) {
        ImGui::GetIO().AddMousePosEvent(x, y);
        Frames(2);
    }
    // The largest vertex count of any draw list of the last frame.
    int MaxVertices() {
        int most = 0;
        ImDrawData* data = ImGui::GetDrawData();
        for (int i = 0; i < data->CmdListsCount; ++i) {
            most = std::max(most, data->CmdLists[i]->VtxBuffer.Size);
        }
        return most;
    }

    ImGuiContext* context_ = nullptr;
    Fonts fonts_;
    theme::Palette palette_ = theme::LightPalette();  // theme::Colors()
    TestBridge bridge_;
    std::function<void()> draw_;
};

// R-perf: 50 rooms × 8,760 hourly points is drawn within WebGL2's 16-bit index limit per draw
// list, with the read-out shown, and the chart is one named item.
TEST_F(ChartFrames, ChartFiftyRoomsForAYearStayUnderTheVertexLimit) {
    std::vector<Series> series = test_support::YearOfRooms(50, 8760);
    TimeView view;
    ChartStyle style;
    style.unit = "Occupancy (%)";
    style.value_format = "%.0f %%";
    style.scale = 100;
    style.y_max = 1;
    style.height = 320;
    draw_ = [&] { TimeSeries("Occupancy chart##year", series, view, style); };
    auto started = std::chrono::steady_clock::now();
    Frames(3);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count() /
        3;
    std::printf("50 rooms x 8760 h: %.2f ms per frame (Debug, native)\n", ms);
    std::printf("largest draw list: %d vertices\n", MaxVertices());
    EXPECT_LT(MaxVertices(), 65535);
    // The lines are there, and well within the budget: a decimation that ignored the number
    // of series would run into the per-primitive guard (65,000) and lose lines.
    EXPECT_GT(MaxVertices(), 20000);
    EXPECT_LT(MaxVertices(), 55000);
    const BridgeItem* chart = Item("Occupancy chart");
    ASSERT_NE(chart, nullptr);
    EXPECT_GT(chart->w, 800);
    EXPECT_GT(chart->h, 150);
    EXPECT_FALSE(chart->text);
    // The fitted view is the data's extent.
    double first = series[0].t.front();
    for (const Series& s : series) first = std::min(first, s.t.front());
    EXPECT_EQ(view.from, first);
    EXPECT_NEAR(view.to, kMonday16Nov2026 - kHour, 1);
    // Hovering adds the cursor, 50 dots and the read-out: still under the limit.
    MoveTo(chart->x + chart->w * 0.6f, chart->y + chart->h / 2);
    std::printf("largest draw list while hovering: %d vertices\n", MaxVertices());
    EXPECT_LT(MaxVertices(), 55000);
    EXPECT_TRUE(HasText("Room 50: 0 %") || Texts().find("[Room 50: ") != std::string::npos)
        << Texts();
    int drawn = 0;
    for (const BridgeItem& item : bridge_.items()) drawn += item.label == "Occupancy chart";
    EXPECT_EQ(drawn, 1);  // one item, not one per series
}

// A few hourly points whose values are known, for the read-out and the view changes.
std::vector<Series> TwoRooms() {
    std::vector<Series> series(2);
    series[0].label = "Boardroom";
    series[1].label = "Huddle";
    for (int h = 0; h < 48; ++h) {
        series[0].t.push_back(kMonday16Nov2026 + h * kHour);
        series[0].v.push_back(h == 9 ? 0.52 : 0.1);
        if (h == 9) continue;  // Huddle has no data at 09:00
        series[1].t.push_back(kMonday16Nov2026 + h * kHour);
        series[1].v.push_back(0.25);
    }
    series[0].gap = series[1].gap = 1.5 * kHour;
    return series;
}

class ChartTimeSeries : public ChartFrames {
  protected:
    void SetUp() override {
        ChartFrames::SetUp();
        series_ = TwoRooms();
        style_.value_format = "%.0f %%";
        style_.scale = 100;
        style_.y_max = 1;
        style_.utc_offset_minutes = 60;
        draw_ = [this] { changed_ |= TimeSeries("Occupancy chart", series_, view_, style_); };
        Frames(2);
        ASSERT_NE(Chart(), nullptr);
        changed_ = false;
    }
    const BridgeItem* Chart() { return Item("Occupancy chart"); }
    // The x of a time in the chart's item (its rectangle is the plot).
    float XOf(double t) {
        const BridgeItem* chart = Chart();
        return chart->x + static_cast<float>((t - view_.from) / (view_.to - view_.from)) * chart->w;
    }
    double TimeAt(float x) {
        const BridgeItem* chart = Chart();
        return view_.from + (x - chart->x) / chart->w * (view_.to - view_.from);
    }
    float MiddleY() { return Chart()->y + Chart()->h / 2; }

    std::vector<Series> series_;
    TimeView view_;
    ChartStyle style_;
    bool changed_ = false;
};

TEST_F(ChartTimeSeries, ChartHoverPublishesTheReadoutOfTheNearestPoint) {
    EXPECT_FALSE(HasText("Boardroom: 52 %"));
    // A little off 09:00 UTC: snaps to it; the time shows in the room's offset (10:00 Paris).
    MoveTo(XOf(kMonday16Nov2026 + 9 * kHour + 600), MiddleY());
    EXPECT_TRUE(HasText("Mon 16 Nov 2026, 10:00")) << Texts();
    EXPECT_TRUE(HasText("Boardroom: 52 %")) << Texts();
    EXPECT_TRUE(HasText("Huddle: No data")) << Texts();
    MoveTo(XOf(kMonday16Nov2026 + 20 * kHour), MiddleY());
    EXPECT_TRUE(HasText("Boardroom: 10 %")) << Texts();
    EXPECT_TRUE(HasText("Huddle: 25 %")) << Texts();
    // Away from the chart: no read-out.
    MoveTo(5, 790);
    EXPECT_FALSE(HasText("Huddle: 25 %"));
    EXPECT_FALSE(changed_);  // hovering is not a change of view
}

// The page keeps the decimation between frames (TimeSeriesCache): reused while nothing changes,
// made again when the data's revision or the view moves.
TEST_F(ChartTimeSeries, ChartCacheIsReusedUntilTheDataOrTheViewChanges) {
    TimeSeriesCache cache;
    draw_ = [&] { TimeSeries("Occupancy chart", series_, view_, style_, &cache); };
    Frames(2);
    ASSERT_EQ(cache.lines.size(), 2u);
    std::uint64_t made = cache.made_for_revision;
    EXPECT_EQ(made, cache.data_revision);
    cache.lines[0].kept.clear();  // a frame that decimated again would refill it
    Frames(1);
    EXPECT_TRUE(cache.lines[0].kept.empty()) << "reused: nothing changed";

    // The first decimation of some data reads every point; no summary yet.
    ASSERT_EQ(cache.summaries.size(), 2u);
    EXPECT_FALSE(cache.summaries[0].Matches(series_[0].t.size(), series_[0].gap));

    series_[0].v.assign(series_[0].v.size(), 0.9);  // new values, same buffers
    ++cache.data_revision;
    Frames(1);
    EXPECT_FALSE(cache.lines[0].kept.empty()) << "decimated again for the new data";
    EXPECT_EQ(cache.made_for_revision, cache.data_revision);
    EXPECT_FALSE(cache.summaries[0].Matches(series_[0].t.size(), series_[0].gap));

    cache.lines[0].kept.clear();
    view_.from += kHour;  // a pan: decimated again, now through a summary of the new data
    Frames(1);
    EXPECT_FALSE(cache.lines[0].kept.empty());
    for (std::size_t i = 0; i < series_.size(); ++i) {
        const Series& s = series_[i];
        EXPECT_TRUE(cache.summaries[i].Matches(s.t.size(), s.gap)) << i;
        DecimatedLine plain = DecimateLine(s.t, s.v, cache.from, cache.to, cache.columns, s.gap);
        EXPECT_EQ(cache.lines[i].kept, plain.kept) << i;
        EXPECT_EQ(cache.lines[i].runs, plain.runs) << i;
    }
    EXPECT_EQ(cache.summaries_for_revision, cache.data_revision);
    // Points 8..15 were 0.1 but 0.52 at 9; now all 0.9: the first maximum is 8.
    EXPECT_EQ(cache.summaries[0].blocks[cache.summaries[0].level_begin[1] + 1].max, 8u)
        << "summarises the new values";

    series_.pop_back();  // fewer series, revision forgotten: never reads stale indices
    series_[0].t.resize(3);
    series_[0].v.resize(3);
    Frames(1);
    EXPECT_EQ(cache.lines.size(), 1u);
}

TEST_F(ChartTimeSeries, ChartWheelZoomsAroundThePointer) {
    double span = view_.to - view_.from;
    float x = Chart()->x + Chart()->w * 0.25f;
    MoveTo(x, MiddleY());
    double under_pointer = TimeAt(x);
    ImGui::GetIO().AddMouseWheelEvent(0, 1);
    Frames(2);
    EXPECT_TRUE(changed_);
    EXPECT_LT(view_.to - view_.from, span * 0.9);
    EXPECT_NEAR(TimeAt(x), under_pointer, span * 1e-4);  // the time under the pointer stays
    // Zooming far in stops at 3 hours; far out stops at the data.
    ImGui::GetIO().AddMouseWheelEvent(0, 40);
    Frames(2);
    EXPECT_NEAR(view_.to - view_.from, 3 * kHour, 1);
    ImGui::GetIO().AddMouseWheelEvent(0, -80);
    Frames(2);
    EXPECT_DOUBLE_EQ(view_.from, series_[0].t.front());
    EXPECT_DOUBLE_EQ(view_.to, series_[0].t.back());
}

TEST_F(ChartTimeSeries, ChartDragPansAndDoubleClickFits) {
    ImGuiIO& io = ImGui::GetIO();
    float x = Chart()->x + Chart()->w * 0.5f;
    MoveTo(x, MiddleY());
    io.AddMouseWheelEvent(0, 3);  // zoom in first: there is room to pan
    Frames(2);
    TimeView zoomed = view_;
    double span = zoomed.to - zoomed.from;
    changed_ = false;
    io.AddMouseButtonEvent(0, true);
    Frames(1);
    io.AddMousePosEvent(x - 100, MiddleY());  // drag left: later times come into view
    Frames(1);
    io.AddMouseButtonEvent(0, false);
    Frames(2);
    EXPECT_TRUE(changed_);
    EXPECT_NEAR(view_.to - view_.from, span, 1e-6 * span);
    EXPECT_NEAR(view_.from - zoomed.from, 100.0 / Chart()->w * span, span * 0.01);
    // Double click: the whole data again.
    io.AddMouseButtonEvent(0, true);
    Frames(1);
    io.AddMouseButtonEvent(0, false);
    Frames(1);
    io.AddMouseButtonEvent(0, true);
    Frames(1);
    io.AddMouseButtonEvent(0, false);
    Frames(2);
    EXPECT_DOUBLE_EQ(view_.from, series_[0].t.front());
    EXPECT_DOUBLE_EQ(view_.to, series_[0].t.back());
    // TimeView::Fit() asks for the same on the next frame.
    view_ = zoomed;
    view_.Fit();
    Frames(1);
    EXPECT_DOUBLE_EQ(view_.from, series_[0].t.front());
}

TEST_F(ChartFrames, ChartWithoutDataSaysSo) {
    std::vector<Series> series(1);
    series[0].label = "Boardroom";
    TimeView view;
    ChartStyle style;
    style.no_data = "Pas de données";
    draw_ = [&] { TimeSeries("People chart", series, view, style); };
    Frames(2);
    ASSERT_NE(Item("People chart"), nullptr);
    EXPECT_EQ(view.from, 0);
    EXPECT_EQ(view.to, 0);
}

TEST_F(ChartFrames, ChartHeatmapShowsEachCellAndNoData) {
    std::vector<double> cells(7 * 24, -1.0);
    cells[0 * 24 + 9] = 0.5;   // Monday 09:00
    cells[4 * 24 + 14] = 0.0;  // Friday 14:00: measured, empty
    ChartStyle style;
    style.value_format = "%.0f %%";
    style.scale = 100;
    const char* days[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    draw_ = [&] { HourOfWeekHeatmap("Busiest hours", cells, style, days); };
    Frames(2);
    const BridgeItem* grid = Item("Busiest hours");
    ASSERT_NE(grid, nullptr);
    float cell_w = grid->w / 24, cell_h = grid->h / 7;
    auto cell = [&](int day, int hour) {
        MoveTo(grid->x + (hour + 0.5f) * cell_w, grid->y + (day + 0.5f) * cell_h);
    };
    cell(0, 9);
    EXPECT_TRUE(HasText("Mon 09:00–10:00: 50 %")) << Texts();
    cell(4, 14);
    EXPECT_TRUE(HasText("Fri 14:00–15:00: 0 %")) << Texts();
    cell(6, 23);
    EXPECT_TRUE(HasText("Sun 23:00–00:00: No data")) << Texts();
}

TEST_F(ChartFrames, ChartBarsReadOutTheGroupUnderThePointer) {
    std::vector<std::string> labels{"Boardroom", "Huddle"};
    std::vector<BarGroup> groups{{"Mon 16", {2.5, 1}}, {"Tue 17", {4, 0}}, {"Wed 18", {1, 3}}};
    ChartStyle style;
    style.value_format = "%.1f h";
    draw_ = [&] { Bars("Meeting hours", labels, groups, style); };
    Frames(2);
    const BridgeItem* bars = Item("Meeting hours");
    ASSERT_NE(bars, nullptr);
    MoveTo(bars->x + bars->w * 0.5f, bars->y + bars->h * 0.5f);
    EXPECT_TRUE(HasText("Tue 17")) << Texts();
    EXPECT_TRUE(HasText("Boardroom: 4.0 h")) << Texts();
    EXPECT_TRUE(HasText("Huddle: 0.0 h")) << Texts();
}

TEST_F(ChartFrames, ChartSparklineDrawsInPlaceWithoutAnItem) {
    std::vector<double> values{0.2, 0.4, kNaN, 0.3, 0.5, 0.1, 0.6};
    draw_ = nullptr;
    Frames(1);
    int before = MaxVertices();
    int labelled_before = 0;
    for (const BridgeItem& item : bridge_.items()) labelled_before += !item.label.empty();
    draw_ = [&] { Sparkline(values, 1.0, 80, 18); };
    Frames(1);
    EXPECT_GT(MaxVertices(), before);
    int labelled = 0;
    for (const BridgeItem& item : bridge_.items()) labelled += !item.label.empty();
    EXPECT_EQ(labelled, labelled_before);
}

TEST(ChartMath, SeriesColoursAreOkabeItoWithoutBlack) {
    EXPECT_EQ(SeriesColour(0), IM_COL32(0xE6, 0x9F, 0x00, 255));
    EXPECT_EQ(SeriesColour(4), IM_COL32(0x00, 0x72, 0xB2, 255));
    EXPECT_EQ(SeriesColour(6), IM_COL32(0xCC, 0x79, 0xA7, 255));
    EXPECT_EQ(SeriesColour(7), SeriesColour(0));  // wraps
    EXPECT_EQ(SeriesColour(-1), SeriesColour(6));
}

}  // namespace
}  // namespace portal::app::charts

// [SECTION] Summaries, tables and view buttons (issue 17)

namespace portal::app::charts {
namespace {

// The facts a chart's sentence states: the highest value, where it is, and the mean, counting
// only the points in view and never NaN (no data is not zero).
TEST(ChartWords, SeriesFactsFindTheHighestPointInViewAndTheMean) {
    std::vector<Series> series = TwoRooms();  // Boardroom 0.52 at 09:00, else 0.1; Huddle 0.25
    ChartFacts all = SeriesFacts(series, 0, 0);
    EXPECT_EQ(all.count, 48u + 47u);
    EXPECT_DOUBLE_EQ(all.max, 0.52);
    EXPECT_EQ(all.max_series, 0u);
    EXPECT_EQ(all.max_at, 9u);
    EXPECT_NEAR(all.mean, (0.52 + 47 * 0.1 + 47 * 0.25) / 95, 1e-12);

    // From 10:00 on, the spike is out of view: Huddle's 0.25 is the highest (its first point).
    ChartFacts later =
        SeriesFacts(series, kMonday16Nov2026 + 10 * kHour, kMonday16Nov2026 + 47 * kHour);
    EXPECT_DOUBLE_EQ(later.max, 0.25);
    EXPECT_EQ(later.max_series, 1u);
    EXPECT_DOUBLE_EQ(series[1].t[later.max_at], kMonday16Nov2026 + 10 * kHour);
    EXPECT_EQ(later.count, 2u * 38u);

    series[0].v.assign(series[0].v.size(), kNaN);
    series[1].v.assign(series[1].v.size(), kNaN);
    EXPECT_EQ(SeriesFacts(series, 0, 0).count, 0u);
}

TEST(ChartWords, BarAndCellFactsSkipMissingValues) {
    std::vector<BarGroup> groups = {
        {"16/11", {1.5, 2.0}}, {"17/11", {6.5, kNaN}}, {"18/11", {0, 1}}};
    ChartFacts bars = BarFacts(groups);
    EXPECT_EQ(bars.count, 5u);
    EXPECT_DOUBLE_EQ(bars.max, 6.5);
    EXPECT_EQ(bars.max_at, 1u);  // the group
    EXPECT_EQ(bars.max_series, 0u);
    EXPECT_DOUBLE_EQ(bars.mean, 11.0 / 5);

    std::vector<double> cells(7 * 24, -1.0);
    cells[1 * 24 + 10] = 0.85;  // Tuesday 10:00
    cells[2 * 24 + 9] = 0.15;
    cells[3] = kNaN;
    ChartFacts heat = CellFacts(cells);
    EXPECT_EQ(heat.count, 2u);
    EXPECT_DOUBLE_EQ(heat.max, 0.85);
    EXPECT_EQ(heat.max_at, 34u);
    EXPECT_DOUBLE_EQ(heat.mean, 0.5);
}

// Show as table: one row per time any series has a point in view, a column per series, NaN
// where a series has none (Huddle at 09:00).
TEST(ChartWords, TheTableHoldsEveryPointInViewOnce) {
    std::vector<Series> series = TwoRooms();
    SeriesTable table =
        TableOfSeries(series, kMonday16Nov2026 + 8 * kHour, kMonday16Nov2026 + 10 * kHour);
    ASSERT_EQ(table.times.size(), 3u);
    EXPECT_EQ(table.columns, 2u);
    EXPECT_DOUBLE_EQ(table.times[1], kMonday16Nov2026 + 9 * kHour);
    EXPECT_DOUBLE_EQ(table.At(1, 0), 0.52);
    EXPECT_TRUE(std::isnan(table.At(1, 1)));
    EXPECT_DOUBLE_EQ(table.At(2, 1), 0.25);
    EXPECT_EQ(TableOfSeries(series, 0, 0).times.size(), 48u) << "no view: every point";
}

// The buttons do what the wheel, the drag and the double click do, within the same limits.
TEST(ChartWords, ViewButtonsZoomPanAndFitWithinTheData) {
    std::vector<Series> series = TwoRooms();
    TimeView fitted = FittedView(series);
    EXPECT_DOUBLE_EQ(fitted.from, series[0].t.front());
    EXPECT_DOUBLE_EQ(fitted.to, series[0].t.back());

    TimeView in = ZoomedView(series, fitted, 0.5);
    EXPECT_NEAR(in.to - in.from, (fitted.to - fitted.from) / 2, 1e-6);
    EXPECT_NEAR((in.from + in.to) / 2, (fitted.from + fitted.to) / 2, 1e-6) << "around the middle";

    TimeView earlier = PannedView(series, in, -0.5);
    EXPECT_NEAR(earlier.from, in.from - (in.to - in.from) / 2, 1e-6);
    TimeView first = PannedView(series, PannedView(series, earlier, -0.5), -0.5);
    EXPECT_DOUBLE_EQ(first.from, fitted.from) << "stops at the first point";
    TimeView later = PannedView(series, first, 0.5);
    EXPECT_GT(later.from, first.from);

    TimeView out = ZoomedView(series, in, 4);
    EXPECT_DOUBLE_EQ(out.from, fitted.from) << "no wider than the data";
    EXPECT_DOUBLE_EQ(out.to, fitted.to);
    TimeView deepest = in;
    for (int i = 0; i < 20; ++i) deepest = ZoomedView(series, deepest, 0.5);
    EXPECT_NEAR(deepest.to - deepest.from, 3 * kHour, 1) << "3 hours at the closest";

    EXPECT_EQ(ZoomedView({}, in, 0.5).from, in.from) << "no data: nothing moves";
}

}  // namespace
}  // namespace portal::app::charts
