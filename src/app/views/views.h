// One function per view; each takes the state it needs by reference. Each view file also
// keeps the French of its labels (its *Texts() table, registered in i18n.cpp).
#pragma once

#include <span>
#include <vector>

#include "app/app_state.h"

namespace portal::app {

// The whole window: top bar, left navigation, connection banner, and the current page.
void DrawShell(AppState& state, AppController& controller);

void DrawSignInPage(AppState& state, AppController& controller);
void DrawOverviewPage(AppState& state, AppController& controller);
void DrawOrdersPage(AppState& state, AppController& controller);
void DrawRoomsPage(AppState& state, AppController& controller);
void DrawDevicesPage(AppState& state, AppController& controller);
void DrawPeoplePage(AppState& state, AppController& controller);
void DrawIntakePage(AppState& state, AppController& controller);
void DrawInvitePage(AppState& state, AppController& controller);
void DrawInsightsPage(AppState& state, AppController& controller);
// The whole window of a kiosk link (no shell): tiles, pages, clock, freshness.
void DrawKioskPage(AppState& state, AppController& controller);
// The Insights page's "Kiosk links" section (below Agent tokens).
void DrawKioskLinks(AppState& state, AppController& controller);
// Pages whose capability has not landed yet: what they will hold, and why not yet.
void DrawComingPage(AppState& state, Page page);
void DrawNotFoundPage(AppState& state, AppController& controller);

// Live status and the last days' occupancy, for the Rooms page (kept with Insights' texts).
// "Free", "In a meeting · 3 people", ... ; "Unknown" until the status is known.
std::string RoomStatusText(const AppState& state, Id room_id);
// Loads GET .../insights/summary?days=7 once per account when a room has Insights.
void LoadInsightsSummary(AppState& state, AppController& controller, bool any_insights);
// The room's daily occupancy (NaN: no data), or nullptr.
const std::vector<double>* RoomSparkline(const AppState& state, Id room_id);

// The navigation's label of a page ("Service Orders"), in English: pass it through state.tr.
const char* PageTitle(Page page);

std::span<const TextPair> ShellTexts();
std::span<const TextPair> WidgetTexts();
std::span<const TextPair> OverviewTexts();
std::span<const TextPair> ComingTexts();
std::span<const TextPair> SignInTexts();
std::span<const TextPair> OrdersTexts();
std::span<const TextPair> RoomsTexts();
std::span<const TextPair> DevicesTexts();
std::span<const TextPair> PeopleTexts();
std::span<const TextPair> IntakeTexts();
std::span<const TextPair> InviteTexts();
std::span<const TextPair> InsightsTexts();
std::span<const TextPair> KioskTexts();
std::span<const TextPair> KioskLinksTexts();

inline std::vector<std::span<const TextPair>> AllViewTexts() {
    return {ShellTexts(),  WidgetTexts(),   OverviewTexts(), ComingTexts(),    SignInTexts(),
            OrdersTexts(), RoomsTexts(),    DevicesTexts(),  PeopleTexts(),    IntakeTexts(),
            InviteTexts(), InsightsTexts(), KioskTexts(),    KioskLinksTexts()};
}

}  // namespace portal::app
