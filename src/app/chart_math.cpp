// The pure parts of the charts: decimation, tick values and time labels. No ImGui here, so
// that they are tested alone (tests/app/charts_test.cpp).
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <limits>

#include "app/charts.h"

namespace portal::app::charts {

namespace {

constexpr double kHour = 3600;
constexpr double kDay = 86400;
constexpr double kMonth = 2629746;  // the mean Gregorian month; month ticks follow the calendar
constexpr double kQuarter = 3 * kMonth;
constexpr double kYear = 12 * kMonth;

constexpr const char* kDayNames[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kMonthNames[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms, proleptic
// Gregorian calendar).
long long DaysFromCivil(long long y, int m, int d) {
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void CivilFromDays(long long z, int& year, int& month, int& day) {
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(yoe + era * 400 + (month <= 2));
}

// 10^e exactly for the small exponents ticks use; tick values are built as integer × nice /
// 10^k so that 0.1 × 3 prints as 0.3.
double Pow10(int e) {
    double result = 1;
    for (int i = 0; i < std::abs(e); ++i) result *= 10;
    return e < 0 ? 1 / result : result;
}

const char* Name(const char* const* names, const char* const* fallback, int index) {
    const char* name = names ? names[index] : nullptr;
    return name ? name : fallback[index];
}

}  // namespace

namespace {

double Limit(double gap) {
    return gap > 0 ? gap : std::numeric_limits<double>::infinity();
}

// Decimate's pass over the points in [first, last), appending the kept indices to `kept`.
// With kBreaks, also notes every index j whose point is NaN or follows a step longer than
// `limit`: where lines break (LineRuns' rule), found in the same pass instead of a second one.
// With kBlocks, takes whole blocks of `summary` inside a column (see LineSummary): no break
// lies in them, and their first minimum and maximum stand for all their points, as the
// per-point loop would have picked them (ties keep the earlier index, in both).
//
// Raw pointers and no calls in the loops (not even std::min or push_back): the browser build
// is optimised for size (-Oz), which inlines little, and this runs for every visible point, or
// every block, of every frame.
template <bool kBreaks, bool kBlocks>
void DecimateRange(const double* times, const double* values, std::size_t first, std::size_t last,
                   double from, double to, int columns, double limit,
                   std::vector<std::size_t>& kept, std::vector<std::size_t>* breaks,
                   const LineSummary* summary) {
    // At most 4 per column, and never more than the points.
    std::size_t kept_before = kept.size();
    kept.resize(kept_before + std::min(last - first, static_cast<std::size_t>(columns) * 4));
    std::size_t* out = kept.data() + kept_before;
    // Column c holds [from + c × width, from + (c + 1) × width); the last one also holds `to`.
    double width = (to - from) / columns;
    constexpr double kInfinity = std::numeric_limits<double>::infinity();
    constexpr std::size_t kLeaf = LineSummary::kLeaf;
    constexpr int kLeafShift = std::countr_zero(kLeaf);
    const LineSummary::Block* blocks = kBlocks ? summary->blocks.data() : nullptr;
    const std::size_t* level_begin = kBlocks ? summary->level_begin.data() : nullptr;
    std::size_t top_level = kBlocks ? summary->level_begin.size() - 1 : 0;
    std::size_t i = first;
    while (i < last) {
        bool nan = values[i] != values[i];
        if (kBreaks && i > first && (nan || times[i] - times[i - 1] > limit)) breaks->push_back(i);
        if (nan) {
            ++i;
            continue;
        }
        int c = static_cast<int>((times[i] - from) / width);
        c = c < 0 ? 0 : c > columns - 1 ? columns - 1 : c;
        while (c + 1 < columns && times[i] >= from + (c + 1) * width) ++c;
        while (c > 0 && times[i] < from + c * width) --c;
        double end = c + 1 >= columns ? kInfinity : from + (c + 1) * width;
        std::size_t col_first = i, col_last = i, col_min = i, col_max = i;
        double low = values[i], high = values[i];
        // After a block, try at most one level larger: cheaper on average than starting from
        // the largest aligned one, which mostly overruns the column (same result either way).
        std::size_t next_level = top_level;
        for (++i; i < last && times[i] < end;) {
            if (kBlocks && i % kLeaf == 0) {
                // The largest block that starts here (no larger one is aligned there), lies in
                // the range and in the column (its times only rise) and has no break; else the
                // next smaller one.
                std::size_t level = static_cast<std::size_t>(std::countr_zero(i >> kLeafShift));
                level = level < next_level ? level : next_level;
                const LineSummary::Block* block = nullptr;
                for (;; --level) {
                    std::size_t size = kLeaf << level;
                    if (i + size <= last && times[i + size - 1] < end) {
                        block = blocks + level_begin[level] + (i >> (level + kLeafShift));
                        if (block->min != LineSummary::kBroken) break;
                        block = nullptr;
                    }
                    if (level == 0) break;
                }
                if (block) {
                    double block_low = values[block->min], block_high = values[block->max];
                    bool lower = block_low < low;
                    bool higher = block_high > high;
                    low = lower ? block_low : low;
                    col_min = lower ? block->min : col_min;
                    high = higher ? block_high : high;
                    col_max = higher ? block->max : col_max;
                    i += kLeaf << level;
                    col_last = i - 1;
                    next_level = level < top_level ? level + 1 : top_level;
                    continue;
                }
            }
            double value = values[i];
            if (kBreaks && (value != value || times[i] - times[i - 1] > limit)) {
                breaks->push_back(i);
            }
            if (value == value) {
                col_last = i;
                // Selects rather than branches: noisy data would mispredict every other point.
                bool lower = value < low;
                bool higher = value > high;
                low = lower ? value : low;
                col_min = lower ? i : col_min;
                high = higher ? value : high;
                col_max = higher ? i : col_max;
            }
            ++i;
        }
        // In index order, each once: the first is the smallest, the last the largest.
        std::size_t early = col_min < col_max ? col_min : col_max;
        std::size_t late = col_min < col_max ? col_max : col_min;
        *out++ = col_first;
        if (early != col_first) *out++ = early;
        if (late != early) *out++ = late;
        if (col_last != late) *out++ = col_last;
    }
    kept.resize(static_cast<std::size_t>(out - kept.data()));
}

}  // namespace

std::vector<std::size_t> Decimate(const std::vector<double>& t, const std::vector<double>& v,
                                  double from, double to, int columns) {
    std::vector<std::size_t> kept;
    std::size_t size = std::min(t.size(), v.size());
    if (columns <= 0 || !(to > from) || size == 0) return kept;
    auto begin = t.begin();
    std::size_t first = std::lower_bound(begin, begin + size, from) - begin;
    std::size_t last = std::upper_bound(begin, begin + size, to) - begin;  // one past
    if (first >= last) return kept;
    DecimateRange<false, false>(t.data(), v.data(), first, last, from, to, columns, 0, kept,
                                nullptr, nullptr);
    return kept;
}

bool LineSummary::Matches(std::size_t points, double gap) const {
    return points == size && Limit(gap) == limit && !level_begin.empty();
}

LineSummary SummariseLine(const std::vector<double>& t, const std::vector<double>& v, double gap) {
    LineSummary summary;
    std::size_t size = std::min(t.size(), v.size());
    constexpr std::size_t kLeaf = LineSummary::kLeaf;
    if (size >= LineSummary::kBroken || size < kLeaf) return summary;  // nothing to summarise
    summary.size = size;
    summary.limit = Limit(gap);
    std::size_t total = 0;
    for (std::size_t count = size / kLeaf; count > 0; count /= 2) {
        summary.level_begin.push_back(total);
        total += count;
    }
    summary.blocks.resize(total);
    // Raw pointers and no calls in the loops, as in DecimateRange: one pass over every point.
    const double* times = t.data();
    const double* values = v.data();
    double limit = summary.limit;
    LineSummary::Block* block = summary.blocks.data();
    // Level 0 from the points.
    for (std::size_t start = 0; start + kLeaf <= size; start += kLeaf, ++block) {
        bool whole = true;
        std::size_t low = start, high = start;
        for (std::size_t j = start; j < start + kLeaf; ++j) {
            double value = values[j];
            double step = j > 0 ? times[j] - times[j - 1] : 0;
            // Written so that a NaN (value, time or step) breaks too.
            whole = whole && value == value && times[j] == times[j] && step >= 0 && step <= limit;
            low = value < values[low] ? j : low;
            high = value > values[high] ? j : high;
        }
        block->min = whole ? static_cast<std::uint32_t>(low) : LineSummary::kBroken;
        block->max = whole ? static_cast<std::uint32_t>(high) : LineSummary::kBroken;
    }
    // Each further level from pairs of the one below; the left one wins ties (first index).
    for (std::size_t level = 1; level < summary.level_begin.size(); ++level) {
        const LineSummary::Block* below = summary.blocks.data() + summary.level_begin[level - 1];
        const LineSummary::Block* below_end = summary.blocks.data() + summary.level_begin[level];
        for (; below + 1 < below_end; below += 2, ++block) {
            const LineSummary::Block& left = below[0];
            const LineSummary::Block& right = below[1];
            bool whole = left.min != LineSummary::kBroken && right.min != LineSummary::kBroken;
            block->min = !whole                                 ? LineSummary::kBroken
                         : values[right.min] < values[left.min] ? right.min
                                                                : left.min;
            block->max = !whole                                 ? LineSummary::kBroken
                         : values[right.max] > values[left.max] ? right.max
                                                                : left.max;
        }
    }
    return summary;
}

DecimatedLine DecimateLine(const std::vector<double>& t, const std::vector<double>& v, double from,
                           double to, int columns, double gap, const LineSummary* summary) {
    DecimatedLine line;
    std::size_t size = std::min(t.size(), v.size());
    if (columns <= 0 || !(to > from) || size == 0) return line;
    auto begin = t.begin();
    std::size_t first = std::lower_bound(begin, begin + size, from) - begin;
    std::size_t last = std::upper_bound(begin, begin + size, to) - begin;
    double limit = Limit(gap);
    std::vector<std::size_t> breaks;
    bool before = first > 0 && !std::isnan(v[first - 1]);
    if (before) line.kept.push_back(first - 1);
    // The step into the range, from the point before it.
    if (first > 0 && first < size && (std::isnan(v[first]) || t[first] - t[first - 1] > limit)) {
        breaks.push_back(first);
    }
    if (first < last) {
        if (summary && summary->Matches(size, gap)) {
            DecimateRange<true, true>(t.data(), v.data(), first, last, from, to, columns, limit,
                                      line.kept, &breaks, summary);
        } else {
            DecimateRange<true, false>(t.data(), v.data(), first, last, from, to, columns, limit,
                                       line.kept, &breaks, nullptr);
        }
    }
    // The step out of the range, to the point after it (when the range is empty, that step is
    // the one into it, checked above).
    if (last < size && !std::isnan(v[last])) {
        if (last > first && t[last] - t[last - 1] > limit) breaks.push_back(last);
        line.kept.push_back(last);
    }
    // A run ends where a break lies between two kept points. (Raw pointers: see DecimateRange.)
    const std::size_t* kept = line.kept.data();
    const std::size_t* next_break = breaks.data();
    const std::size_t* breaks_end = next_break + breaks.size();
    std::size_t kept_count = line.kept.size(), run_begin = 0;
    for (std::size_t k = 1; k < kept_count; ++k) {
        while (next_break != breaks_end && *next_break <= kept[k - 1]) ++next_break;
        if (next_break != breaks_end && *next_break <= kept[k]) {
            line.runs.emplace_back(run_begin, k);
            run_begin = k;
        }
    }
    if (kept_count > 0) line.runs.emplace_back(run_begin, kept_count);
    return line;
}

std::vector<double> NiceTicks(double lo, double hi, int count) {
    std::vector<double> ticks;
    if (!std::isfinite(lo) || !std::isfinite(hi)) return ticks;
    if (hi < lo) std::swap(lo, hi);
    if (hi == lo) {
        // One value: a range around it, so that the axis still has a scale.
        double pad = lo == 0 ? 1 : std::abs(lo) * 0.5;
        lo -= lo == 0 ? 0 : pad;
        hi += pad;
    }
    count = std::max(1, count);
    double rough = (hi - lo) / count;
    int exponent = static_cast<int>(std::floor(std::log10(rough)));
    double norm = rough / Pow10(exponent);
    int nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
    if (nice == 10) {
        nice = 1;
        ++exponent;
    }
    double step = nice * Pow10(exponent);
    auto value = [&](long long i) {
        return exponent < 0 ? static_cast<double>(i * nice) / Pow10(-exponent)
                            : static_cast<double>(i * nice) * Pow10(exponent);
    };
    // A relative tolerance keeps 0.3 / 0.1 from rounding up to 4 steps.
    long long first = static_cast<long long>(std::floor(lo / step + 1e-9));
    long long last = static_cast<long long>(std::ceil(hi / step - 1e-9));
    for (long long i = first; i <= last; ++i) ticks.push_back(value(i));
    return ticks;
}

double TimeTickStep(double from, double to, int count) {
    static constexpr double kSteps[] = {kHour,    3 * kHour, 6 * kHour, 12 * kHour, kDay,
                                        2 * kDay, 7 * kDay,  kMonth,    kQuarter,   kYear};
    double span = to - from;
    count = std::max(1, count);
    for (double step : kSteps) {
        if (span / step <= count) return step;
    }
    return kYear;
}

LocalTime ToLocal(double t, int utc_offset_minutes) {
    long long seconds = static_cast<long long>(std::floor(t)) + utc_offset_minutes * 60LL;
    long long days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    long long in_day = seconds - days * 86400;
    LocalTime local;
    CivilFromDays(days, local.year, local.month, local.day);
    local.weekday = static_cast<int>(((days + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
    local.hour = static_cast<int>(in_day / 3600);
    local.minute = static_cast<int>(in_day % 3600 / 60);
    return local;
}

std::vector<double> TimeTicks(double from, double to, int count, int utc_offset_minutes) {
    std::vector<double> ticks;
    if (!std::isfinite(from) || !std::isfinite(to) || !(to > from)) return ticks;
    double step = TimeTickStep(from, to, count);
    double offset = utc_offset_minutes * 60.0;
    if (step < kMonth) {
        // Local time is UTC + offset; hours, days and weeks are multiples of the step from a
        // local origin (weeks from Monday 1970-01-05).
        double origin = step == 7 * kDay ? 4 * kDay : 0;
        double local_from = from + offset - origin;
        double first = std::ceil(local_from / step) * step + origin - offset;
        for (double tick = first; tick <= to; tick += step) ticks.push_back(tick);
        return ticks;
    }
    int months = step == kMonth ? 1 : step == kQuarter ? 3 : 12;
    LocalTime start = ToLocal(from, utc_offset_minutes);
    long long index = start.year * 12LL + (start.month - 1);
    index -= ((index % months) + months) % months;  // quarters from January, years at January
    for (;; index += months) {
        long long year = index / 12;
        int month = static_cast<int>(index % 12) + 1;
        double tick = static_cast<double>(DaysFromCivil(year, month, 1)) * kDay - offset;
        if (tick > to) break;
        if (tick >= from) ticks.push_back(tick);
    }
    return ticks;
}

std::string TimeTickLabel(double t, double step, int utc_offset_minutes,
                          const char* const* day_names, const char* const* month_names) {
    LocalTime local = ToLocal(t, utc_offset_minutes);
    char text[48];
    bool midnight = local.hour == 0 && local.minute == 0;
    if (step < kDay && !midnight) {
        std::snprintf(text, sizeof text, "%02d:%02d", local.hour, local.minute);
    } else if (step < 7 * kDay) {
        std::snprintf(text, sizeof text, "%s %d", Name(day_names, kDayNames, local.weekday),
                      local.day);
    } else if (step < kMonth) {
        std::snprintf(text, sizeof text, "%d %s", local.day,
                      Name(month_names, kMonthNames, local.month - 1));
    } else {
        std::snprintf(text, sizeof text, "%s %d", Name(month_names, kMonthNames, local.month - 1),
                      local.year);
    }
    return text;
}

std::string TimeReadout(double t, int utc_offset_minutes, bool date_only,
                        const char* const* day_names, const char* const* month_names) {
    LocalTime local = ToLocal(t, utc_offset_minutes);
    char text[64];
    int length =
        std::snprintf(text, sizeof text, "%s %d %s %d", Name(day_names, kDayNames, local.weekday),
                      local.day, Name(month_names, kMonthNames, local.month - 1), local.year);
    if (!date_only && length > 0 && length < static_cast<int>(sizeof text)) {
        std::snprintf(text + length, sizeof text - length, ", %02d:%02d", local.hour, local.minute);
    }
    return text;
}

std::vector<std::pair<std::size_t, std::size_t>> LineRuns(const std::vector<double>& t,
                                                          const std::vector<double>& v,
                                                          const std::vector<std::size_t>& kept,
                                                          double gap) {
    std::vector<std::pair<std::size_t, std::size_t>> runs;
    std::size_t size = std::min(t.size(), v.size());
    std::size_t begin = 0;
    for (std::size_t k = 1; k <= kept.size(); ++k) {
        bool joined = k < kept.size();
        if (joined) {
            // Every original step between the two kept points: a gap hidden inside a pixel
            // column still breaks the line.
            std::size_t a = kept[k - 1], b = kept[k];
            if (b >= size || a >= b) {
                joined = false;
            } else {
                // As in Decimate: raw pointers, no calls (every visible point, every frame).
                const double* times = t.data();
                const double* values = v.data();
                double limit = gap > 0 ? gap : std::numeric_limits<double>::infinity();
                for (std::size_t i = a; i < b; ++i) {
                    double value = values[i + 1];
                    if (value != value || times[i + 1] - times[i] > limit) {
                        joined = false;
                        break;
                    }
                }
            }
        }
        if (!joined) {
            runs.emplace_back(begin, k);
            begin = k;
        }
    }
    if (kept.empty()) runs.clear();
    return runs;
}

int DecimationColumns(int width, int series_count, int point_budget) {
    if (width <= 0) return 0;
    if (series_count <= 0) return width;
    int columns = point_budget / (4 * series_count);
    return std::clamp(columns, 1, width);
}

// [SECTION] Summaries and tables (issue 17)

std::string FormatChartValue(const ChartStyle& style, double value) {
    char text[64];
    std::snprintf(text, sizeof text, style.value_format, value * style.scale);
    return text;
}

namespace {

// The facts of the values added one by one: NaN is no data; the first of equal maxima stays.
struct Tally {
    ChartFacts facts;
    double sum = 0;
    void Add(double value, std::size_t series, std::size_t at) {
        if (std::isnan(value)) return;
        if (facts.count == 0 || value > facts.max) {
            facts.max = value;
            facts.max_series = series;
            facts.max_at = at;
        }
        ++facts.count;
        sum += value;
    }
    ChartFacts Done() {
        facts.mean = facts.count > 0 ? sum / static_cast<double>(facts.count) : 0;
        return facts;
    }
};

// The points of `s` inside [from, to] (all when to <= from): [begin, end).
std::pair<std::size_t, std::size_t> PointsIn(const Series& s, double from, double to) {
    std::size_t size = std::min(s.t.size(), s.v.size());
    if (!(to > from)) return {0, size};
    auto first = s.t.begin(), last = s.t.begin() + static_cast<std::ptrdiff_t>(size);
    std::size_t begin = static_cast<std::size_t>(std::lower_bound(first, last, from) - first);
    std::size_t end = static_cast<std::size_t>(std::upper_bound(first, last, to) - first);
    return {begin, std::max(begin, end)};
}

}  // namespace

ChartFacts SeriesFacts(const std::vector<Series>& series, double from, double to) {
    Tally tally;
    for (std::size_t i = 0; i < series.size(); ++i) {
        auto [begin, end] = PointsIn(series[i], from, to);
        for (std::size_t p = begin; p < end; ++p) tally.Add(series[i].v[p], i, p);
    }
    return tally.Done();
}

ChartFacts BarFacts(const std::vector<BarGroup>& groups) {
    Tally tally;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const std::vector<double>& values = groups[g].values;
        for (std::size_t s = 0; s < values.size(); ++s) tally.Add(values[s], s, g);
    }
    return tally.Done();
}

ChartFacts CellFacts(const std::vector<double>& cells) {
    Tally tally;
    for (std::size_t c = 0; c < cells.size(); ++c) {
        if (!(cells[c] < 0)) tally.Add(cells[c], 0, c);  // negative: no data
    }
    return tally.Done();
}

SeriesTable TableOfSeries(const std::vector<Series>& series, double from, double to) {
    SeriesTable table;
    table.columns = series.size();
    for (const Series& s : series) {
        auto [begin, end] = PointsIn(s, from, to);
        table.times.insert(table.times.end(), s.t.begin() + static_cast<std::ptrdiff_t>(begin),
                           s.t.begin() + static_cast<std::ptrdiff_t>(end));
    }
    std::sort(table.times.begin(), table.times.end());
    table.times.erase(std::unique(table.times.begin(), table.times.end()), table.times.end());
    table.values.assign(table.times.size() * table.columns,
                        std::numeric_limits<double>::quiet_NaN());
    for (std::size_t column = 0; column < series.size(); ++column) {
        const Series& s = series[column];
        auto [begin, end] = PointsIn(s, from, to);
        std::size_t row = 0;  // both ascending: one walk
        for (std::size_t p = begin; p < end; ++p) {
            while (table.times[row] < s.t[p]) ++row;
            table.values[row * table.columns + column] = s.v[p];
        }
    }
    return table;
}

}  // namespace portal::app::charts
