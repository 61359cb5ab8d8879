// One function per view; each takes the state it needs by reference. Each view file also
// keeps the French of its labels (its *Texts() table, registered in i18n.cpp).
#pragma once

#include <initializer_list>
#include <span>
#include <vector>

#include "app/app_state.h"

namespace portal::app {

// The whole window: top bar, left navigation, connection banner, and the current page.
void DrawShell(AppState& state, AppController& controller);

void DrawSignInPage(AppState& state, AppController& controller);
// The fleet's home (issue 16): the account's figures, a partner's customers, the operator's
// queues, and the Getting started checklist of a new account.
void DrawOverviewPage(AppState& state, AppController& controller);
// The service catalogue (programs, terms, countries, products) with EN/FR labels.
void DrawCataloguePage(AppState& state, AppController& controller);
void DrawOrdersPage(AppState& state, AppController& controller);
void DrawRoomsPage(AppState& state, AppController& controller);
void DrawDevicesPage(AppState& state, AppController& controller);
void DrawPeoplePage(AppState& state, AppController& controller);
// People & access' Single sign-on section (sso_view.cpp, issue 15): domains, connections and
// how the account's users sign in. Admins change them; operators (support view) and read-only
// members see them without the actions.
void DrawSsoSection(AppState& state, AppController& controller);
// The sentence for a single sign-on's outcome code as the server redirects with it
// ("not_invited", "state_invalid", ...), in English: pass it through state.tr (sso_view.cpp
// keeps the French). Any code it does not know gets a general sentence.
const char* SsoOutcomeSentence(const std::string& code);
void DrawIntakePage(AppState& state, AppController& controller);
void DrawInvitePage(AppState& state, AppController& controller);
void DrawInsightsPage(AppState& state, AppController& controller);
void DrawAlertsPage(AppState& state, AppController& controller);
// The Alerts page's Rules and Silences tabs (alert_rules_view.cpp) and Channels tab
// (alert_channels_view.cpp).
void DrawAlertRules(AppState& state, AppController& controller);
void DrawSilences(AppState& state, AppController& controller);
void DrawAlertChannels(AppState& state, AppController& controller);
// Support (issue 14): the account's tickets and the New ticket form (support_view.cpp), the
// ticket page at #/support/<id> (ticket_view.cpp), the operators' queue and account search
// (support_queue_view.cpp).
void DrawSupportPage(AppState& state, AppController& controller);
void DrawTicketPage(AppState& state, AppController& controller, Id ticket_id);
void DrawSupportQueuePage(AppState& state, AppController& controller);
// Open ticket, from a room that is offline or needs attention (the Rooms table, the room
// detail, the Alerts page): the Support page's form, prefilled from the room's proposal; Send
// is the second click. The button is enabled for those who may open a ticket (admins).
void OpenTicketForRoom(AppState& state, AppController& controller, Id room_id);
void OpenTicketButton(AppState& state, AppController& controller, Id room_id);
// Whether the room offers Open ticket (offline, or an alert firing), from the live status.
bool RoomNeedsTicket(const AppState& state, Id room_id);
// Shared by the Support views (support_view.cpp keeps their texts): English labels (pass them
// through state.tr), the severity on its colour, and the due time in words ("Due in 3 h",
// "Breached" in the error colour, "Paused").
const char* TicketSeverityLabel(support::Severity severity);
const char* TicketStatusLabel(support::TicketStatus status);
const char* ServiceLevelLabel(const std::string& level);
void TicketSeverityBadge(const Translator& tr, support::Severity severity);
std::string DueText(const Translator& tr, const api::Ticket& ticket, double now);
void DrawDue(const Translator& tr, const api::Ticket& ticket, double now);
// "#1012"
std::string TicketNumber(const api::Ticket& ticket);
// Opens a ticket's page (its account named, so that an operator's click opens it read-only).
void OpenTicket(AppController& controller, const api::Ticket& ticket);
// A list of tickets (the Support page's, the Support queue's) in the columns given, first to
// last, each with its share of the width; the number opens the ticket (put it first: its row
// is the click target).
enum class TicketColumn {
    Number,
    Account,
    Room,
    Subject,
    Severity,
    Status,
    ServiceLevel,
    Due,
    Assignee,
    LastActivity
};
struct TicketListColumn {
    TicketColumn column;
    float weight;
};
void DrawTicketTable(AppState& state, AppController& controller, const char* id,
                     const std::vector<api::Ticket>& tickets,
                     std::initializer_list<TicketListColumn> columns);
// Loads `path` (a list of tickets) into `load` when it is another question than the last, or the
// same one gone stale; most_urgent_first sorts the answer with SortMostUrgent.
void LoadTicketList(AppController& controller, TicketListLoad& load, const std::string& path,
                    bool most_urgent_first);

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
// The sparkline in words, for screen readers (issue 17): "Occupancy, last 7 days: average 31 %,
// highest 52 %".
std::string RoomSparklineWords(const Translator& tr, const std::vector<double>& line);

// Alerts as other pages show them (kept with the Alerts page's texts), live from the status the
// app long-polls: the Rooms table's badge for a room's firing alerts ("Alert · Critical", drawn
// on the same line; nothing when none), the room detail's alerts (each opens the Alerts page
// on it), and the account's count of firing alerts (-1 while the status is unknown).
void DrawAlertBadge(const AppState& state, Id room_id);
void DrawRoomAlerts(AppState& state, AppController& controller, Id room_id, bool entitled);
int FiringAlertCount(const AppState& state);
// Issue 17: the live status moved from `before` to state.live.status. When a room's count of
// firing alerts rose, the firing list is read again (the Alerts page's own load, so the page
// does not ask twice) and each alert that starts firing is announced assertively, in the
// user's language: "Alert: Boardroom — Device offline". Never for the first status.
void AnnounceNewAlerts(AppState& state, AppController& controller,
                       const telemetry::StatusDocument& before);
// A page opened filtered from a link (?filter=, RouteFilterLabel): the chip "Filtered: Offline ×"
// that says why rows are missing. True when the user removed it: the route drops the filter,
// and the page clears its own.
bool DrawFilterChip(AppState& state, AppController& controller, const std::string& filter);
std::string FiringAlertsText(const Translator& tr, int count);  // "3 alerts firing"
// Shared by the Alerts view files (alerts, alert_rules, alert_channels): English labels (pass them
// through state.tr), and the account's rooms by name (rebuilt when the account's state changes).
const char* ConditionLabel(alerts::Condition condition);
const char* SeverityLabel(alerts::Severity severity);
const std::vector<RoomRow>& AlertRooms(AppState& state, AppController& controller);
// GET .../alert-channels into state.alerts_page.channels (the rules name their channels).
void LoadAlertChannels(AppState& state, AppController& controller);
// The Alerts forms' pieces: a field's problems (the form's, translated, then the server's) under
// it; typed text without surrounding spaces; text copied into a form's fixed buffer.
void DrawFormProblems(const Translator& tr, const std::vector<FormProblem>& problems,
                      const Submission& submission, const char* field);
std::string TrimmedText(const char* text);
void CopyToBuffer(char* out, size_t size, const std::string& text);

// "/api/v1/accounts/<account>" + rest: the account's API paths, as the views ask them.
inline std::string AccountPath(Id account, const std::string& rest) {
    return "/api/v1/accounts/" + std::to_string(account) + rest;
}
// Before sending a change again: the server answered the last attempt (a refusal, not a lost
// network), so what is sent now is a new change and needs a new Idempotency-Key, or the server
// would answer 422 for the reuse.
inline void NewChange(Submission& submission) {
    if (submission.failed() && submission.failure != api::Failure::Network) submission.Clear();
}
// Opens the Rooms page on the room's Assign license dialog (from the pages that show a room
// without the license they need).
void OpenAssign(AppState& state, AppController& controller, Id room_id);

// The navigation's label of a page ("Service Orders"), in English: pass it through state.tr.
const char* PageTitle(Page page);

std::span<const TextPair> ShellTexts();
std::span<const TextPair> WidgetTexts();
std::span<const TextPair> OverviewTexts();
std::span<const TextPair> CatalogueTexts();
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
std::span<const TextPair> AlertsTexts();
std::span<const TextPair> AlertRulesTexts();
std::span<const TextPair> AlertChannelsTexts();
std::span<const TextPair> SupportTexts();
std::span<const TextPair> TicketTexts();
std::span<const TextPair> SupportQueueTexts();
std::span<const TextPair> SsoTexts();

inline std::vector<std::span<const TextPair>> AllViewTexts() {
    return {CatalogueTexts(), ShellTexts(),      WidgetTexts(),
            OverviewTexts(),  ComingTexts(),     SignInTexts(),
            OrdersTexts(),    RoomsTexts(),      DevicesTexts(),
            PeopleTexts(),    IntakeTexts(),     InviteTexts(),
            InsightsTexts(),  KioskTexts(),      KioskLinksTexts(),
            AlertsTexts(),    AlertRulesTexts(), AlertChannelsTexts(),
            SupportTexts(),   TicketTexts(),     SupportQueueTexts(),
            SsoTexts()};
}

}  // namespace portal::app
