// Charts drawn with ImDrawList: time series, bars, hour-of-week heatmap, sparklines. The pure
// parts (decimation, ticks, time labels, summaries, tables) are in chart_math.cpp.
//
// Each chart is one item in the item tree, named by its id, whose rectangle is the plot area
// (for a time series: x maps linearly to the visible time range); screen readers get it as a
// figure (role img) with the caller's one-sentence summary. While the pointer rests on
// a chart, its read-out is drawn in a tooltip and published as text items.
//
// Vertex budget: WebGL2 draws with 16-bit indices, so one draw list must stay under 65,536
// vertices. A time series draws into its own child window (its own draw list), decimates to a
// number of columns that keeps all its lines within kLineVertexBudget, and every primitive is
// checked against kVertexCap before it is added, so no input can overflow the list.
#include "app/charts.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/a11y.h"
#include "app/theme.h"
#include "app/widgets.h"

namespace portal::app::charts {

namespace {

// [SECTION] Constants

constexpr ImU32 kPalette[] = {
    IM_COL32(0xE6, 0x9F, 0x00, 255),  // orange
    IM_COL32(0x56, 0xB4, 0xE9, 255),  // sky blue
    IM_COL32(0x00, 0x9E, 0x73, 255),  // bluish green
    IM_COL32(0xF0, 0xE4, 0x42, 255),  // yellow
    IM_COL32(0x00, 0x72, 0xB2, 255),  // blue
    IM_COL32(0xD5, 0x5E, 0x00, 255),  // vermillion
    IM_COL32(0xCC, 0x79, 0xA7, 255),  // reddish purple
};
constexpr int kPaletteSize = static_cast<int>(sizeof kPalette / sizeof kPalette[0]);

// Sequential ramp, light to dark blue (ColorBrewer "Blues"): readable for every kind of colour
// blindness and in grey scale. The lightest stop is darker than the page so that an empty
// (zero) cell still shows as a cell.
constexpr ImU32 kRamp[] = {
    IM_COL32(0xDE, 0xEB, 0xF7, 255), IM_COL32(0x9E, 0xCA, 0xE1, 255),
    IM_COL32(0x42, 0x92, 0xC6, 255), IM_COL32(0x21, 0x71, 0xB5, 255),
    IM_COL32(0x08, 0x30, 0x6B, 255),
};
constexpr ImU32 kNoDataFill = IM_COL32(0xEE, 0xEE, 0xEE, 255);
constexpr ImU32 kNoDataHatch = IM_COL32(0xA8, 0xA8, 0xA8, 255);

// Lines of all series together: leaves room in the list for grid, labels and legend.
constexpr int kLineVertexBudget = 40000;
// Never add a primitive that would take a list past this (16-bit indices).
constexpr unsigned kVertexCap = 65000;
// Zooming in stops at a few hours: hourly points, a few of them visible.
constexpr double kMinSpan = 3 * 3600.0;
constexpr float kGap = 6.0f;  // between a plot and its labels

// [SECTION] Helpers

ImU32 Colour(const ImVec4& colour) {
    return ImGui::GetColorU32(colour);
}

ImU32 WithAlpha(ImU32 colour, float alpha) {
    ImVec4 value = ImGui::ColorConvertU32ToFloat4(colour);
    value.w = alpha;
    return ImGui::ColorConvertFloat4ToU32(value);
}

// Series beyond the 7 colours differ by thickness; the legend keeps the same order.
float LineThickness(int index) {
    static constexpr float kThickness[] = {2.0f, 1.0f, 3.0f};
    return kThickness[(index / kPaletteSize) % 3];
}

// Vertices AddPolyline spends per point (mirrors ImDrawList::AddPolyline).
int LineVerticesPerPoint(const ImDrawList* list, float thickness) {
    if (!(list->Flags & ImDrawListFlags_AntiAliasedLines)) return 4;
    bool integer =
        thickness == std::floor(thickness) && thickness < IM_DRAWLIST_TEX_LINES_WIDTH_MAX;
    bool textured = (list->Flags & ImDrawListFlags_AntiAliasedLinesUseTex) && integer &&
                    list->_FringeScale == 1.0f;
    if (textured) return 2;
    return thickness > list->_FringeScale ? 4 : 3;
}

bool HasRoom(const ImDrawList* list, int vertices) {
    return list->_VtxCurrentIdx + static_cast<unsigned>(vertices) < kVertexCap;
}

// The chart as one named item, so tests (and later screen readers) find it by its id.
void NameItem(ImGuiID id, const char* label) {
#ifdef IMGUI_ENABLE_TEST_ENGINE
    ImGuiContext& g = *GImGui;
    IMGUI_TEST_ENGINE_ITEM_INFO(id, label, 0);
#else
    (void)id;
    (void)label;
#endif
}

// The chart's item as a figure for screen readers (issue 17): role img, its visible name (the
// id before "##") and the caller's one-sentence summary. Call right after NameItem: the named
// item itself becomes the figure (a11y::Figure would add a second node beside a button).
void DescribeChartItem(const char* id, const ChartStyle& style) {
    const char* end = ImGui::FindRenderedTextEnd(id);
    a11y::SetRole(a11y::Role::Image);
    a11y::SetName(std::string_view(id, static_cast<std::size_t>(end - id)));
    if (style.summary) a11y::SetDescription(style.summary);
}

// A chart that only shows (bars, heatmap): lays out `whole`, adds `area` as the item named `id`
// (ImGui id `sub_id` under it). False when it is clipped away: nothing to draw. `hovered` says
// whether the pointer is over `area`.
bool AddShowingItem(const char* id, const char* sub_id, const ImRect& whole, const ImRect& area,
                    bool& hovered) {
    ImGui::PushID(id);
    ImGui::ItemSize(whole);
    ImGuiID item = ImGui::GetID(sub_id);
    bool visible = ImGui::ItemAdd(area, item);
    NameItem(item, id);
    ImGui::PopID();
    hovered = visible && ImGui::ItemHoverable(area, item, ImGuiItemFlags_None);
    return visible;
}

void Swatch(ImU32 colour, float thickness) {
    float size = ImGui::GetTextLineHeight();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(size, size));
    float y = pos.y + size * 0.5f;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(pos.x, y), ImVec2(pos.x + size, y), colour,
                                        thickness + 1.0f);
}

// Read-out lines in a tooltip, several columns when there are many, each line published.
struct ReadoutLine {
    ImU32 colour;
    float thickness;
    std::string text;
};

void DrawReadout(const std::string& heading, const std::vector<ReadoutLine>& lines) {
    ImGui::BeginTooltip();
    TextItem(heading);
    if (!lines.empty()) {
        constexpr int kRowsPerColumn = 16;
        int count = static_cast<int>(lines.size());
        int columns = (count + kRowsPerColumn - 1) / kRowsPerColumn;
        int rows = (count + columns - 1) / columns;
        if (ImGui::BeginTable("##readout", columns, ImGuiTableFlags_SizingFixedFit)) {
            for (int row = 0; row < rows; ++row) {
                ImGui::TableNextRow();
                for (int column = 0; column < columns; ++column) {
                    ImGui::TableNextColumn();
                    int index = column * rows + row;
                    if (index >= count) continue;
                    const ReadoutLine& line = lines[index];
                    if (line.colour != 0) {
                        Swatch(line.colour, line.thickness);
                        ImGui::SameLine();
                    }
                    TextItem(line.text);
                }
            }
            ImGui::EndTable();
        }
    }
    ImGui::EndTooltip();
}

// Legend entries flowing in rows: a line sample in the series' colour and thickness, then the
// label. Returns the height; draws only when `draw`.
float Legend(ImDrawList* draw, ImVec2 origin, float width, const std::vector<std::string>& labels,
             bool draw_it) {
    float line_height = ImGui::GetTextLineHeight();
    float sample = line_height;
    float x = 0, y = 0;
    ImU32 text_colour = ImGui::GetColorU32(ImGuiCol_Text);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        float entry = sample + 4 + ImGui::CalcTextSize(labels[i].c_str()).x;
        if (x > 0 && x + entry > width) {
            x = 0;
            y += line_height + 4;
        }
        if (draw_it && HasRoom(draw, 8 + 4 * static_cast<int>(labels[i].size()))) {
            float middle = origin.y + y + line_height * 0.5f;
            int index = static_cast<int>(i);
            draw->AddLine(ImVec2(origin.x + x, middle), ImVec2(origin.x + x + sample, middle),
                          SeriesColour(index), LineThickness(index) + 1.0f);
            draw->AddText(ImVec2(origin.x + x + sample + 4, origin.y + y), text_colour,
                          labels[i].c_str());
        }
        x += entry + 14;
    }
    return labels.empty() ? 0 : y + line_height;
}

// A y axis for [lo, hi] (data units): nice ticks in display units; lo and hi widen to the
// outer ticks. Returns the tick values in data units.
std::vector<double> YAxis(const ChartStyle& style, double& lo, double& hi, float plot_height) {
    double scale = style.scale != 0 ? style.scale : 1;
    int count = std::max(2, static_cast<int>(plot_height / 40));
    std::vector<double> ticks = NiceTicks(lo * scale, hi * scale, count);
    for (double& tick : ticks) tick /= scale;
    if (ticks.size() >= 2) {
        lo = std::min(lo, ticks.front());
        hi = std::max(hi, ticks.back());
    }
    return ticks;
}

float YLabelWidth(const ChartStyle& style, const std::vector<double>& ticks) {
    float width = 0;
    for (double tick : ticks) {
        width = std::max(width, ImGui::CalcTextSize(FormatChartValue(style, tick).c_str()).x);
    }
    return width;
}

// Grid lines and labels of a y axis beside `plot`.
void DrawYAxis(ImDrawList* draw, const ImRect& plot, const ChartStyle& style,
               const std::vector<double>& ticks, double lo, double hi) {
    ImU32 grid = Colour(ImGui::GetStyle().Colors[ImGuiCol_Border]);
    ImU32 text = Colour(theme::Colors().muted_text);
    float half_line = ImGui::GetTextLineHeight() * 0.5f;
    for (double tick : ticks) {
        float y = plot.Max.y - static_cast<float>((tick - lo) / (hi - lo)) * plot.GetHeight();
        draw->AddLine(ImVec2(plot.Min.x, y), ImVec2(plot.Max.x, y), grid, 1.0f);
        std::string label = FormatChartValue(style, tick);
        float width = ImGui::CalcTextSize(label.c_str()).x;
        draw->AddText(ImVec2(plot.Min.x - kGap - width, y - half_line), text, label.c_str());
    }
}

// [SECTION] Time series

struct Extent {
    double from = 0, to = 0;
    bool empty() const { return !(to >= from) || (from == 0 && to == 0); }
};

Extent DataExtent(const std::vector<Series>& series) {
    Extent extent{0, 0};
    bool any = false;
    for (const Series& s : series) {
        std::size_t size = std::min(s.t.size(), s.v.size());
        if (size == 0) continue;
        double first = s.t.front(), last = s.t[size - 1];
        extent.from = any ? std::min(extent.from, first) : first;
        extent.to = any ? std::max(extent.to, last) : last;
        any = true;
    }
    if (!any) return {};
    if (extent.to - extent.from < kMinSpan) {
        double middle = (extent.from + extent.to) / 2;
        extent = {middle - kMinSpan / 2, middle + kMinSpan / 2};
    }
    return extent;
}

// Zoom or pan leaves the view inside what there is to see: the data, or the view the caller
// set if wider.
void ClampView(TimeView& view, Extent world) {
    double world_span = world.to - world.from;
    double span = std::clamp(view.to - view.from, std::min(kMinSpan, world_span), world_span);
    double from = std::clamp(view.from, world.from, world.to - span);
    view.from = from;
    view.to = from + span;
}

// The index of the point of `s` nearest to time `t`, or size when none.
std::size_t Nearest(const Series& s, double t) {
    std::size_t size = std::min(s.t.size(), s.v.size());
    if (size == 0) return size;
    std::size_t after = std::lower_bound(s.t.begin(), s.t.begin() + size, t) - s.t.begin();
    if (after == 0) return 0;
    if (after == size) return size - 1;
    return (t - s.t[after - 1] <= s.t[after] - t) ? after - 1 : after;
}

void AddAreaStrip(ImDrawList* draw, const std::vector<ImVec2>& points, float base_y, ImU32 colour) {
    int count = static_cast<int>(points.size());
    if (count < 2 || !HasRoom(draw, count * 2)) return;
    draw->PrimReserve((count - 1) * 6, count * 2);
    ImVec2 uv = draw->_Data->TexUvWhitePixel;
    unsigned base = draw->_VtxCurrentIdx;
    for (const ImVec2& point : points) {
        draw->PrimWriteVtx(point, uv, colour);
        draw->PrimWriteVtx(ImVec2(point.x, base_y), uv, colour);
    }
    for (int i = 0; i + 1 < count; ++i) {
        auto index = [&](int offset) { return static_cast<ImDrawIdx>(base + 2 * i + offset); };
        draw->PrimWriteIdx(index(0));
        draw->PrimWriteIdx(index(1));
        draw->PrimWriteIdx(index(2));
        draw->PrimWriteIdx(index(1));
        draw->PrimWriteIdx(index(3));
        draw->PrimWriteIdx(index(2));
    }
}

}  // namespace

std::uint32_t SeriesColour(int index) {
    int wrapped = ((index % kPaletteSize) + kPaletteSize) % kPaletteSize;
    return kPalette[wrapped];
}

TimeView ZoomedView(const std::vector<Series>& series, const TimeView& view, double factor) {
    Extent data = DataExtent(series);
    if (data.empty() || !(view.to > view.from)) return view;
    Extent world{std::min(data.from, view.from), std::max(data.to, view.to)};
    double world_span = world.to - world.from;
    double middle = (view.from + view.to) / 2;
    double span =
        std::clamp((view.to - view.from) * factor, std::min(kMinSpan, world_span), world_span);
    TimeView zoomed{middle - span / 2, middle + span / 2};
    ClampView(zoomed, world);
    return zoomed;
}

TimeView PannedView(const std::vector<Series>& series, const TimeView& view, double fraction) {
    Extent data = DataExtent(series);
    if (data.empty() || !(view.to > view.from)) return view;
    Extent world{std::min(data.from, view.from), std::max(data.to, view.to)};
    double shift = (view.to - view.from) * fraction;
    TimeView panned{view.from + shift, view.to + shift};
    ClampView(panned, world);
    return panned;
}

TimeView FittedView(const std::vector<Series>& series) {
    Extent data = DataExtent(series);
    return data.empty() ? TimeView{} : TimeView{data.from, data.to};
}

bool TimeSeries(const char* id, const std::vector<Series>& series, TimeView& view,
                const ChartStyle& style) {
    return TimeSeries(id, series, view, style, nullptr);
}

bool TimeSeries(const char* id, const std::vector<Series>& series, TimeView& view,
                const ChartStyle& style, TimeSeriesCache* cache) {
    ImGuiIO& io = ImGui::GetIO();
    float line_height = ImGui::GetTextLineHeight();
    float width = std::max(120.0f, ImGui::GetContentRegionAvail().x);
    bool has_unit = style.unit && style.unit[0];
    float title_height = has_unit ? line_height + 4 : line_height * 0.5f;
    float axis_height = line_height + kGap;
    float plot_height = std::max(40.0f, style.height - title_height - axis_height);

    std::vector<std::string> legend_labels;
    bool legend = series.size() > 1 || (series.size() == 1 && !series[0].label.empty());
    if (legend) {
        for (const Series& s : series) legend_labels.push_back(s.label);
    }
    float legend_height = legend ? Legend(nullptr, ImVec2(), width, legend_labels, false) : 0;
    float total_height =
        title_height + plot_height + axis_height + legend_height + (legend ? kGap : 0);

    ImGui::PushID(id);
    ImGui::BeginChild("##chart", ImVec2(width, total_height), ImGuiChildFlags_None,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                          ImGuiWindowFlags_NoBackground);
    if (ImGui::GetCurrentWindow()->SkipItems) {  // scrolled away: nothing to draw or publish
        ImGui::EndChild();
        ImGui::PopID();
        return false;
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();

    Extent data = DataExtent(series);
    bool changed = false;
    if (!(view.to > view.from) && !data.empty()) {
        view.from = data.from;
        view.to = data.to;
    }
    bool has_view = view.to > view.from;

    // Decimation: all lines together within the budget, whatever the number of points.
    int cost = 2;
    for (std::size_t i = 0; i < series.size(); ++i) {
        cost = std::max(cost, LineVerticesPerPoint(draw, LineThickness(static_cast<int>(i))));
    }
    bool area = style.area && series.size() == 1;
    if (area) cost += 2;
    int non_empty = 0;
    for (const Series& s : series) non_empty += !s.t.empty();
    const float estimated_axis = 56;  // the y labels' width is known only after the y range
    int columns = DecimationColumns(static_cast<int>(width - estimated_axis), non_empty,
                                    kLineVertexBudget / cost);

    std::vector<DecimatedLine> uncached;
    std::vector<DecimatedLine>& lines = cache ? cache->lines : uncached;
    auto decimate_all = [&] {
        double from = has_view ? view.from : 0, to = has_view ? view.to : 0;
        std::vector<std::size_t> sizes;
        if (cache) {
            sizes.reserve(series.size());
            for (const Series& s : series) sizes.push_back(std::min(s.t.size(), s.v.size()));
            bool same_data =
                cache->made_for_revision == cache->data_revision && cache->sizes == sizes;
            if (same_data && cache->from == from && cache->to == to && cache->columns == columns) {
                return;  // nothing changed since the last frame: no pass over the points
            }
            if (cache->summaries_for_revision != cache->data_revision ||
                cache->summaries.size() != series.size()) {
                cache->summaries.assign(series.size(), LineSummary());  // none yet: plain
                cache->summaries_for_revision = cache->data_revision;
            }
            // The same data in a new view: from now on (a pan, a zoom) through summaries.
            for (std::size_t i = 0; i < series.size() && same_data && has_view; ++i) {
                const Series& s = series[i];
                if (!cache->summaries[i].Matches(sizes[i], s.gap)) {
                    cache->summaries[i] = SummariseLine(s.t, s.v, s.gap);
                }
            }
        }
        lines.assign(series.size(), DecimatedLine());
        for (std::size_t i = 0; i < series.size() && has_view; ++i) {
            const Series& s = series[i];
            const LineSummary* summary = cache ? &cache->summaries[i] : nullptr;
            lines[i] = DecimateLine(s.t, s.v, view.from, view.to, columns, s.gap, summary);
        }
        if (cache) {
            cache->made_for_revision = cache->data_revision;
            cache->from = from;
            cache->to = to;
            cache->columns = columns;
            cache->sizes = std::move(sizes);
        }
    };
    auto y_range = [&](double& lo, double& hi) {
        lo = style.y_min;
        hi = style.y_max;
        bool from_data = !(style.y_max > style.y_min);
        double data_lo = lo, data_hi = lo;
        for (std::size_t i = 0; i < series.size(); ++i) {
            for (std::size_t index : lines[i].kept) {
                data_lo = std::min(data_lo, series[i].v[index]);
                data_hi = std::max(data_hi, series[i].v[index]);
            }
        }
        lo = std::min(lo, data_lo);
        if (from_data) hi = data_hi;
        if (!(hi > lo)) hi = lo + 1;
    };
    decimate_all();
    double lo, hi;
    y_range(lo, hi);
    std::vector<double> y_ticks = YAxis(style, lo, hi, plot_height);
    float left = YLabelWidth(style, y_ticks) + kGap;
    ImRect plot(ImVec2(origin.x + left, origin.y + title_height),
                ImVec2(origin.x + width - 8, origin.y + title_height + plot_height));
    ImRect whole(origin, ImVec2(origin.x + width, origin.y + total_height));
    float plot_width = plot.GetWidth();

    ImGui::ItemSize(whole);
    ImGuiID item = ImGui::GetID("##plot");
    bool visible = ImGui::ItemAdd(plot, item);
    NameItem(item, id);
    if (visible) DescribeChartItem(id, style);
    bool hovered = false, held = false;
    ImGui::ButtonBehavior(plot, item, &hovered, &held, ImGuiButtonFlags_MouseButtonLeft);
    ImGui::SetItemKeyOwner(ImGuiKey_MouseWheelY);

    // Interaction: wheel zooms around the pointer, dragging pans, a double click fits.
    if (has_view && !data.empty()) {
        TimeView before = view;
        Extent world{std::min(data.from, view.from), std::max(data.to, view.to)};
        double span = view.to - view.from;
        auto time_at = [&](float x) {
            float fraction = std::clamp((x - plot.Min.x) / plot_width, 0.0f, 1.0f);
            return view.from + fraction * span;
        };
        if (hovered && io.MouseWheel != 0) {
            double anchor = time_at(io.MousePos.x);
            double factor = std::pow(0.8, static_cast<double>(io.MouseWheel));
            double world_span = world.to - world.from;
            double new_span = std::clamp(span * factor, std::min(kMinSpan, world_span), world_span);
            view.from = anchor - (anchor - view.from) * (new_span / span);
            view.to = view.from + new_span;
            ClampView(view, world);
        }
        if (held && io.MouseDelta.x != 0) {
            double shift = -static_cast<double>(io.MouseDelta.x) / plot_width * span;
            view.from += shift;
            view.to += shift;
            ClampView(view, world);
        }
        if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
            view.from = data.from;
            view.to = data.to;
        }
        // At a limit (zoomed in fully, already fitted) nothing changed.
        changed = view.from != before.from || view.to != before.to;
        if (held) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
        if (changed) {
            decimate_all();  // the y axis follows on the next frame
        }
    }

    if (visible) {
        ImU32 text_colour = Colour(theme::Colors().muted_text);
        if (has_unit) draw->AddText(ImVec2(plot.Min.x, origin.y), text_colour, style.unit);
        DrawYAxis(draw, plot, style, y_ticks, lo, hi);
        ImU32 axis = Colour(ImGui::GetStyle().Colors[ImGuiCol_Border]);

        // Time axis: ticks about one per label's width.
        if (has_view) {
            float label_width = ImGui::CalcTextSize("Nov 2026").x + 16;
            int count = std::max(2, static_cast<int>(plot_width / label_width));
            double step = TimeTickStep(view.from, view.to, count);
            ImU32 grid = WithAlpha(axis, 0.5f);
            for (double tick : TimeTicks(view.from, view.to, count, style.utc_offset_minutes)) {
                float x =
                    plot.Min.x +
                    static_cast<float>((tick - view.from) / (view.to - view.from)) * plot_width;
                draw->AddLine(ImVec2(x, plot.Min.y), ImVec2(x, plot.Max.y), grid, 1.0f);
                std::string label = TimeTickLabel(tick, step, style.utc_offset_minutes,
                                                  style.day_names, style.month_names);
                float w = ImGui::CalcTextSize(label.c_str()).x;
                float lx = std::clamp(x - w / 2, whole.Min.x, whole.Max.x - w);
                draw->AddText(ImVec2(lx, plot.Max.y + kGap * 0.5f), text_colour, label.c_str());
            }
        }
        draw->AddLine(ImVec2(plot.Min.x, plot.Max.y), ImVec2(plot.Max.x, plot.Max.y), axis, 1.0f);

        // Lines, clipped to the plot (a thick line at the top keeps its full width).
        draw->PushClipRect(ImVec2(plot.Min.x, plot.Min.y - 2), ImVec2(plot.Max.x, plot.Max.y + 2),
                           true);
        std::vector<ImVec2> points;
        auto x_of = [&](double t) {
            return plot.Min.x +
                   static_cast<float>((t - view.from) / (view.to - view.from)) * plot_width;
        };
        auto y_of = [&](double v) {
            return plot.Max.y - static_cast<float>((v - lo) / (hi - lo)) * plot.GetHeight();
        };
        for (std::size_t i = 0; i < series.size() && has_view; ++i) {
            const Series& s = series[i];
            int index = static_cast<int>(i);
            ImU32 colour = SeriesColour(index);
            float thickness = LineThickness(index);
            int per_point = LineVerticesPerPoint(draw, thickness);
            for (auto [begin, end] : lines[i].runs) {
                points.clear();
                for (std::size_t k = begin; k < end; ++k) {
                    std::size_t p = lines[i].kept[k];
                    points.emplace_back(x_of(s.t[p]), y_of(s.v[p]));
                }
                int count = static_cast<int>(points.size());
                if (count == 1) {
                    // A lone point (gaps on both sides): a dot, as a line would not show.
                    if (!HasRoom(draw, 4)) continue;
                    float r = thickness + 0.5f;
                    draw->AddRectFilled(ImVec2(points[0].x - r, points[0].y - r),
                                        ImVec2(points[0].x + r, points[0].y + r), colour);
                    continue;
                }
                if (area) AddAreaStrip(draw, points, plot.Max.y, WithAlpha(colour, 0.25f));
                if (!HasRoom(draw, count * per_point)) continue;
                draw->AddPolyline(points.data(), count, colour, ImDrawFlags_None, thickness);
            }
        }
        draw->PopClipRect();

        if (legend) {
            Legend(draw, ImVec2(origin.x, plot.Max.y + axis_height + kGap), width, legend_labels,
                   true);
        }
        if (data.empty() && style.no_data && style.no_data[0]) {
            ImVec2 size = ImGui::CalcTextSize(style.no_data);
            ImVec2 centre = plot.GetCenter();
            draw->AddText(ImVec2(centre.x - size.x / 2, centre.y - size.y / 2), text_colour,
                          style.no_data);
        }
    }

    // Read-out: the point nearest the pointer, the same time in every series.
    if (visible && hovered && has_view && !held && plot.Contains(io.MousePos)) {
        double span = view.to - view.from;
        double pointer = view.from + (io.MousePos.x - plot.Min.x) / plot_width * span;
        double snapped = 0;
        double best = -1;
        std::size_t best_series = 0;
        for (std::size_t i = 0; i < series.size(); ++i) {
            std::size_t p = Nearest(series[i], pointer);
            if (p >= series[i].t.size() || series[i].t[p] < view.from || series[i].t[p] > view.to)
                continue;
            double distance = std::abs(series[i].t[p] - pointer);
            if (best < 0 || distance < best) {
                best = distance;
                snapped = series[i].t[p];
                best_series = i;
            }
        }
        if (best >= 0) {
            float x = plot.Min.x + static_cast<float>((snapped - view.from) / span) * plot_width;
            draw->AddLine(ImVec2(x, plot.Min.y), ImVec2(x, plot.Max.y),
                          Colour(theme::Colors().muted_text), 1.0f);
            double pixel = span / plot_width;
            std::vector<ReadoutLine> readout;
            for (std::size_t i = 0; i < series.size(); ++i) {
                const Series& s = series[i];
                int index = static_cast<int>(i);
                std::size_t p = Nearest(s, snapped);
                double tolerance = std::max(s.gap / 2, 4 * pixel);
                bool has = p < std::min(s.t.size(), s.v.size()) &&
                           std::abs(s.t[p] - snapped) <= tolerance && !std::isnan(s.v[p]);
                std::string value =
                    has ? FormatChartValue(style, s.v[p]) : std::string(style.no_data);
                std::string text = s.label.empty() ? value : s.label + ": " + value;
                readout.push_back({SeriesColour(index), LineThickness(index), std::move(text)});
                if (has && HasRoom(draw, 40)) {
                    float y = plot.Max.y -
                              static_cast<float>((s.v[p] - lo) / (hi - lo)) * plot.GetHeight();
                    draw->AddCircleFilled(ImVec2(x, y), LineThickness(index) + 2.5f,
                                          SeriesColour(index), 12);
                }
            }
            // Day points start at local midnight: their time of day says nothing.
            const Series& nearest = series[best_series];
            std::size_t p = Nearest(nearest, snapped);
            bool daily =
                (p + 1 < nearest.t.size() && nearest.t[p + 1] - nearest.t[p] >= 20 * 3600) ||
                (p > 0 && nearest.t[p] - nearest.t[p - 1] >= 20 * 3600);
            LocalTime local = ToLocal(snapped, style.utc_offset_minutes);
            bool date_only = daily && local.hour == 0 && local.minute == 0;
            DrawReadout(TimeReadout(snapped, style.utc_offset_minutes, date_only, style.day_names,
                                    style.month_names),
                        readout);
        }
    }

    ImGui::EndChild();
    ImGui::PopID();
    return changed;
}

void Bars(const char* id, const std::vector<std::string>& series_labels,
          const std::vector<BarGroup>& groups, const ChartStyle& style) {
    ImGuiIO& io = ImGui::GetIO();
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->SkipItems) return;
    float line_height = ImGui::GetTextLineHeight();
    float width = std::max(120.0f, ImGui::GetContentRegionAvail().x);
    bool has_unit = style.unit && style.unit[0];
    float title_height = has_unit ? line_height + 4 : line_height * 0.5f;
    float axis_height = line_height + kGap;
    float plot_height = std::max(40.0f, style.height - title_height - axis_height);
    std::size_t series_count = series_labels.size();
    for (const BarGroup& group : groups) series_count = std::max(series_count, group.values.size());
    bool legend = series_labels.size() > 1;
    float legend_height = legend ? Legend(nullptr, ImVec2(), width, series_labels, false) : 0;
    float total_height =
        title_height + plot_height + axis_height + legend_height + (legend ? kGap : 0);

    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    double lo = std::min(0.0, style.y_min), hi = style.y_max;
    if (!(style.y_max > style.y_min)) {
        hi = 0;
        for (const BarGroup& group : groups) {
            for (double value : group.values) {
                if (std::isnan(value)) continue;
                lo = std::min(lo, value);
                hi = std::max(hi, value);
            }
        }
    }
    if (!(hi > lo)) hi = lo + 1;
    std::vector<double> y_ticks = YAxis(style, lo, hi, plot_height);
    float left = YLabelWidth(style, y_ticks) + kGap;
    ImRect plot(ImVec2(origin.x + left, origin.y + title_height),
                ImVec2(origin.x + width - 8, origin.y + title_height + plot_height));
    ImRect whole(origin, ImVec2(origin.x + width, origin.y + total_height));

    bool hovered = false;
    if (!AddShowingItem(id, "##plot", whole, plot, hovered)) return;
    DescribeChartItem(id, style);

    ImU32 text_colour = Colour(theme::Colors().muted_text);
    if (has_unit) draw->AddText(ImVec2(plot.Min.x, origin.y), text_colour, style.unit);
    DrawYAxis(draw, plot, style, y_ticks, lo, hi);
    int group_count = static_cast<int>(groups.size());
    float group_width = group_count > 0 ? plot.GetWidth() / group_count : plot.GetWidth();
    int hovered_group = -1;
    if (hovered && group_count > 0 && plot.Contains(io.MousePos)) {
        hovered_group = std::clamp(static_cast<int>((io.MousePos.x - plot.Min.x) / group_width), 0,
                                   group_count - 1);
        float x = plot.Min.x + hovered_group * group_width;
        draw->AddRectFilled(ImVec2(x, plot.Min.y), ImVec2(x + group_width, plot.Max.y),
                            Colour(ImGui::GetStyle().Colors[ImGuiCol_HeaderHovered]));
    }
    // Labels only as often as they fit.
    float widest = 0;
    for (const BarGroup& group : groups) {
        widest = std::max(widest, ImGui::CalcTextSize(group.label.c_str()).x);
    }
    int stride = std::max(1, static_cast<int>(std::ceil((widest + 8) / group_width)));
    float zero_y = plot.Max.y - static_cast<float>((0 - lo) / (hi - lo)) * plot.GetHeight();
    float bar_width = group_width * 0.8f / std::max<std::size_t>(1, series_count);
    for (int g = 0; g < group_count; ++g) {
        float x0 = plot.Min.x + g * group_width + group_width * 0.1f;
        const BarGroup& group = groups[g];
        for (std::size_t s = 0; s < group.values.size(); ++s) {
            double value = group.values[s];
            if (std::isnan(value) || !HasRoom(draw, 4)) continue;
            float y = plot.Max.y - static_cast<float>((value - lo) / (hi - lo)) * plot.GetHeight();
            float bx = x0 + s * bar_width;
            draw->AddRectFilled(ImVec2(bx, std::min(y, zero_y)),
                                ImVec2(bx + std::max(1.0f, bar_width - 1), std::max(y, zero_y)),
                                SeriesColour(static_cast<int>(s)));
        }
        if (g % stride == 0) {
            float w = ImGui::CalcTextSize(group.label.c_str()).x;
            float cx = plot.Min.x + (g + 0.5f) * group_width;
            float lx = std::clamp(cx - w / 2, whole.Min.x, whole.Max.x - w);
            draw->AddText(ImVec2(lx, plot.Max.y + kGap * 0.5f), text_colour, group.label.c_str());
        }
    }
    draw->AddLine(ImVec2(plot.Min.x, zero_y), ImVec2(plot.Max.x, zero_y),
                  Colour(ImGui::GetStyle().Colors[ImGuiCol_Border]), 1.0f);
    if (legend) {
        Legend(draw, ImVec2(origin.x, plot.Max.y + axis_height + kGap), width, series_labels, true);
    }
    if (hovered_group >= 0) {
        const BarGroup& group = groups[hovered_group];
        std::vector<ReadoutLine> lines;
        for (std::size_t s = 0; s < group.values.size(); ++s) {
            double value = group.values[s];
            std::string text =
                std::isnan(value) ? std::string(style.no_data) : FormatChartValue(style, value);
            if (s < series_labels.size() && !series_labels[s].empty()) {
                text = series_labels[s] + ": " + text;
            }
            lines.push_back({SeriesColour(static_cast<int>(s)), 2.0f, std::move(text)});
        }
        DrawReadout(group.label, lines);
    }
}

namespace {

// 0..1 along the blue ramp.
ImU32 RampColour(double fraction) {
    constexpr int kStops = static_cast<int>(sizeof kRamp / sizeof kRamp[0]);
    double position = std::clamp(fraction, 0.0, 1.0) * (kStops - 1);
    int index = std::min(kStops - 2, static_cast<int>(position));
    float mix = static_cast<float>(position - index);
    ImVec4 a = ImGui::ColorConvertU32ToFloat4(kRamp[index]);
    ImVec4 b = ImGui::ColorConvertU32ToFloat4(kRamp[index + 1]);
    return ImGui::ColorConvertFloat4ToU32(
        ImVec4(a.x + (b.x - a.x) * mix, a.y + (b.y - a.y) * mix, a.z + (b.z - a.z) * mix, 1.0f));
}

// Grey with diagonal lines: "no data" must not read as a low value.
void Hatched(ImDrawList* draw, ImVec2 min, ImVec2 max) {
    draw->AddRectFilled(min, max, kNoDataFill);
    draw->PushClipRect(min, max, true);
    float height = max.y - min.y;
    for (float x = min.x - height; x < max.x; x += 6) {
        draw->AddLine(ImVec2(x, max.y), ImVec2(x + height, min.y), kNoDataHatch, 1.0f);
    }
    draw->PopClipRect();
}

}  // namespace

void HourOfWeekHeatmap(const char* id, const std::vector<double>& cells, const ChartStyle& style,
                       const char* const day_names[7]) {
    static constexpr const char* kDays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    ImGuiIO& io = ImGui::GetIO();
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->SkipItems) return;
    auto day_name = [&](int day) {
        const char* name = day_names ? day_names[day] : nullptr;
        return name ? name : kDays[day];
    };
    float line_height = ImGui::GetTextLineHeight();
    float width = std::max(240.0f, ImGui::GetContentRegionAvail().x);
    float left = 0;
    for (int day = 0; day < 7; ++day) left = std::max(left, ImGui::CalcTextSize(day_name(day)).x);
    left += kGap;
    float cell_width = (width - left - 8) / 24;
    float cell_height = std::clamp((style.height - 2 * (line_height + kGap)) / 7, 12.0f,
                                   std::max(12.0f, cell_width));
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImRect grid(ImVec2(origin.x + left, origin.y),
                ImVec2(origin.x + left + 24 * cell_width, origin.y + 7 * cell_height));
    float total_height = 7 * cell_height + 2 * (line_height + kGap);
    ImRect whole(origin, ImVec2(origin.x + width, origin.y + total_height));

    bool hovered = false;
    if (!AddShowingItem(id, "##grid", whole, grid, hovered)) return;
    DescribeChartItem(id, style);

    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImU32 text_colour = Colour(theme::Colors().muted_text);
    ImU32 page = Colour(ImGui::GetStyle().Colors[ImGuiCol_WindowBg]);
    double top = style.y_max > style.y_min ? style.y_max : 1.0;
    double bottom = style.y_max > style.y_min ? style.y_min : 0.0;
    auto cell_value = [&](int day, int hour) {
        std::size_t index = static_cast<std::size_t>(day * 24 + hour);
        return index < cells.size() ? cells[index] : -1.0;
    };
    for (int day = 0; day < 7; ++day) {
        float y = grid.Min.y + day * cell_height;
        draw->AddText(ImVec2(origin.x, y + (cell_height - line_height) / 2), text_colour,
                      day_name(day));
        for (int hour = 0; hour < 24; ++hour) {
            ImVec2 min(grid.Min.x + hour * cell_width, y);
            ImVec2 max(min.x + cell_width, y + cell_height);
            double value = cell_value(day, hour);
            if (value < 0 || std::isnan(value)) {
                Hatched(draw, min, max);
            } else {
                draw->AddRectFilled(min, max, RampColour((value - bottom) / (top - bottom)));
            }
            draw->AddRect(min, ImVec2(max.x + 1, max.y + 1), page, 0, 0, 1.0f);
        }
    }
    // Hour labels as often as "00:00" fits.
    float label_width = ImGui::CalcTextSize("00:00").x + 6;
    int stride = 1;
    for (int candidate : {1, 2, 3, 4, 6, 12}) {
        stride = candidate;
        if (candidate * cell_width >= label_width) break;
    }
    for (int hour = 0; hour < 24; hour += stride) {
        char label[16];
        std::snprintf(label, sizeof label, "%02d:00", hour);
        draw->AddText(ImVec2(grid.Min.x + hour * cell_width, grid.Max.y + kGap * 0.5f), text_colour,
                      label);
    }
    // Key: the ramp from bottom to top, then the no-data swatch.
    float key_y = grid.Max.y + line_height + kGap * 1.5f;
    std::string low = FormatChartValue(style, bottom), high = FormatChartValue(style, top);
    float x = grid.Min.x;
    if (style.unit && style.unit[0]) {  // the unit before the key: "Occupancy (%)  0 [ramp] 100"
        draw->AddText(ImVec2(x, key_y), text_colour, style.unit);
        x += ImGui::CalcTextSize(style.unit).x + 10;
    }
    draw->AddText(ImVec2(x, key_y), text_colour, low.c_str());
    x += ImGui::CalcTextSize(low.c_str()).x + 4;
    constexpr int kKeySteps = 24;
    float key_step = 6;
    for (int i = 0; i < kKeySteps; ++i) {
        draw->AddRectFilled(ImVec2(x + i * key_step, key_y + 2),
                            ImVec2(x + (i + 1) * key_step, key_y + line_height - 2),
                            RampColour(static_cast<double>(i) / (kKeySteps - 1)));
    }
    x += kKeySteps * key_step + 4;
    draw->AddText(ImVec2(x, key_y), text_colour, high.c_str());
    x += ImGui::CalcTextSize(high.c_str()).x + 16;
    Hatched(draw, ImVec2(x, key_y + 2), ImVec2(x + line_height, key_y + line_height - 2));
    draw->AddText(ImVec2(x + line_height + 4, key_y), text_colour, style.no_data);

    if (hovered && grid.Contains(io.MousePos)) {
        int hour = std::clamp(static_cast<int>((io.MousePos.x - grid.Min.x) / cell_width), 0, 23);
        int day = std::clamp(static_cast<int>((io.MousePos.y - grid.Min.y) / cell_height), 0, 6);
        ImVec2 min(grid.Min.x + hour * cell_width, grid.Min.y + day * cell_height);
        draw->AddRect(min, ImVec2(min.x + cell_width, min.y + cell_height),
                      Colour(ImGui::GetStyle().Colors[ImGuiCol_Text]), 0, 0, 2.0f);
        double value = cell_value(day, hour);
        char heading[64];
        std::snprintf(heading, sizeof heading, "%s %02d:00–%02d:00", day_name(day), hour,
                      (hour + 1) % 24);
        std::string text = value < 0 || std::isnan(value) ? std::string(style.no_data)
                                                          : FormatChartValue(style, value);
        DrawReadout(std::string(heading) + ": " + text, {});
    }
}

void Sparkline(const std::vector<double>& values, double max_value, float width, float height,
               const char* name) {
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, height));
    if (!ImGui::IsItemVisible() || values.empty()) return;
    if (name) a11y::Figure(origin, ImVec2(origin.x + width, origin.y + height), name, "");
    double top = max_value;
    if (!(top > 0)) {
        top = 0;
        for (double value : values) {
            if (!std::isnan(value)) top = std::max(top, value);
        }
        if (!(top > 0)) top = 1;
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImU32 colour = Colour(theme::Colors().accent);
    float pad = 2;
    float step = values.size() > 1 ? (width - 2 * pad) / (values.size() - 1) : 0;
    auto point = [&](std::size_t i) {
        double fraction = std::clamp(values[i] / top, 0.0, 1.0);
        return ImVec2(origin.x + pad + i * step,
                      origin.y + height - pad - static_cast<float>(fraction) * (height - 2 * pad));
    };
    draw->AddLine(ImVec2(origin.x, origin.y + height - pad),
                  ImVec2(origin.x + width, origin.y + height - pad),
                  Colour(ImGui::GetStyle().Colors[ImGuiCol_Border]), 1.0f);
    std::vector<ImVec2> run;
    auto flush = [&] {
        if (run.size() == 1) {
            draw->AddCircleFilled(run[0], 1.5f, colour, 8);
        } else if (run.size() > 1 && HasRoom(draw, static_cast<int>(run.size()) * 4)) {
            draw->AddPolyline(run.data(), static_cast<int>(run.size()), colour, ImDrawFlags_None,
                              1.5f);
        }
        run.clear();
    };
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isnan(values[i])) {
            flush();
        } else {
            run.push_back(point(i));
        }
    }
    flush();
}

}  // namespace portal::app::charts
