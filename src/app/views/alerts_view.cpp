// Alerts (issue 13, R-GATE-2): the account's firing alerts, live (read again whenever the app's
// long-polled status version moves, which the server moves on every alert change), with their
// room, condition, since when, severity, flapping and silenced marks and, for admins, Acknowledge;
// the history with its filters; the alert a mail links to (#/alerts/<id>) expanded with its
// deliveries; the rooms without Alerts and how to unlock them. Rules and silences are drawn by
// alert_rules_view.cpp, channels by alert_channels_view.cpp. Also the pieces other pages show:
// the Rooms table's alert badge, the room detail's alerts, the Overview's count of firing alerts.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "api/alerts_json.h"
#include "app/a11y.h"
#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"
#include "core/telemetry.h"

namespace portal::app {

namespace {

using Seconds = alerts::Seconds;

constexpr TextPair kTexts[] = {
    {"Alert: {0} — {1}", "Alerte : {0} — {1}"},  // a new firing alert, announced (issue 17)
    {"Marks", "Indicateurs"},
    // Empty pages: what they will hold and the action that fills them (issue 16).
    {"Alerts appear here while a rule finds a room offline, a device missing or a threshold "
     "crossed. Rules decide what raises an alert.",
     "Les alertes apparaissent ici tant qu'une règle trouve une salle hors ligne, un appareil "
     "absent ou un seuil dépassé. Les règles décident de ce qui déclenche une alerte."},
    {"See alert rules", "Voir les règles d'alerte"},
    {"Alerts", "Alertes"},
    {"Firing", "En cours"},
    {"History", "Historique"},
    {"Rules", "Règles"},
    {"Channels", "Canaux"},
    {"Silences", "Silences"},
    {"Locked rooms", "Salles verrouillées"},
    {"No alert firing.", "Aucune alerte en cours."},
    {"1 alert firing", "1 alerte en cours"},
    {"{0} alerts firing", "{0} alertes en cours"},
    {"the alerts", "les alertes"},
    {"the alert history", "l'historique des alertes"},
    {"the room's alerts", "les alertes de la salle"},
    {"Nothing is firing: every room is as it should be.",
     "Rien en cours : toutes les salles vont bien."},
    {"No alert matches these filters.", "Aucune alerte ne correspond à ces filtres."},
    // Table
    {"Room", "Salle"},
    {"Site", "Site"},
    {"Condition", "Condition"},
    {"Severity", "Gravité"},
    {"Since", "Depuis"},
    {"State", "État"},
    {"Ended at", "Fin"},
    {"Acknowledge", "Acquitter"},
    {"Flapping", "Instable"},
    {"Silenced", "En silence"},
    {"It keeps going on and off: it stays firing and notifies at most once every 30 minutes.",
     "Elle s'active et se désactive sans cesse : elle reste en cours et ne notifie qu'une fois "
     "toutes les 30 minutes au plus."},
    {"A silence covers this room: the alert is recorded, nothing is sent.",
     "Un silence couvre cette salle : l'alerte est enregistrée, rien n'est envoyé."},
    // Conditions, severities, states
    {"Device offline", "Appareil hors ligne"},
    {"Room offline", "Salle hors ligne"},
    {"No telemetry", "Pas de télémétrie"},
    {"Over capacity", "Capacité dépassée"},
    {"Critical", "Critique"},
    {"Major", "Majeure"},
    {"Minor", "Mineure"},
    {"Warning", "Avertissement"},
    {"Pending", "En attente"},
    {"Acknowledged", "Acquittée"},
    {"Acknowledged by {0}", "Acquittée par {0}"},
    {"Resolved", "Résolue"},
    {"Cleared", "Rétablie"},
    {"License ended", "Licence terminée"},
    {"Rule disabled", "Règle désactivée"},
    {"{0} min", "{0} min"},
    {"{0} h {1} min", "{0} h {1} min"},
    {"{0} d {1} h", "{0} j {1} h"},
    // History filters
    {"All", "Toutes"},
    {"All rooms", "Toutes les salles"},
    // The alert shown
    {"Alert {0}", "Alerte {0}"},
    {"Rule: {0}", "Règle : {0}"},
    {"Device: {0}", "Appareil : {0}"},
    {"Started: {0}", "Début : {0}"},
    {"Resolved: {0}", "Résolue : {0}"},
    {"Acknowledged by {0}: {1}", "Acquittée par {0} : {1}"},
    {"Deliveries", "Envois"},
    {"No notification was queued for this alert.",
     "Aucune notification n'a été prévue pour cette alerte."},
    {"Channel", "Canal"},
    {"Notification", "Notification"},
    {"Attempts", "Tentatives"},
    {"Last error", "Dernière erreur"},
    {"Reference", "Référence"},
    {"Delivered", "Envoyée"},
    {"Failed", "Échec"},
    {"Close", "Fermer"},
    {"Loading the alert…", "Chargement de l'alerte…"},
    {"This alert is not in this account.", "Cette alerte n'est pas dans ce compte."},
    {"(deleted rule)", "(règle supprimée)"},
    {"someone", "quelqu'un"},
    // Locked rooms
    {"Assign a Sync Plus or Select license to a room to get its alerts (R-GATE-2).",
     "Attribuez une licence Sync Plus ou Select à une salle pour recevoir ses alertes "
     "(R-GATE-2)."},
    {"Every room of this account has Alerts.", "Toutes les salles de ce compte ont les Alertes."},
    {"{0} · Locked", "{0} · Verrouillée"},
    {"Assign license", "Attribuer une licence"},
    // Elsewhere: the Rooms page
    {"Room alerts", "Alertes de la salle"},
    {"No alert for this room yet.", "Aucune alerte pour cette salle pour l'instant."},
    {"This room has no Alerts license: it raises none (R-GATE-2).",
     "Cette salle n'a pas de licence Alertes : elle n'en déclenche aucune (R-GATE-2)."},
    {"Alert · {0}", "Alerte · {0}"},
    {"{0} alerts · {1}", "{0} alertes · {1}"},
};

constexpr Seconds kMinute = 60;
constexpr Seconds kHour = 3600;
constexpr Seconds kDay = 86400;
// The room detail lists this many of the room's alerts, newest first.
constexpr size_t kRoomAlertsShown = 10;

Id ParseId(const std::string& text) {
    Id id = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    return error == std::errc() && end == text.data() + text.size() && id > 0 ? id : 0;
}

std::string StatusVersion(const AppState& state) {
    return state.live.status.value ? state.live.status.value->version : std::string();
}

const char* FilterName(AlertsFilter filter) {
    switch (filter) {
        case AlertsFilter::All:
            return "all";
        case AlertsFilter::Firing:
            return "firing";
        case AlertsFilter::Acknowledged:
            return "acknowledged";
        case AlertsFilter::Resolved:
            return "resolved";
    }
    return "all";
}

// [SECTION] Loading

// Asks for `path` into `load` when it is another question, or when the account's status version
// moved since it was asked (the server moves it on every alert change: the page is live). A
// reload keeps the list on screen until its answer; another question forgets it at once.
void Load(AppController& controller, AlertListLoad& load, const std::string& path,
          const std::string& version) {
    bool same = path == load.path;
    if (same && load.list.loading()) return;  // compared again once its answer is in
    if (same && !load.stale) {
        if (version == load.version) return;
        // Asked before the first status answer (which comes at once): not a move.
        if (load.version.empty() && load.list.status == RequestStatus::Loaded) {
            load.version = version;
            return;
        }
    }
    if (!same) load.list.Reset();
    load.stale = false;
    load.path = path;
    load.version = version;
    controller.Fetch(load.list, path, &api::AlertListFromJson);
}

void LoadFiring(AppState& state, AppController& controller) {
    Load(controller, state.alerts_page.firing,
         AccountPath(state.account.id, "/alerts?state=firing"), StatusVersion(state));
}

void LoadHistory(AppState& state, AppController& controller) {
    const AlertsPageState& page = state.alerts_page;
    std::string path =
        AccountPath(state.account.id, std::string("/alerts?state=") + FilterName(page.filter));
    if (page.filter_room != 0) path += "&roomId=" + std::to_string(page.filter_room);
    Load(controller, state.alerts_page.history, path, StatusVersion(state));
}

// The account's rooms, for names, filters and pickers, when the account's state changes.
void RebuildRooms(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    if (page.rooms_from == state.account.version && page.rooms_from != 0) return;
    page.rooms =
        BuildRoomRows(*state.account.state.value, *state.catalogue.value, controller.Today());
    std::sort(page.rooms.begin(), page.rooms.end(),
              [](const RoomRow& a, const RoomRow& b) { return a.name < b.name; });
    page.sites = SitesOf(page.rooms);
    page.rooms_from = state.account.version;
}

// [SECTION] Acknowledge

void Acknowledge(AppState& state, AppController& controller, Id alert_id) {
    AlertsPageState& page = state.alerts_page;
    // Another alert, or the server refused the last attempt: a new change with a new key.
    if (page.acknowledging != alert_id ||
        (page.acknowledge.failed() && page.acknowledge.failure != api::Failure::Network)) {
        page.acknowledge.Clear();
    }
    page.acknowledging = alert_id;
    controller.Submit(
        page.acknowledge, "POST", "/api/v1/alerts/" + std::to_string(alert_id) + "/acknowledge",
        api::Json::object(),
        [&state](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            api::Alert changed;
            std::vector<api::FieldError> errors;
            if (!api::AlertFromJson(result.value, changed, errors)) return;
            // Shown at once; the status version moves too, and the lists are read again.
            AlertsPageState& page = state.alerts_page;
            page.firing.Replace(changed);
            page.history.Replace(changed);
            page.room_alerts.Replace(changed);
        },
        /*reload_account=*/false);
}

// The button of one alert: admins acknowledge a firing alert; read-only members see it
// disabled with the reason. Nothing for an alert that is not firing.
void AcknowledgeButton(AppState& state, AppController& controller, const api::Alert& alert) {
    if (alert.state != alerts::State::Firing) return;
    const AlertsPageState& page = state.alerts_page;
    bool busy = page.acknowledge.busy();
    if (busy && page.acknowledging == alert.id) {
        Spinner(controller.Now());
        return;
    }
    std::string why_not = ReadOnlyReason(state);
    if (why_not.empty() && busy) why_not = " ";  // one acknowledgement at a time
    if (ActionButton(state.tr("Acknowledge"), why_not)) Acknowledge(state, controller, alert.id);
}

// [SECTION] Words and marks

std::string TimeText(const Translator& tr, Seconds at) {
    return FormatUtcMinuteIn(tr.language(), at);
}

// "12 min", "3 h 5 min", "2 d 4 h".
std::string DurationText(const Translator& tr, Seconds seconds) {
    seconds = std::max<Seconds>(0, seconds);
    if (seconds < kHour) return Format(tr("{0} min"), {std::to_string(seconds / kMinute)});
    if (seconds < kDay) {
        return Format(tr("{0} h {1} min"),
                      {std::to_string(seconds / kHour), std::to_string(seconds % kHour / kMinute)});
    }
    return Format(tr("{0} d {1} h"),
                  {std::to_string(seconds / kDay), std::to_string(seconds % kDay / kHour)});
}

Seconds StartOf(const api::Alert& alert) {
    return alert.started_at ? *alert.started_at : alert.pending_since;
}

// "18 Nov 2026 10:05 (12 min)": since when, and for how long (until now while it is open).
std::string SinceText(const Translator& tr, const api::Alert& alert, double now) {
    Seconds start = StartOf(alert);
    Seconds end = alert.resolved_at ? *alert.resolved_at : static_cast<Seconds>(now);
    return TimeText(tr, start) + " (" + DurationText(tr, end - start) + ")";
}

const char* ReasonLabel(const std::string& reason) {
    if (reason == "license_ended") return "License ended";
    if (reason == "rule_disabled") return "Rule disabled";
    if (reason == "cleared") return "Cleared";
    return "";
}

std::string StateText(const Translator& tr, const api::Alert& alert) {
    switch (alert.state) {
        case alerts::State::Pending:
            return tr("Pending");
        case alerts::State::Firing:
            return tr("Firing");
        case alerts::State::Acknowledged:
            return alert.acknowledged_by_name.empty()
                       ? std::string(tr("Acknowledged"))
                       : Format(tr("Acknowledged by {0}"), {alert.acknowledged_by_name});
        case alerts::State::Resolved: {
            const char* reason = ReasonLabel(alert.resolved_reason);
            std::string text = tr("Resolved");
            if (*reason) text += std::string(" · ") + tr(reason);
            return text;
        }
    }
    return {};
}

std::string ConditionText(const Translator& tr, const api::Alert& alert) {
    std::string text = tr(ConditionLabel(alert.condition));
    if (!alert.serial.empty()) text += " · " + alert.serial;
    return text;
}

// Okabe and Ito's colours (told apart with every common colour-vision deficiency); the word is
// always written on them, in black, which contrasts more than white on each (WCAG).
ImU32 SeverityColour(alerts::Severity severity) {
    switch (severity) {
        case alerts::Severity::Critical:
            return theme::Colors().vermillion;
        case alerts::Severity::Major:
            return theme::Colors().orange;
        case alerts::Severity::Minor:
            return theme::Colors().yellow;
        case alerts::Severity::Warning:
            return theme::Colors().sky_blue;
    }
    return theme::Colors().grey;
}

void SeverityBadge(const Translator& tr, alerts::Severity severity) {
    Badge(tr(SeverityLabel(severity)), SeverityColour(severity));
}

// Flapping and silenced, each a word (with why, on hover).
void Marks(const Translator& tr, const api::Alert& alert) {
    bool first = true;
    auto mark = [&](const char* word, const char* why) {
        if (!first) ImGui::SameLine();
        first = false;
        Badge(tr(word), theme::Colors().light_grey);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(why));
    };
    if (alert.flapping) {
        mark("Flapping",
             "It keeps going on and off: it stays firing and notifies at most once every 30 "
             "minutes.");
    }
    if (alert.silenced) {
        mark("Silenced", "A silence covers this room: the alert is recorded, nothing is sent.");
    }
}

// [SECTION] The alert a link names, expanded

void Select(AppState& state, AppController& controller, Id alert_id) {
    controller.Navigate({Page::Alerts, alert_id ? std::to_string(alert_id) : "", state.account.id});
}

const char* DeliveryStatusLabel(const std::string& status) {
    if (status == "delivered") return "Delivered";
    if (status == "failed") return "Failed";
    if (status == "silenced") return "Silenced";
    return "Pending";
}

void DrawDeliveries(const AppState& state, const api::Alert& alert) {
    const Translator& tr = state.tr;
    TextItem(tr("Deliveries"));
    if (alert.deliveries.empty()) {
        MutedText(tr("No notification was queued for this alert."));
        return;
    }
    if (!BeginListTable(tr, "deliveries",
                        {{"Channel", 1.2f},
                         {"Notification", 0.8f},
                         {"State", 0.7f},
                         {"Attempts", 0.6f},
                         {"Last error", 1.4f},
                         {"Reference", 1.2f},
                         {"Delivered", 1.0f}})) {
        return;
    }
    int row = 0;
    for (const api::AlertDelivery& delivery : alert.deliveries) {
        ImGui::PushID(row++);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        TextItem(delivery.channel_name.empty() ? "#" + std::to_string(delivery.channel_id)
                                               : delivery.channel_name);
        ImGui::TableNextColumn();
        TextItem(tr(delivery.kind == "resolved" ? "Resolved" : "Firing"));
        ImGui::TableNextColumn();
        TextItem(tr(DeliveryStatusLabel(delivery.status)));
        ImGui::TableNextColumn();
        TextItem(std::to_string(delivery.attempts));
        ImGui::TableNextColumn();
        if (!delivery.last_error.empty()) {
            ImGui::PushTextWrapPos(0.0f);
            TextItem(delivery.last_error);
            ImGui::PopTextWrapPos();
        }
        ImGui::TableNextColumn();
        if (!delivery.external_id.empty()) TextItem(delivery.external_id);
        ImGui::TableNextColumn();
        if (delivery.delivered_at) TextItem(TimeText(tr, *delivery.delivered_at));
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void DrawAlertDetail(AppState& state, AppController& controller, const api::Alert& alert) {
    const Translator& tr = state.tr;
    BeginPanel(state, "alert-detail", (ConditionText(tr, alert) + " · " + alert.room_name).c_str());
    MutedText(Format(tr("Alert {0}"), {std::to_string(alert.id)}) + " · " +
              Format(tr("Rule: {0}"), {alert.rule_name.empty() ? std::string(tr("(deleted rule)"))
                                                               : alert.rule_name}) +
              (alert.site.empty() ? "" : " · " + alert.site));
    SeverityBadge(tr, alert.severity);
    ImGui::SameLine();
    TextItem(StateText(tr, alert));
    if (alert.flapping || alert.silenced) {
        ImGui::SameLine();
        Marks(tr, alert);
    }
    if (!alert.serial.empty()) TextItem(Format(tr("Device: {0}"), {alert.serial}));
    TextItem(Format(tr("Started: {0}"), {SinceText(tr, alert, controller.EpochSeconds())}));
    if (alert.acknowledged_at) {
        std::string who = alert.acknowledged_by_name.empty() ? std::string(tr("someone"))
                                                             : alert.acknowledged_by_name;
        TextItem(
            Format(tr("Acknowledged by {0}: {1}"), {who, TimeText(tr, *alert.acknowledged_at)}));
    }
    if (alert.resolved_at) {
        std::string text = TimeText(tr, *alert.resolved_at);
        const char* reason = ReasonLabel(alert.resolved_reason);
        if (*reason) text += std::string(" · ") + tr(reason);
        TextItem(Format(tr("Resolved: {0}"), {text}));
    }
    ImGui::Spacing();
    DrawDeliveries(state, alert);
    ImGui::Spacing();
    ImGui::PushID("detail");
    AcknowledgeButton(state, controller, alert);
    if (alert.state == alerts::State::Firing) ImGui::SameLine();
    if (ImGui::Button(tr("Close"))) Select(state, controller, 0);
    ImGui::PopID();
    EndPanel();
}

// The route's alert: found in the lists loaded (the history holds every state when a link
// opens the page), or said missing once they are in.
void DrawRoutedAlert(AppState& state, AppController& controller, Id alert_id) {
    AlertsPageState& page = state.alerts_page;
    const api::Alert* alert = page.firing.Find(alert_id);
    if (!alert) alert = page.history.Find(alert_id);
    if (alert) {
        DrawAlertDetail(state, controller, *alert);
    } else if (page.firing.list.loading() || page.history.list.loading() ||
               !page.history.list.has_value()) {
        MutedText(state.tr("Loading the alert…"));
    } else {
        MutedText(state.tr("This alert is not in this account."));
    }
    ImGui::Spacing();
}

// [SECTION] The tables

void DrawAlertTable(AppState& state, AppController& controller, const char* id,
                    const std::vector<api::Alert>& alerts, Id selected, bool history) {
    const Translator& tr = state.tr;
    double now = controller.EpochSeconds();
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable;
    int columns = history ? 9 : 8;
    if (!ImGui::BeginTable(id, columns, flags)) return;
    ImGui::TableSetupColumn(tr("Room"), 0, 1.2f);
    ImGui::TableSetupColumn(tr("Site"), 0, 1.1f);
    ImGui::TableSetupColumn(tr("Condition"), 0, 1.9f);
    ImGui::TableSetupColumn(tr("Severity"), 0, 0.8f);
    ImGui::TableSetupColumn(tr("Since"), 0, 1.5f);
    if (history) ImGui::TableSetupColumn(tr("Ended at"), 0, 1.1f);
    ImGui::TableSetupColumn(tr("State"), 0, 1.8f);
    // Headers drawn empty, named for screen readers.
    ImGui::TableSetupColumn(tr("Marks"), ImGuiTableColumnFlags_NoHeaderLabel, 0.7f);
    // Acknowledge, and Open ticket for the room of an open alert (issue 14).
    ImGui::TableSetupColumn(tr("Actions"),
                            ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoHeaderLabel,
                            ImGui::CalcTextSize(tr("Acknowledge")).x +
                                ImGui::CalcTextSize(tr("Open ticket")).x + 40.0f);
    HeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(alerts.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const api::Alert& alert = alerts[static_cast<size_t>(i)];
            ImGui::PushID(static_cast<int>(alert.id));
            ImGui::TableNextRow();
            a11y::TableRow(i, static_cast<int>(alerts.size()));
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            // A click opens the alert with its deliveries (and its address), another closes it.
            bool open = alert.id == selected;
            std::string room =
                alert.room_name.empty() ? "#" + std::to_string(alert.room_id) : alert.room_name;
            if (ImGui::Selectable(
                    room.c_str(), open,
                    ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap)) {
                Select(state, controller, open ? 0 : alert.id);
            }
            ImGui::TableNextColumn();
            TextItem(alert.site);
            ImGui::TableNextColumn();
            TextItem(ConditionText(tr, alert));
            ImGui::TableNextColumn();
            SeverityBadge(tr, alert.severity);
            ImGui::TableNextColumn();
            TextItem(SinceText(tr, alert, now));
            if (history) {
                ImGui::TableNextColumn();
                if (alert.resolved_at) TextItem(TimeText(tr, *alert.resolved_at));
            }
            ImGui::TableNextColumn();
            TextItem(StateText(tr, alert));
            ImGui::TableNextColumn();
            Marks(tr, alert);
            ImGui::TableNextColumn();
            AcknowledgeButton(state, controller, alert);
            if (alert.state == alerts::State::Firing ||
                alert.state == alerts::State::Acknowledged) {
                if (alert.state == alerts::State::Firing) ImGui::SameLine();
                OpenTicketButton(state, controller, alert.room_id);
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void DrawFiring(AppState& state, AppController& controller, Id selected) {
    AlertsPageState& page = state.alerts_page;
    if (!DrawRemoteStatus(state, page.firing.list, "the alerts", controller)) return;
    const std::vector<api::Alert>& alerts = page.firing.list.value->alerts;
    if (alerts.empty()) {
        if (EmptyState(state, "Nothing is firing: every room is as it should be.",
                       "Alerts appear here while a rule finds a room offline, a device missing "
                       "or a threshold crossed. Rules decide what raises an alert.",
                       "See alert rules")) {
            page.tab = AlertsTab::Rules;
        }
        return;
    }
    DrawAlertTable(state, controller, "firing", alerts, selected, /*history=*/false);
}

void DrawHistory(AppState& state, AppController& controller, Id selected) {
    AlertsPageState& page = state.alerts_page;
    const Translator& tr = state.tr;
    ImGui::AlignTextToFramePadding();
    TextItem(tr("State"));
    ImGui::SameLine();
    RadioChoice(tr("All"), page.filter, AlertsFilter::All);
    RadioChoice(tr("Firing"), page.filter, AlertsFilter::Firing);
    RadioChoice(tr("Acknowledged"), page.filter, AlertsFilter::Acknowledged);
    RadioChoice(tr("Resolved"), page.filter, AlertsFilter::Resolved);
    ImGui::Dummy(ImVec2(16.0f, 0));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(220.0f);
    std::string preview = tr("All rooms");
    for (const RoomRow& row : page.rooms) {
        if (row.room_id == page.filter_room) preview = row.name;
    }
    if (ImGui::BeginCombo("##history-room", preview.c_str())) {
        if (ImGui::Selectable(tr("All rooms"), page.filter_room == 0)) page.filter_room = 0;
        for (const RoomRow& row : page.rooms) {
            ImGui::PushID(static_cast<int>(row.room_id));
            if (ImGui::Selectable(row.name.c_str(), page.filter_room == row.room_id)) {
                page.filter_room = row.room_id;
            }
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    NameLastItem(tr("Room"));
    LoadHistory(state, controller);  // another filter, another question
    if (!DrawRemoteStatus(state, page.history.list, "the alert history", controller)) return;
    const std::vector<api::Alert>& alerts = page.history.list.value->alerts;
    if (alerts.empty()) {
        MutedText(tr("No alert matches these filters."));
        return;
    }
    DrawAlertTable(state, controller, "history", alerts, selected, /*history=*/true);
}

void DrawLocked(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    const Translator& tr = state.tr;
    if (!DrawRemoteStatus(state, page.firing.list, "the alerts", controller)) return;
    const std::vector<api::LockedRoom>& locked = page.firing.list.value->locked_rooms;
    if (locked.empty()) {
        MutedText(tr("Every room of this account has Alerts."));
        return;
    }
    ImGui::PushTextWrapPos(0.0f);
    MutedText(tr("Assign a Sync Plus or Select license to a room to get its alerts (R-GATE-2)."));
    ImGui::PopTextWrapPos();
    std::string why_not = ReadOnlyReason(state);
    for (const api::LockedRoom& room : locked) {
        ImGui::PushID(static_cast<int>(room.id));
        ImGui::AlignTextToFramePadding();
        std::string name = room.site.empty() ? room.name : room.name + " · " + room.site;
        TextItem(Format(tr("{0} · Locked"), {name}));
        ImGui::SameLine();
        if (ActionButton(tr("Assign license"), why_not)) OpenAssign(state, controller, room.id);
        ImGui::PopID();
    }
}

// [SECTION] The page

int OpenAlerts(const AlertsPageState& page) {
    if (!page.firing.list.value) return -1;
    return static_cast<int>(page.firing.list.value->alerts.size());
}

void DrawTabs(AppState& state) {
    AlertsPageState& page = state.alerts_page;
    const Translator& tr = state.tr;
    struct Tab {
        const char* label;
        AlertsTab tab;
    };
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.5f, 0.5f));
    bool first = true;
    for (const Tab& tab :
         {Tab{"Firing", AlertsTab::Firing}, Tab{"History", AlertsTab::History},
          Tab{"Rules", AlertsTab::Rules}, Tab{"Channels", AlertsTab::Channels},
          Tab{"Silences", AlertsTab::Silences}, Tab{"Locked rooms", AlertsTab::Locked}}) {
        if (!first) ImGui::SameLine(0, 6.0f);
        first = false;
        const char* label = tr(tab.label);
        bool current = page.tab == tab.tab;
        ImVec2 size(ImGui::CalcTextSize(label).x + 24.0f, ImGui::GetFrameHeight());
        if (ImGui::Selectable(label, current, 0, size)) page.tab = tab.tab;
        if (current) {
            // An accent bar under the current tab, for those who cannot tell the tint apart.
            ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(min.x, max.y - 3), max,
                                                      ImGui::GetColorU32(theme::Colors().accent));
        }
    }
    ImGui::PopStyleVar();
}

}  // namespace

std::span<const TextPair> AlertsTexts() {
    return kTexts;
}

const char* ConditionLabel(alerts::Condition condition) {
    switch (condition) {
        case alerts::Condition::DeviceOffline:
            return "Device offline";
        case alerts::Condition::RoomOffline:
            return "Room offline";
        case alerts::Condition::NoTelemetry:
            return "No telemetry";
        case alerts::Condition::OverCapacity:
            return "Over capacity";
    }
    return "";
}

const char* SeverityLabel(alerts::Severity severity) {
    switch (severity) {
        case alerts::Severity::Critical:
            return "Critical";
        case alerts::Severity::Major:
            return "Major";
        case alerts::Severity::Minor:
            return "Minor";
        case alerts::Severity::Warning:
            return "Warning";
    }
    return "";
}

const std::vector<RoomRow>& AlertRooms(AppState& state, AppController& controller) {
    RebuildRooms(state, controller);
    return state.alerts_page.rooms;
}

void AnnounceNewAlerts(AppState& state, AppController& controller,
                       const telemetry::StatusDocument& before) {
    if (!state.live.status.value || state.account.id == 0) return;
    std::map<Id, int> was;
    for (const telemetry::RoomStatus& room : before.rooms) was[room.room_id] = room.alerts_firing;
    std::set<Id> rose;
    for (const telemetry::RoomStatus& room : state.live.status.value->rooms) {
        auto it = was.find(room.room_id);
        if (room.alerts_firing > (it == was.end() ? 0 : it->second)) rose.insert(room.room_id);
    }
    if (rose.empty()) return;
    AlertListLoad& load = state.alerts_page.firing;
    std::string path = AccountPath(state.account.id, "/alerts?state=firing");
    // The alerts already known to fire are not news; without a list, those that started
    // before the last status was written are not either.
    bool had_list = load.list.value && load.path == path;
    std::set<Id> known;
    if (had_list) {
        for (const api::Alert& alert : load.list.value->alerts) known.insert(alert.id);
    }
    if (load.list.loading()) return;  // its answer is the page's: no sentence this time
    if (load.path != path) load.list.Reset();
    load.path = path;
    load.version = StatusVersion(state);
    load.stale = false;
    Seconds since = before.at;
    controller.FetchJson(
        load.list, path,
        [&state, &controller, &list = load.list, rose, known, had_list, since](
            const api::Json& json, std::vector<api::FieldError>& errors) {
            api::AlertList answer;
            if (!api::AlertListFromJson(json, answer, errors)) return false;
            for (const api::Alert& alert : answer.alerts) {
                bool news = alert.state == alerts::State::Firing && rose.count(alert.room_id) &&
                            !known.count(alert.id) &&
                            (had_list || !alert.started_at || *alert.started_at >= since);
                if (!news) continue;
                std::string room =
                    alert.room_name.empty() ? "#" + std::to_string(alert.room_id) : alert.room_name;
                std::string rule = alert.rule_name.empty()
                                       ? state.tr(ConditionLabel(alert.condition))
                                       : alert.rule_name;
                controller.Announce(Format(state.tr("Alert: {0} — {1}"), {room, rule}), true);
            }
            list.value = std::move(answer);
            return true;
        });
}

int FiringAlertCount(const AppState& state) {
    if (!state.live.status.value) return -1;
    int count = 0;
    for (const telemetry::RoomStatus& room : state.live.status.value->rooms) {
        count += room.alerts_firing;
    }
    return count;
}

std::string FiringAlertsText(const Translator& tr, int count) {
    if (count <= 0) return tr("No alert firing.");
    if (count == 1) return tr("1 alert firing");
    return Format(tr("{0} alerts firing"), {std::to_string(count)});
}

void DrawFormProblems(const Translator& tr, const std::vector<FormProblem>& problems,
                      const Submission& submission, const char* field) {
    // The field (the last item) says its first error; the others are drawn under it.
    bool said = false;
    auto show = [&](const std::string& text) {
        if (said) {
            ErrorText(text);
        } else {
            FieldErrorText(text);
            said = true;
        }
    };
    for (const FormProblem& problem : problems) {
        if (problem.field == field) show(Format(tr(problem.message), {problem.arg}));
    }
    if (const std::string* refused = submission.FieldError(field)) show(*refused);
}

std::string TrimmedText(const char* text) {
    std::string out = text;
    size_t start = out.find_first_not_of(" \t\r\n");
    if (start == std::string::npos) return {};
    size_t end = out.find_last_not_of(" \t\r\n");
    return out.substr(start, end - start + 1);
}

void CopyToBuffer(char* out, size_t size, const std::string& text) {
    size_t length = std::min(text.size(), size - 1);
    std::copy_n(text.data(), length, out);
    out[length] = '\0';
}

void DrawAlertBadge(const AppState& state, Id room_id) {
    const telemetry::RoomStatus* status = state.live.Room(room_id);
    if (!status || status->alerts_firing <= 0) return;
    const Translator& tr = state.tr;
    alerts::Severity severity = alerts::Severity::Major;
    alerts::ParseSeverity(status->alert_severity, severity);
    std::string word = tr(SeverityLabel(severity));
    std::string text =
        status->alerts_firing == 1
            ? Format(tr("Alert · {0}"), {word})
            : Format(tr("{0} alerts · {1}"), {std::to_string(status->alerts_firing), word});
    ImGui::SameLine();
    Badge(text, SeverityColour(severity));
}

void DrawRoomAlerts(AppState& state, AppController& controller, Id room_id, bool entitled) {
    AlertsPageState& page = state.alerts_page;
    const Translator& tr = state.tr;
    TextItem(tr("Room alerts"));
    if (!entitled) MutedText(tr("This room has no Alerts license: it raises none (R-GATE-2)."));
    if (page.room_alerts_for != room_id) {
        page.room_alerts.Reset();
        page.room_alerts_for = room_id;
    }
    Load(controller, page.room_alerts,
         AccountPath(state.account.id, "/alerts?state=all&roomId=" + std::to_string(room_id)),
         StatusVersion(state));
    if (!DrawRemoteStatus(state, page.room_alerts.list, "the room's alerts", controller)) return;
    const std::vector<api::Alert>& alerts = page.room_alerts.list.value->alerts;
    if (alerts.empty()) {
        MutedText(tr("No alert for this room yet."));
        return;
    }
    double now = controller.EpochSeconds();
    for (size_t i = 0; i < alerts.size() && i < kRoomAlertsShown; ++i) {
        const api::Alert& alert = alerts[i];
        ImGui::PushID(static_cast<int>(alert.id));
        SeverityBadge(tr, alert.severity);
        ImGui::SameLine();
        // Opens the Alerts page on this alert, with its deliveries.
        std::string line = ConditionText(tr, alert) + " · " + StateText(tr, alert) + " · " +
                           SinceText(tr, alert, now);
        if (ImGui::Selectable(line.c_str())) Select(state, controller, alert.id);
        ImGui::PopID();
    }
}

void DrawAlertsPage(AppState& state, AppController& controller) {
    AlertsPageState& page = state.alerts_page;
    const Translator& tr = state.tr;
    HeadingItem(state, tr("Alerts"), 1);
    if (!DrawRemoteStatus(state, state.account.state, "the rooms", controller)) return;
    if (!state.catalogue.value) return;
    RebuildRooms(state, controller);
    if (std::string filter = state.TakeRouteFilter(Page::Alerts); !filter.empty()) {
        page.route_filter = std::move(filter);
        page.tab = AlertsTab::Firing;
    }

    // A link to one alert (from a mail) shows it whatever the tab; the history is read with
    // every state, so that a resolved one is found too.
    Id selected = ParseId(state.route.detail);
    if (page.shown_detail != state.route.detail) {
        page.shown_detail = state.route.detail;
        if (selected != 0) {
            page.filter = AlertsFilter::All;
            page.filter_room = 0;
        }
    }
    LoadFiring(state, controller);
    bool found_firing = selected != 0 && page.firing.Find(selected);
    if (page.tab == AlertsTab::History ||
        (selected != 0 && !found_firing && !page.firing.list.loading())) {
        LoadHistory(state, controller);
    }

    int open = OpenAlerts(page);
    if (open >= 0) MutedText(FiringAlertsText(tr, open));
    DrawTabs(state);
    if (page.tab != AlertsTab::Firing) page.route_filter.clear();
    if (!page.route_filter.empty() && DrawFilterChip(state, controller, page.route_filter)) {
        page.route_filter.clear();
    }
    ImGui::Separator();
    ImGui::Spacing();
    ImGui::BeginChild("alerts", ImVec2(0, 0), 0);
    if (selected != 0) DrawRoutedAlert(state, controller, selected);
    switch (page.tab) {
        case AlertsTab::Firing:
            DrawFiring(state, controller, selected);
            break;
        case AlertsTab::History:
            DrawHistory(state, controller, selected);
            break;
        case AlertsTab::Rules:
            DrawAlertRules(state, controller);
            break;
        case AlertsTab::Channels:
            DrawAlertChannels(state, controller);
            break;
        case AlertsTab::Silences:
            DrawSilences(state, controller);
            break;
        case AlertsTab::Locked:
            DrawLocked(state, controller);
            break;
    }
    SubmissionError(state, page.acknowledge);
    ImGui::EndChild();
}

}  // namespace portal::app
