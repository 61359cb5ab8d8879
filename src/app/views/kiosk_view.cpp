// The kiosk: a wall display's whole window, read from across a room. A header (title, local
// clock, freshness), the totals of the sites on screen, and the rooms as tiles: name, state as
// a word on its colour (never colour alone; a colour-blind safe palette), people and today's
// occupancy by hour with Insights, "Status only" without (R-GATE-1). Pages rotate every 15 s
// when the tiles do not fit. Everything scales with the window (1280x720 to 3840x2160) and the
// whole layout drifts a few pixels every 10 minutes against burn-in.
//
// Nothing here moves by itself between the planned wake-ups: the view says when the screen next
// changes (the minute, the page) in KioskState::next_redraw_at, and the app sleeps until then.
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "app/a11y.h"
#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"

namespace portal::app {

namespace {

constexpr TextPair kTexts[] = {
    {"Free", "Libre"},
    {"In a meeting", "En réunion"},
    {"Occupied", "Occupée"},
    {"Offline", "Hors ligne"},
    {"Needs attention", "À vérifier"},
    {"Online", "En ligne"},
    {"No data", "Pas de données"},
    {"{0} / {1} people", "{0} / {1} personnes"},
    {"{0} people", "{0} personnes"},
    {"No count yet", "Pas encore de comptage"},
    {"until {0}", "jusqu'à {0}"},
    {"Status only", "État seulement"},
    {"Today", "Aujourd'hui"},
    {"{0} free", "{0} libres"},
    {"{0} in a meeting", "{0} en réunion"},
    {"{0} occupied", "{0} occupées"},
    {"{0} offline", "{0} hors ligne"},
    {"{0} need attention", "{0} à vérifier"},
    {"Page {0} / {1}", "Page {0} / {1}"},
    {"Last updated {0} ({1} min ago) · reconnecting",
     "Dernière mise à jour {0} (il y a {1} min) · reconnexion"},
    {"The server cannot be reached · reconnecting", "Le serveur est injoignable · reconnexion"},
    {"Loading the dashboard…", "Chargement du tableau de bord…"},
    {"This kiosk link is no longer valid", "Ce lien d'affichage n'est plus valide"},
    {"Ask an administrator of the portal for a new link.",
     "Demandez un nouveau lien à un administrateur du portail."},
    {"No room to show.", "Aucune salle à afficher."},
    {"Occupancy today by hour", "Occupation d'aujourd'hui par heure"},
    {"Highest today: {0} % at {1}:00.", "Maximum aujourd'hui : {0} % à {1} h."},
    {"No occupancy measured yet today.", "Pas encore d'occupation mesurée aujourd'hui."},
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Colours

// The app's palette (theme::Colors()) has the kiosk's light and dark sets for each display
// preference (forced colours, more contrast).
using Palette = theme::KioskColors;

const Palette& PaletteFor(bool light) {
    return light ? theme::Colors().kiosk_light : theme::Colors().kiosk_dark;
}

// Okabe and Ito's palette: told apart with every common colour-vision deficiency; the word is
// always written on it too.
ImU32 StateColour(api::TileState state) {
    const theme::Palette& palette = theme::Colors();
    switch (state) {
        case api::TileState::Free:
            return palette.bluish_green;
        case api::TileState::Meeting:
            return palette.blue;
        case api::TileState::Occupied:
            return palette.orange;
        case api::TileState::Offline:
            return palette.vermillion;
        case api::TileState::Attention:
            return palette.yellow;
        case api::TileState::Online:
            return palette.sky_blue;
        case api::TileState::Unknown:
            return palette.grey;
    }
    return palette.grey;
}

const char* StateWord(api::TileState state) {
    switch (state) {
        case api::TileState::Free:
            return "Free";
        case api::TileState::Meeting:
            return "In a meeting";
        case api::TileState::Occupied:
            return "Occupied";
        case api::TileState::Offline:
            return "Offline";
        case api::TileState::Attention:
            return "Needs attention";
        case api::TileState::Online:
            return "Online";
        case api::TileState::Unknown:
            return "No data";
    }
    return "No data";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Text at a size

// Draws `text` at `pos` in `px` CSS pixels, published to the item tree; cut with an ellipsis
// to `max_width` when given. Returns its size.
ImVec2 TextAt(ImFont* font, float px, ImVec2 pos, ImU32 colour, std::string text,
              float max_width = 0) {
    ImGui::PushFont(font);
    ImGui::SetWindowFontScale(px / (font->FontSize * ImGui::GetIO().FontGlobalScale));
    std::string whole;  // what a screen reader reads when the drawn text is cut
    if (max_width > 0 && ImGui::CalcTextSize(text.c_str()).x > max_width) {
        whole = text;
        // Whole UTF-8 characters only.
        while (!text.empty()) {
            do {
                text.pop_back();
            } while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80);
            if (ImGui::CalcTextSize((text + "…").c_str()).x <= max_width) break;
        }
        text += "…";
    }
    ImGui::SetCursorScreenPos(pos);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    TextItem(text);
    if (!whole.empty()) a11y::SetName(whole);
    ImGui::PopStyleColor();
    ImVec2 size = ImGui::GetItemRectSize();
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopFont();
    return size;
}

ImVec2 TextSize(ImFont* font, float px, const std::string& text) {
    return font->CalcTextSizeA(px, FLT_MAX, 0, text.c_str());
}

// "14:05" at the browser's offset from UTC.
std::string ClockText(AppController& controller, double epoch) {
    return FormatHourMinute(static_cast<long long>(std::floor(epoch)) +
                            controller.UtcOffsetMinutes(epoch) * 60LL);
}

struct KioskFonts {
    ImFont* big;   // names, title, clock
    ImFont* body;  // the rest
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Screens

void DrawMessage(const AppState& state, const KioskLayout& layout, ImVec2 origin, ImVec2 size,
                 const Palette& palette, const KioskFonts& fonts, const char* title,
                 const char* detail) {
    const Translator& tr = state.tr;
    float s = layout.scale;
    std::string heading = tr(title);
    ImVec2 heading_size = TextSize(fonts.big, 44 * s, heading);
    ImVec2 at(origin.x + std::max(layout.margin, (size.x - heading_size.x) / 2),
              origin.y + size.y * 0.4f);
    TextAt(fonts.big, 44 * s, at, palette.text, heading, size.x - 2 * layout.margin);
    a11y::SetHeadingLevel(1);
    if (detail) {
        std::string line = tr(detail);
        ImVec2 line_size = TextSize(fonts.body, 26 * s, line);
        TextAt(
            fonts.body, 26 * s,
            ImVec2(origin.x + std::max(layout.margin, (size.x - line_size.x) / 2), at.y + 70 * s),
            palette.muted, line, size.x - 2 * layout.margin);
    }
}

void DrawHeader(const AppState& state, AppController& controller, const KioskLayout& layout,
                ImVec2 origin, float width, const Palette& palette, const KioskFonts& fonts) {
    const KioskState& kiosk = state.kiosk;
    const Translator& tr = state.tr;
    float s = layout.scale;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    double epoch = controller.EpochSeconds();
    std::string clock = ClockText(controller, epoch);
    ImVec2 clock_size = TextSize(fonts.big, 48 * s, clock);
    float right = origin.x + width - layout.margin;
    TextAt(fonts.big, 48 * s, ImVec2(right - clock_size.x, origin.y + layout.margin), palette.text,
           clock);
    if (kiosk.dashboard) {
        TextAt(fonts.big, 40 * s, ImVec2(origin.x + layout.margin, origin.y + layout.margin),
               palette.text, kiosk.dashboard->title,
               width - 2 * layout.margin - clock_size.x - 32 * s);
        a11y::SetHeadingLevel(1);
    }
    if (kiosk.status() != KioskStatus::Stale && kiosk.failed_attempts == 0) return;
    // Not fresh: say so where it cannot be missed, in the warning colours.
    std::string line;
    if (kiosk.last_fresh > 0) {
        long long ago = static_cast<long long>((epoch - kiosk.last_fresh) / 60.0);
        line =
            Format(tr("Last updated {0} ({1} min ago) · reconnecting"),
                   {ClockText(controller, kiosk.last_fresh), std::to_string(std::max(0LL, ago))});
    } else {
        line = tr("The server cannot be reached · reconnecting");
    }
    ImVec2 at(origin.x + layout.margin, origin.y + layout.margin + 56 * s);
    ImVec2 size = TextSize(fonts.body, 26 * s, line);
    draw->AddRectFilled(ImVec2(at.x - 8 * s, at.y - 4 * s),
                        ImVec2(at.x + size.x + 8 * s, at.y + size.y + 4 * s), palette.warning,
                        6 * s);
    TextAt(fonts.body, 26 * s, at, palette.warning_text, line);
}

// The totals of the sites whose rooms are on this page, left to right while they fit.
void DrawSiteStrip(const AppState& state, const KioskLayout& layout, ImVec2 at, float width,
                   int first, int last, const Palette& palette, const KioskFonts& fonts) {
    const api::KioskDashboard& dashboard = *state.kiosk.dashboard;
    const Translator& tr = state.tr;
    float s = layout.scale;
    float x = at.x;
    bool accounts = false;  // a partner's link: name the customer too
    for (const api::KioskSite& site : dashboard.sites) {
        accounts |= site.account_id != dashboard.sites.front().account_id;
    }
    for (const api::KioskSite& site : dashboard.sites) {
        bool on_page = false;
        for (int i = first; i < last && !on_page; ++i) {
            const api::KioskRoom& room = dashboard.rooms[static_cast<size_t>(i)];
            on_page = room.account_id == site.account_id && room.site == site.site;
        }
        if (!on_page) continue;
        std::string name = accounts ? site.account_name + " · " + site.site : site.site;
        std::string counts;
        auto add = [&](int count, const char* pattern) {
            if (count == 0) return;
            if (!counts.empty()) counts += " · ";
            counts += Format(tr(pattern), {std::to_string(count)});
        };
        add(site.free, "{0} free");
        add(site.meeting, "{0} in a meeting");
        add(site.occupied, "{0} occupied");
        add(site.offline, "{0} offline");
        add(site.attention, "{0} need attention");
        if (site.people) {
            if (!counts.empty()) counts += " · ";
            counts += Format(tr("{0} people"), {std::to_string(*site.people)});
        }
        float needed =
            TextSize(fonts.big, 26 * s, name).x + 12 * s + TextSize(fonts.body, 26 * s, counts).x;
        if (x > at.x && x + needed > at.x + width) break;
        ImVec2 name_size =
            TextAt(fonts.big, 26 * s, ImVec2(x, at.y), palette.text, name, at.x + width - x);
        if (!counts.empty()) {
            TextAt(fonts.body, 26 * s, ImVec2(x + name_size.x + 12 * s, at.y), palette.muted,
                   counts, std::max(1.0f, at.x + width - x - name_size.x - 12 * s));
        }
        x += needed + 40 * s;
    }
}

// The 24 hours of the room's local today: a bar per hour, a thin mark for an hour without data.
void DrawToday(const std::vector<double>& today, ImVec2 min, ImVec2 max, const Palette& palette) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float slot = (max.x - min.x) / 24.0f;
    float height = max.y - min.y;
    for (size_t hour = 0; hour < today.size() && hour < 24; ++hour) {
        float x0 = min.x + slot * static_cast<float>(hour) + slot * 0.12f;
        float x1 = x0 + slot * 0.76f;
        draw->AddRectFilled(ImVec2(x0, max.y - std::max(1.0f, height * 0.04f)), ImVec2(x1, max.y),
                            palette.track);
        double share = today[hour];
        if (std::isnan(share)) continue;
        share = std::clamp(share, 0.0, 1.0);
        draw->AddRectFilled(ImVec2(x0, max.y - static_cast<float>(share) * height),
                            ImVec2(x1, max.y), palette.bar);
    }
}

// The bars of today in one sentence: the busiest hour.
std::string TodaySummary(const Translator& tr, const std::vector<double>& today) {
    int busiest = -1;
    for (size_t hour = 0; hour < today.size() && hour < 24; ++hour) {
        if (std::isnan(today[hour])) continue;
        if (busiest < 0 || today[hour] > today[static_cast<size_t>(busiest)]) {
            busiest = static_cast<int>(hour);
        }
    }
    if (busiest < 0) return tr("No occupancy measured yet today.");
    double share = std::clamp(today[static_cast<size_t>(busiest)], 0.0, 1.0);
    return Format(
        tr("Highest today: {0} % at {1}:00."),
        {std::to_string(static_cast<int>(std::lround(share * 100))), std::to_string(busiest)});
}

void DrawTile(const AppState& state, AppController& controller, const api::KioskRoom& room,
              const KioskLayout& layout, ImVec2 min, const Palette& palette,
              const KioskFonts& fonts) {
    const Translator& tr = state.tr;
    float s = layout.scale;
    ImVec2 max(min.x + layout.tile_width, min.y + layout.tile_height);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImU32 colour = StateColour(room.state);
    draw->AddRectFilled(min, max, palette.tile, 10 * s);
    draw->AddRectFilled(min, ImVec2(min.x + 12 * s, max.y), colour, 10 * s,
                        ImDrawFlags_RoundCornersLeft);
    float pad = 24 * s;
    float inner = layout.tile_width - pad - 16 * s;
    float x = min.x + pad;
    float y = min.y + 14 * s;
    y += TextAt(fonts.big, 34 * s, ImVec2(x, y), palette.text, room.name, inner).y + 10 * s;
    a11y::SetHeadingLevel(2);  // each tile: a room a screen reader can jump to

    // The state, as a word on its colour.
    std::string word = tr(StateWord(room.state));
    ImVec2 word_size = TextSize(fonts.big, 26 * s, word);
    float chip_width = std::min(word_size.x + 24 * s, inner);
    draw->AddRectFilled(ImVec2(x, y), ImVec2(x + chip_width, y + word_size.y + 10 * s), colour,
                        6 * s);
    // Forced colours and more contrast outline the chip and the tile (badge_border).
    if (ImU32 border = theme::Colors().badge_border) {
        ImVec2 chip_max(x + chip_width, y + word_size.y + 10 * s);
        draw->AddRect(ImVec2(x, y), chip_max, border, 6 * s);
        draw->AddRect(min, max, border, 10 * s, 0, 2 * s);
    }
    TextAt(fonts.big, 26 * s, ImVec2(x + 12 * s, y + 5 * s), theme::TextOn(colour), word,
           inner - 24 * s);
    if (room.state == api::TileState::Meeting && room.meeting_ends) {
        std::string until = Format(
            tr("until {0}"), {ClockText(controller, static_cast<double>(*room.meeting_ends))});
        TextAt(fonts.body, 24 * s, ImVec2(x + chip_width + 12 * s, y + 6 * s), palette.muted, until,
               std::max(1.0f, inner - chip_width - 12 * s));
    }
    y += word_size.y + 22 * s;

    if (!room.insights) {
        // R-GATE-1: a room without Insights shows its devices' state, never people or hours.
        TextAt(fonts.body, 24 * s, ImVec2(x, y), palette.muted, tr("Status only"), inner);
        return;
    }
    std::string people;
    if (!room.people) {
        people = tr("No count yet");
    } else if (room.capacity > 0) {
        people = Format(tr("{0} / {1} people"),
                        {std::to_string(*room.people), std::to_string(room.capacity)});
    } else {
        people = Format(tr("{0} people"), {std::to_string(*room.people)});
    }
    y += TextAt(fonts.body, 28 * s, ImVec2(x, y), palette.text, people, inner).y + 10 * s;
    float bottom = max.y - 16 * s;
    if (!room.today.empty() && bottom - y > 12 * s) {
        DrawToday(room.today, ImVec2(x, y), ImVec2(max.x - 16 * s, bottom), palette);
        a11y::Figure(ImVec2(x, y), ImVec2(max.x - 16 * s, bottom), tr("Occupancy today by hour"),
                     TodaySummary(tr, room.today));
    }
}

// Which page is on screen, and when the screen next changes by itself.
void AdvancePage(KioskState& kiosk, AppController& controller, int pages) {
    double now = controller.Now();
    kiosk.pages = pages;
    if (kiosk.page_since < 0 || kiosk.page >= pages) {
        kiosk.page = 0;
        kiosk.page_since = now;
    }
    if (pages > 1 && now >= kiosk.page_since + kKioskPageSeconds) {
        kiosk.page = (kiosk.page + 1) % pages;
        kiosk.page_since = now;
    }
    // The clock's next minute (the burn-in shift moves on a minute too), or the next page.
    double epoch = controller.EpochSeconds();
    double next = now + (60.0 - std::fmod(epoch, 60.0));
    if (pages > 1) next = std::min(next, kiosk.page_since + kKioskPageSeconds);
    kiosk.next_redraw_at = next;
}

void DrawDashboard(AppState& state, AppController& controller, const KioskLayout& layout,
                   ImVec2 origin, ImVec2 size, const Palette& palette, const KioskFonts& fonts) {
    KioskState& kiosk = state.kiosk;
    const api::KioskDashboard& dashboard = *kiosk.dashboard;
    const Translator& tr = state.tr;
    float s = layout.scale;
    int count = static_cast<int>(dashboard.rooms.size());
    int first = kiosk.page * layout.per_page;
    int last = std::min(count, first + layout.per_page);
    float top = origin.y + layout.margin + layout.header_height;
    float width = size.x - 2 * layout.margin;
    if (kiosk.pages > 1) {
        std::string page = Format(tr("Page {0} / {1}"),
                                  {std::to_string(kiosk.page + 1), std::to_string(kiosk.pages)});
        ImVec2 page_size = TextSize(fonts.body, 26 * s, page);
        TextAt(fonts.body, 26 * s, ImVec2(origin.x + size.x - layout.margin - page_size.x, top),
               palette.muted, page);
        width -= page_size.x + 32 * s;
    }
    if (count == 0) {
        TextAt(fonts.body, 30 * s, ImVec2(origin.x + layout.margin, top), palette.muted,
               tr("No room to show."));
        return;
    }
    DrawSiteStrip(state, layout, ImVec2(origin.x + layout.margin, top), width, first, last, palette,
                  fonts);
    float grid_top = top + layout.strip_height;
    for (int i = first; i < last; ++i) {
        int slot = i - first;
        int column = slot % layout.columns;
        int row = slot / layout.columns;
        ImVec2 at(origin.x + layout.margin + column * (layout.tile_width + layout.gap),
                  grid_top + row * (layout.tile_height + layout.gap));
        ImGui::PushID(i);
        DrawTile(state, controller, dashboard.rooms[static_cast<size_t>(i)], layout, at, palette,
                 fonts);
        ImGui::PopID();
    }
}

}  // namespace

const char* KioskStatusName(KioskStatus status) {
    switch (status) {
        case KioskStatus::Loading:
            return "loading";
        case KioskStatus::Live:
            return "live";
        case KioskStatus::Stale:
            return "stale";
        case KioskStatus::Invalid:
            return "invalid";
    }
    return "";
}

KioskLayout PlanKioskLayout(float width, float height, int tiles) {
    KioskLayout layout;
    float s = std::max(0.5f, std::min(width / 1280.0f, height / 720.0f));
    layout.scale = s;
    layout.margin = 24 * s;
    layout.gap = 16 * s;
    layout.header_height = 100 * s;
    layout.strip_height = 52 * s;
    // The smallest tile whose name, state, people and hours read from across a room.
    float min_width = 360 * s, min_height = 200 * s;
    float area_width = std::max(min_width, width - 2 * layout.margin);
    float area_height = std::max(
        min_height, height - 2 * layout.margin - layout.header_height - layout.strip_height);
    layout.columns =
        std::max(1, static_cast<int>((area_width + layout.gap) / (min_width + layout.gap)));
    layout.rows =
        std::max(1, static_cast<int>((area_height + layout.gap) / (min_height + layout.gap)));
    layout.per_page = layout.columns * layout.rows;
    tiles = std::max(0, tiles);
    layout.pages = std::max(1, (tiles + layout.per_page - 1) / layout.per_page);
    // A few rooms: fewer, larger tiles rather than a grid of empty slots.
    if (tiles > 0 && tiles < layout.per_page) {
        while (layout.rows > 1 && (layout.rows - 1) * layout.columns >= tiles) --layout.rows;
        while (layout.columns > 1 && layout.rows * (layout.columns - 1) >= tiles) --layout.columns;
    }
    layout.tile_width =
        (area_width - static_cast<float>(layout.columns - 1) * layout.gap) / layout.columns;
    layout.tile_height = std::min(
        320 * s, (area_height - static_cast<float>(layout.rows - 1) * layout.gap) / layout.rows);
    return layout;
}

KioskShift KioskShiftAt(double epoch_seconds) {
    // Twelve steps around a circle of 6 px: two hours for a turn, within 8 px of the place.
    constexpr double kRadius = 6.0;
    double step = std::floor(epoch_seconds / kKioskShiftSeconds);
    double angle = std::fmod(step, 12.0) * (2.0 * std::numbers::pi / 12.0);
    return {static_cast<float>(std::round(kRadius * std::cos(angle))),
            static_cast<float>(std::round(kRadius * std::sin(angle)))};
}

std::span<const TextPair> KioskTexts() {
    return kTexts;
}

void DrawKioskPage(AppState& state, AppController& controller) {
    KioskState& kiosk = state.kiosk;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImVec2 size = viewport->Size;
    const Palette& palette = PaletteFor(kiosk.light());
    ImFont* big = state.fonts.display   ? state.fonts.display
                  : state.fonts.heading ? state.fonts.heading
                                        : ImGui::GetFont();
    KioskFonts fonts{big, state.fonts.body ? state.fonts.body : ImGui::GetFont()};

    int rooms = kiosk.dashboard ? static_cast<int>(kiosk.dashboard->rooms.size()) : 0;
    KioskLayout layout = PlanKioskLayout(size.x, size.y, rooms);
    AdvancePage(kiosk, controller, kiosk.dashboard ? layout.pages : 1);
    KioskShift shift = KioskShiftAt(controller.EpochSeconds());
    ImVec2 origin(viewport->Pos.x + shift.x, viewport->Pos.y + shift.y);

    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(palette.background));
    ImGui::Begin("##kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav);
    a11y::BeginLandmark(a11y::Landmark::Main, "");
    switch (kiosk.status()) {
        case KioskStatus::Invalid:
            DrawMessage(state, layout, origin, size, palette, fonts,
                        "This kiosk link is no longer valid",
                        "Ask an administrator of the portal for a new link.");
            break;
        case KioskStatus::Loading:
            DrawHeader(state, controller, layout, origin, size.x, palette, fonts);
            DrawMessage(state, layout, origin, size, palette, fonts, "Loading the dashboard…",
                        nullptr);
            break;
        case KioskStatus::Live:
        case KioskStatus::Stale:
            DrawHeader(state, controller, layout, origin, size.x, palette, fonts);
            DrawDashboard(state, controller, layout, origin, size, palette, fonts);
            break;
    }
    a11y::EndLandmark();
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
}

}  // namespace portal::app
