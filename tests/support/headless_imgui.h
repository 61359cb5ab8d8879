// What the app's view tests and the chart benchmark share: a bare ImGui context as the browser
// app has it (theme, the portal's fonts, the atlas built) without a renderer, and the year of
// hourly occupancy of many rooms the Insights chart is measured with. Header-only: included by
// relative path from tests/app and tests/bench.
#pragma once

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/app_state.h"
#include "app/charts.h"
#include "app/fonts.h"
#include "app/theme.h"

namespace portal::test_support {

inline std::string ReadFile(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

// A new current context of `display` size with the app's theme (`palette`, which the caller
// keeps alive: theme::Colors() reads it through io.UserData, as App sets it) and `font` (TTF
// bytes) as body and heading, its atlas built so that frames can run; false when the font is
// unusable. The caller destroys the context.
inline bool StartHeadlessImGui(ImGuiContext*& context, ImVec2 display, const std::string& font,
                               app::Fonts& fonts, app::theme::Palette& palette) {
    context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = display;
    io.DeltaTime = 1.0f / 60.0f;
    io.UserData = &palette;
    app::theme::Apply(palette, ImGui::GetStyle());
    if (!app::LoadFonts(io, font, font, 1.0f, fonts)) return false;
    unsigned char* pixels;
    int width, height;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    return true;
}

inline constexpr double kMonday16Nov2026 = 1794787200;  // 2026-11-16T00:00:00Z, a Monday

// `hours` of hourly occupancy (0..1) for `rooms` rooms up to kMonday16Nov2026, deterministic:
// empty nights and weekends, a working-day curve with noise, and a day without data now and
// then (the line breaks there).
inline std::vector<app::charts::Series> YearOfRooms(int rooms, int hours = 8760) {
    constexpr double kHour = 3600;
    std::vector<app::charts::Series> series(static_cast<size_t>(rooms));
    unsigned seed = 12345;
    double start = kMonday16Nov2026 - hours * kHour;
    // Whatever `hours`, day 0 starts on the weekday `start` falls on (0 = Monday).
    int first_weekday = static_cast<int>(std::floor(start / 86400.0) + 3) % 7;
    for (int r = 0; r < rooms; ++r) {
        app::charts::Series& s = series[static_cast<size_t>(r)];
        s.label = "Room " + std::to_string(r + 1);
        s.gap = 1.5 * kHour;
        s.t.reserve(static_cast<size_t>(hours));
        s.v.reserve(static_cast<size_t>(hours));
        for (int h = 0; h < hours; ++h) {
            int day = h / 24;
            if ((day + r) % 41 == 0) continue;  // an outage: no data that day
            seed = seed * 1103515245 + 12345;
            double noise = (seed >> 16) % 100 / 400.0;
            bool weekend = (day + first_weekday) % 7 >= 5;
            double day_shape = std::max(0.0, std::sin((h % 24 - 7) * M_PI / 12));
            double value = weekend ? noise * 0.1 : std::min(1.0, day_shape * 0.7 + noise);
            s.t.push_back(start + h * kHour);
            s.v.push_back(value);
        }
    }
    return series;
}

}  // namespace portal::test_support
