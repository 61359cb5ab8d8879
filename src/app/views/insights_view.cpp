// Insights: how the account's licensed rooms are used, live and over time (R-GATE-1). The user
// picks rooms (locked ones say how to unlock them), compares them by room or by site over a
// range at an hourly or daily resolution, and reads one metric as a time series, meeting hours
// as bars and occupancy by hour of the week as a heatmap; the points shown download as CSV.
// Admins also manage the agent tokens that post the rooms' telemetry. The live status strip,
// and the Rooms table's status and sparklines, read what the app's long-poll loop keeps.
#include <imgui.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "api/insights_json.h"
#include "api/telemetry_json.h"
#include "app/a11y.h"
#include "app/charts.h"
#include "app/theme.h"
#include "app/views/views.h"
#include "app/widgets.h"
#include "core/csv.h"

namespace portal::app {

namespace {

constexpr TextPair kTexts[] = {
    {"A room's agent sends its telemetry with an agent token (Agent tokens, below); the charts "
     "fill in as it arrives. Pick a longer range, or connect the room's agent.",
     "L'agent d'une salle envoie sa télémétrie avec un jeton d'agent (Jetons d'agent, ci-dessous) "
     "; "
     "les graphiques se remplissent à mesure. Choisissez une période plus longue, ou connectez "
     "l'agent de la salle."},
    // Empty pages: what they will hold and the action that fills them (issue 16).
    {"Insights shows how rooms are used (meetings, people, devices) once rooms are added and "
     "licensed.",
     "Insights montre l'usage des salles (réunions, personnes, appareils) une fois les salles "
     "ajoutées et sous licence."},
    {"Add rooms", "Ajouter des salles"},
    {"A room gets Insights with a Select or Sync Plus license (R-GATE-1); its agent then sends the "
     "data shown here.",
     "Une salle obtient Insights avec une licence Select ou Sync Plus (R-GATE-1) ; son agent "
     "envoie alors les données affichées ici."},
    {"Assign licenses on Rooms", "Attribuer des licences dans Salles"},
    {"A room agent sends its room's telemetry with a token: create one with Create agent token "
     "above and give it to the agent.",
     "Un agent de salle envoie la télémétrie de sa salle avec un jeton : créez-en un avec Créer un "
     "jeton d'agent ci-dessus et donnez-le à l'agent."},
    {"Insights", "Insights"},
    {"Rooms", "Salles"},
    {"Sites", "Sites"},
    {"Compare", "Comparer"},
    {"Range", "Période"},
    {"24 h", "24 h"},
    {"7 d", "7 j"},
    {"30 d", "30 j"},
    {"90 d", "90 j"},
    {"12 months", "12 mois"},
    {"Custom", "Personnalisée"},
    {"From (YYYY-MM-DD)", "Du (AAAA-MM-JJ)"},
    {"To (YYYY-MM-DD)", "Au (AAAA-MM-JJ)"},
    {"Apply", "Appliquer"},
    {"Enter two dates as YYYY-MM-DD, the second not before the first.",
     "Saisissez deux dates au format AAAA-MM-JJ, la seconde pas avant la première."},
    {"Resolution", "Résolution"},
    {"Hour", "Heure"},
    {"Day", "Jour"},
    {"Metric", "Mesure"},
    {"Occupancy %", "Occupation %"},
    {"People", "Personnes"},
    {"Utilisation %", "Utilisation %"},
    {"Meeting hours", "Heures de réunion"},
    {"Occupancy (%)", "Occupation (%)"},
    {"Utilisation (%)", "Utilisation (%)"},
    {"Hours", "Heures"},
    {"Occupancy chart", "Graphique d'occupation"},
    {"Hour of week", "Heure de la semaine"},
    {"The hour of the week is drawn from hourly data: choose the Hour resolution.",
     "L'heure de la semaine se calcule sur des données horaires : choisissez la résolution "
     "Heure."},
    {"Download CSV", "Télécharger le CSV"},
    {"Rooms with Insights", "Salles avec Insights"},
    {"Locked", "Verrouillée"},
    {"{0} · Locked", "{0} · Verrouillée"},
    {"Assign a Sync Plus or Select license to this room to unlock Insights (R-GATE-1).",
     "Attribuez une licence Sync Plus ou Select à cette salle pour débloquer Insights "
     "(R-GATE-1)."},
    {"Assign license", "Attribuer une licence"},
    {"No room of this account has Insights yet.", "Aucune salle de ce compte n'a encore Insights."},
    {"This account has no room yet.", "Ce compte n'a pas encore de salle."},
    {"Pick at least one room to see its Insights.",
     "Choisissez au moins une salle pour voir ses Insights."},
    {"No data in this range yet.", "Pas encore de données sur cette période."},
    {"Insights are locked for a room you picked: its license has ended.",
     "Insights est verrouillé pour une salle choisie : sa licence a pris fin."},
    {"the insights", "les données Insights"},
    {"Live status", "État en direct"},
    {"Status", "Statut"},
    {"Last 7 days", "7 derniers jours"},
    {"Free", "Libre"},
    {"In a meeting", "En réunion"},
    {"Occupied", "Occupée"},
    {"Offline", "Hors ligne"},
    {"Unknown", "Inconnu"},
    {"{0} people", "{0} personnes"},
    {"{0}: {1}", "{0} : {1}"},
    {"Mon", "lun."},
    {"Tue", "mar."},
    {"Wed", "mer."},
    {"Thu", "jeu."},
    {"Fri", "ven."},
    {"Sat", "sam."},
    {"Sun", "dim."},
    {"Jan", "janv."},
    {"Feb", "févr."},
    {"Mar", "mars"},
    {"Apr", "avr."},
    {"May", "mai"},
    {"Jun", "juin"},
    {"Jul", "juil."},
    {"Aug", "août"},
    {"Sep", "sept."},
    {"Oct", "oct."},
    {"Nov", "nov."},
    {"Dec", "déc."},
    {"No data", "Pas de données"},
    // Charts for everyone (issue 17): a sentence each, a table instead, buttons for the view.
    {"Occupancy", "Occupation"},
    {"Utilisation", "Utilisation"},
    {"{0}, {1} – {2}: highest {3} ({4}, {5}), average {6}.",
     "{0}, {1} – {2} : maximum {3} ({4}, {5}), moyenne {6}."},
    {"{0}, {1} – {2}: no data.", "{0}, {1} – {2} : pas de données."},
    {"Meeting hours per day", "Heures de réunion par jour"},
    {"Meeting hours per week", "Heures de réunion par semaine"},
    {"Meeting hours per month", "Heures de réunion par mois"},
    {"{0}, {1} – {2}: highest {3} on {4} ({5}), average {6}.",
     "{0}, {1} – {2} : maximum {3} le {4} ({5}), moyenne {6}."},
    {"Mean occupancy by hour of the week: highest {0} on {1}, average {2}.",
     "Occupation moyenne par heure de la semaine : maximum {0} le {1}, moyenne {2}."},
    {"{0}: no data.", "{0} : pas de données."},
    {"Occupancy, last 7 days", "Occupation, 7 derniers jours"},
    {"Occupancy, last 7 days: average {0}, highest {1}",
     "Occupation, 7 derniers jours : moyenne {0}, maximum {1}"},
    {"Show as table", "Afficher en tableau"},
    {"Show as chart", "Afficher en graphique"},
    {"Zoom in", "Zoom avant"},
    {"Zoom out", "Zoom arrière"},
    {"← Earlier", "← Plus tôt"},
    {"Later →", "Plus tard →"},
    {"Reset", "Réinitialiser"},
    {"Time", "Heure"},
    {"Period", "Période"},
    {"Room", "Salle"},
    {"Site", "Site"},
    // Agent tokens
    {"Agent tokens", "Jetons d'agent"},
    {"The agents in your rooms post their telemetry with a token of this account.",
     "Les agents de vos salles envoient leur télémétrie avec un jeton de ce compte."},
    {"Token name", "Nom du jeton"},
    {"Create agent token", "Créer un jeton d'agent"},
    {"New token for {0}:", "Nouveau jeton pour {0} :"},
    {"Copy", "Copier"},
    {"Copy it now: it will not be shown again.", "Copiez-le maintenant : il ne sera plus affiché."},
    {"Done", "Terminé"},
    {"the agent tokens", "les jetons d'agent"},
    {"No agent token yet.", "Aucun jeton d'agent pour l'instant."},
    {"Name", "Nom"},
    {"Created", "Créé le"},
    {"Last used", "Dernière utilisation"},
    {"Never", "Jamais"},
    {"Revoked", "Révoqué"},
    {"Active", "Actif"},
    {"Revoke", "Révoquer"},
    {"(unnamed)", "(sans nom)"},
    {"Agent tokens are managed by the account's admins.",
     "Les jetons d'agent sont gérés par les administrateurs du compte."},
};

constexpr long long kHour = 3600;
constexpr long long kDay = 86400;
constexpr double kNoData = std::numeric_limits<double>::quiet_NaN();

// ---------------------------------------------------------------------------------------------
// [SECTION] The choice: rooms, range, resolution

long long RangeSeconds(InsightsRange range) {
    switch (range) {
        case InsightsRange::Day:
            return kDay;
        case InsightsRange::Week:
            return 7 * kDay;
        case InsightsRange::Month:
            return 30 * kDay;
        case InsightsRange::Quarter:
            return 90 * kDay;
        case InsightsRange::Year:
            return 365 * kDay;
        case InsightsRange::Custom:
            break;
    }
    return 7 * kDay;
}

// Hourly points up to a week, daily ones beyond: both stay a readable number of points.
InsightsResolution AutoResolution(long long seconds) {
    return seconds <= 7 * kDay ? InsightsResolution::Hour : InsightsResolution::Day;
}

// A preset ends at the next full hour, so that the request (and its URL) stays the same from
// one frame to the next.
void MoveToNow(InsightsPageState& page, double epoch_seconds) {
    long long now = static_cast<long long>(epoch_seconds);
    page.to = (now + kHour - 1) / kHour * kHour;
    page.from = page.to - RangeSeconds(page.range);
}

void PickRange(InsightsPageState& page, InsightsRange range, double epoch_seconds) {
    page.range = range;
    MoveToNow(page, epoch_seconds);
    page.resolution = AutoResolution(page.to - page.from);
    page.view.Fit();
}

// Custom: whole UTC days from the first date to the second, both included.
bool ApplyCustomRange(InsightsPageState& page) {
    Date from, to;
    if (!ParseDate(page.custom_from, from) || !ParseDate(page.custom_to, to) || to < from) {
        page.custom_error = "Enter two dates as YYYY-MM-DD, the second not before the first.";
        return false;
    }
    page.custom_error.clear();
    page.from = static_cast<long long>(from.days) * kDay;
    page.to = static_cast<long long>(to.days + 1) * kDay;
    page.resolution = AutoResolution(page.to - page.from);
    page.view.Fit();
    return true;
}

void CopyDate(char* out, size_t size, long long seconds) {
    std::string text = FormatDate(Date{static_cast<int>(seconds / kDay)});
    std::snprintf(out, size, "%s", text.c_str());
}

const RoomRow* FindRow(const InsightsPageState& page, Id room_id) {
    for (const RoomRow& row : page.rooms) {
        if (row.room_id == room_id) return &row;
    }
    return nullptr;
}

// The rooms and what each may show, from the account's state; a room that lost its license
// leaves the selection (R-GATE-3). The first few rooms with Insights are chosen until the user
// picks.
void RebuildRooms(AppState& state, AppController& controller) {
    InsightsPageState& page = state.insights_page;
    // A preset ends now: opened again later, it moves on (the request was forgotten).
    if (page.from == 0) PickRange(page, InsightsRange::Week, controller.EpochSeconds());
    if (page.insights_path.empty() && page.range != InsightsRange::Custom &&
        !page.selected.empty()) {
        MoveToNow(page, controller.EpochSeconds());
    }
    if (page.rooms_from == state.account.version && !page.rooms.empty()) return;
    page.rooms =
        BuildRoomRows(*state.account.state.value, *state.catalogue.value, controller.Today());
    std::sort(page.rooms.begin(), page.rooms.end(),
              [](const RoomRow& a, const RoomRow& b) { return a.name < b.name; });
    page.rooms_from = state.account.version;
    std::set<Id> still;
    for (Id id : page.selected) {
        const RoomRow* row = FindRow(page, id);
        if (row && row->insights) still.insert(id);
    }
    page.selected.swap(still);
    if (!page.selection_made && page.selected.empty()) {
        constexpr size_t kDefaultRooms = 4;
        for (const RoomRow& row : page.rooms) {
            if (row.insights && page.selected.size() < kDefaultRooms)
                page.selected.insert(row.room_id);
        }
    }
}

std::string InsightsPath(const AppState& state) {
    const InsightsPageState& page = state.insights_page;
    std::string rooms;
    for (Id id : page.selected) {
        if (!rooms.empty()) rooms += ",";
        rooms += std::to_string(id);
    }
    return AccountPath(state.account.id,
                       "/insights?rooms=" + rooms + "&from=" + telemetry::FormatUtcTime(page.from) +
                           "&to=" + telemetry::FormatUtcTime(page.to) + "&resolution=" +
                           (page.resolution == InsightsResolution::Hour ? "hour" : "day"));
}

// Asks for the series when the choice changed; only rooms with Insights are ever asked for.
void LoadInsights(AppState& state, AppController& controller) {
    InsightsPageState& page = state.insights_page;
    if (page.selected.empty()) return;
    std::string path = InsightsPath(state);
    if (path == page.insights_path && page.insights.status != RequestStatus::Idle) return;
    page.insights.Reset();
    page.insights_path = path;
    page.locked_by_server = false;
    page.view.Fit();
    controller.FetchJson(page.insights, path,
                         [&page](const api::Json& json, std::vector<api::FieldError>& errors) {
                             api::Insights insights;
                             if (!api::InsightsFromJson(json, insights, errors)) return false;
                             page.insights.value = std::move(insights);
                             ++page.data_generation;
                             return true;
                         });
}

// R-GATE-1: the server refused a room the page believed licensed (the license ended since the
// account was loaded). That is the locked state, not a failure.
bool RefusedByGate(const InsightsPageState& page) {
    return page.insights.status == RequestStatus::Failed &&
           page.insights.failure == api::Failure::Http && page.insights.error.status == 403 &&
           page.insights.error.rule == "R-GATE-1";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] What is drawn, derived from the answer (when the data or the choice changes)

double MetricOf(const api::InsightsPoint& point, InsightsMetric metric) {
    switch (metric) {
        case InsightsMetric::Occupancy:
            return point.occupancy;
        case InsightsMetric::People:
            return point.people_mean;
        case InsightsMetric::Utilisation:
            return point.utilisation;
        case InsightsMetric::MeetingHours:
            return point.meeting_minutes / 60.0;
    }
    return 0;
}

// Shares average over the rooms of a site; counts add up.
bool MetricAdds(InsightsMetric metric) {
    return metric == InsightsMetric::People || metric == InsightsMetric::MeetingHours;
}

long long LocalDay(long long t, int offset_minutes) {
    long long local = t + offset_minutes * 60LL;
    return local >= 0 ? local / kDay : -((-local + kDay - 1) / kDay);
}

// Bars per day up to a month, per week up to half a year, per month beyond.
std::string BarLabel(long long day, long long range_days, long long& key) {
    Date date{static_cast<int>(day)};
    int year = 0, month = 0, mday = 0;
    char text[16];
    if (range_days <= 31) {
        key = day;
        YmdFromDate(date, year, month, mday);
        std::snprintf(text, sizeof text, "%02d/%02d", mday, month);
    } else if (range_days <= 183) {
        long long monday = day - ((day + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
        key = monday;
        YmdFromDate(Date{static_cast<int>(monday)}, year, month, mday);
        std::snprintf(text, sizeof text, "%02d/%02d", mday, month);
    } else {
        YmdFromDate(date, year, month, mday);
        key = year * 12LL + month;
        std::snprintf(text, sizeof text, "%02d/%04d", month, year);
    }
    return text;
}

void BuildCharts(AppState& state) {
    InsightsPageState& page = state.insights_page;
    if (page.built_from == page.data_generation && page.built_metric == page.metric &&
        page.built_compare == page.compare) {
        return;
    }
    page.built_from = page.data_generation;
    page.built_metric = page.metric;
    page.built_compare = page.compare;
    page.series.clear();
    ++page.series_cache.data_revision;
    page.bar_labels.clear();
    page.bar_days.clear();
    page.heatmap.assign(7 * 24, -1.0);
    if (!page.insights.value) return;
    const api::Insights& data = *page.insights.value;
    bool hourly = data.resolution == "hour";
    double gap = (hourly ? kHour : kDay) * 1.5;
    page.utc_offset_minutes = data.rooms.empty() ? 0 : data.rooms.front().utc_offset_minutes;

    // Groups: each room, or each site with the rooms in it.
    std::map<std::string, std::vector<const api::InsightsRoom*>> groups;
    std::vector<std::string> order;
    for (const api::InsightsRoom& room : data.rooms) {
        const RoomRow* row = FindRow(page, room.room_id);
        std::string name = row ? row->name : std::to_string(room.room_id);
        std::string key = page.compare == CompareBy::Sites ? (row ? row->site : "") : name;
        if (page.compare == CompareBy::Sites && key.empty()) key = "—";
        if (!groups.count(key)) order.push_back(key);
        groups[key].push_back(&room);
    }
    long long range_days = std::max(1LL, (data.to - data.from + kDay - 1) / kDay);
    page.bar_period = range_days <= 31    ? InsightsPageState::BarPeriod::Day
                      : range_days <= 183 ? InsightsPageState::BarPeriod::Week
                                          : InsightsPageState::BarPeriod::Month;  // as BarLabel
    std::map<long long, std::pair<std::string, std::vector<double>>> bars;  // key -> label, values
    std::vector<double> heat_sum(7 * 24, 0.0), heat_count(7 * 24, 0.0);
    for (size_t g = 0; g < order.size(); ++g) {
        charts::Series series;
        series.label = order[g];
        series.gap = gap;
        std::map<long long, std::pair<double, int>> at;  // t -> sum, rooms
        for (const api::InsightsRoom* room : groups[order[g]]) {
            for (const api::InsightsPoint& point : room->points) {
                auto& [sum, count] = at[point.t];
                sum += MetricOf(point, page.metric);
                ++count;
                long long day = LocalDay(point.t, room->utc_offset_minutes);
                long long key = 0;
                std::string label = BarLabel(day, range_days, key);
                auto& bar = bars[key];
                bar.first = label;
                bar.second.resize(order.size(), 0.0);
                bar.second[g] += point.meeting_minutes / 60.0;
                if (hourly) {
                    long long local = point.t + room->utc_offset_minutes * 60LL;
                    int weekday = static_cast<int>(((day + 3) % 7 + 7) % 7);  // Monday first
                    int hour = static_cast<int>(((local % kDay) + kDay) % kDay / kHour);
                    heat_sum[weekday * 24 + hour] += point.occupancy;
                    heat_count[weekday * 24 + hour] += 1;
                }
            }
        }
        bool adds = MetricAdds(page.metric);
        for (const auto& [t, value] : at) {
            series.t.push_back(static_cast<double>(t));
            series.v.push_back(adds ? value.first : value.first / value.second);
        }
        page.series.push_back(std::move(series));
        page.bar_labels.push_back(order[g]);
    }
    for (auto& [key, bar] : bars) {
        bar.second.resize(order.size(), 0.0);
        page.bar_days.push_back({bar.first, bar.second});
    }
    for (int cell = 0; cell < 7 * 24; ++cell) {
        if (heat_count[cell] > 0) page.heatmap[cell] = heat_sum[cell] / heat_count[cell];
    }
}

// The points shown: those of the chosen rooms inside the visible range, one line each.
std::string ExportCsv(const InsightsPageState& page) {
    std::string csv = CsvLine({"roomId", "room", "t", "occupancy", "peopleMean", "peoplePeak",
                               "meetingMinutes", "utilisation"});
    if (!page.insights.value) return csv;
    bool zoomed = page.view.to > page.view.from;
    auto number = [](double value) { return api::Json(value).dump(); };
    for (const api::InsightsRoom& room : page.insights.value->rooms) {
        const RoomRow* row = FindRow(page, room.room_id);
        std::string name = row ? row->name : "";
        for (const api::InsightsPoint& point : room.points) {
            double t = static_cast<double>(point.t);
            if (zoomed && (t < page.view.from || t > page.view.to)) continue;
            csv += CsvLine({std::to_string(room.room_id), name, telemetry::FormatUtcTime(point.t),
                            number(point.occupancy), number(point.people_mean),
                            std::to_string(point.people_peak), number(point.meeting_minutes),
                            number(point.utilisation)});
        }
    }
    return csv;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Drawing

const char* StateLabel(telemetry::RoomState state) {
    switch (state) {
        case telemetry::RoomState::Free:
            return "Free";
        case telemetry::RoomState::Meeting:
            return "In a meeting";
        case telemetry::RoomState::Occupied:
            return "Occupied";
        case telemetry::RoomState::Offline:
            return "Offline";
        case telemetry::RoomState::Unknown:
            break;
    }
    return "Unknown";
}

// A room with Insights in the picker: ticked, it is compared.
void DrawLicensedRoom(InsightsPageState& page, const RoomRow& row) {
    ImGui::PushID(static_cast<int>(row.room_id));
    bool on = page.selected.count(row.room_id) > 0;
    if (ImGui::Checkbox(row.name.c_str(), &on)) {
        page.selection_made = true;
        if (on) {
            page.selected.insert(row.room_id);
        } else {
            page.selected.erase(row.room_id);
        }
    }
    if (!row.site.empty()) {
        ImGui::SameLine();
        MutedText(row.site);
    }
    ImGui::PopID();
}

void DrawRoomPicker(AppState& state, AppController& controller) {
    InsightsPageState& page = state.insights_page;
    const Translator& tr = state.tr;
    if (page.rooms.empty()) {
        if (EmptyState(state, "This account has no room yet.",
                       "Insights shows how rooms are used (meetings, people, devices) once "
                       "rooms are added and licensed.",
                       "Add rooms")) {
            controller.Navigate({Page::Rooms, "", state.account.id});
        }
        return;
    }
    std::vector<const RoomRow*> open, locked;
    for (const RoomRow& row : page.rooms) (row.insights ? open : locked).push_back(&row);

    TextItem(tr("Rooms with Insights"));
    if (open.empty() &&
        EmptyState(state, "No room of this account has Insights yet.",
                   "A room gets Insights with a Select or Sync Plus license (R-GATE-1); its "
                   "agent then sends the data shown here.",
                   "Assign licenses on Rooms")) {
        controller.Navigate({Page::Rooms, "", state.account.id});
    }
    // A list box of at most `rows` rows, scrolling beyond.
    auto list_height = [](size_t count, float rows) {
        return std::min(rows, static_cast<float>(count)) * ImGui::GetFrameHeightWithSpacing() +
               ImGui::GetStyle().WindowPadding.y * 2;
    };
    if (!open.empty()) {
        ImGui::BeginChild("licensed", ImVec2(0, list_height(open.size(), 6.0f)),
                          ImGuiChildFlags_Border);
        if (BeginListRows("licensed-rows")) {
            ImGuiListClipper clipper;
            clipper.Begin(static_cast<int>(open.size()));
            while (clipper.Step()) {
                for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                    ListRow(i, static_cast<int>(open.size()));
                    DrawLicensedRoom(page, *open[i]);
                }
            }
            ImGui::EndTable();
        }
        ImGui::EndChild();
    }
    if (locked.empty()) return;
    ImGui::Spacing();
    TextItem(tr("Locked"));
    ImGui::PushTextWrapPos(0.0f);
    MutedText(
        tr("Assign a Sync Plus or Select license to this room to unlock Insights (R-GATE-1)."));
    ImGui::PopTextWrapPos();
    std::string why_not = ReadOnlyReason(state);
    ImGui::BeginChild("locked", ImVec2(0, list_height(locked.size(), 4.0f)),
                      ImGuiChildFlags_Border);
    if (BeginListRows("locked-rows")) {
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(locked.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const RoomRow& row = *locked[i];
                ListRow(i, static_cast<int>(locked.size()));
                ImGui::PushID(static_cast<int>(row.room_id));
                ImGui::AlignTextToFramePadding();
                MutedText(Format(tr("{0} · Locked"), {row.name}));
                ImGui::SameLine();
                if (ActionButton(tr("Assign license"), why_not)) {
                    OpenAssign(state, controller, row.room_id);
                }
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
}

void DrawChoices(AppState& state, AppController& controller) {
    InsightsPageState& page = state.insights_page;
    const Translator& tr = state.tr;
    ImGui::AlignTextToFramePadding();
    TextItem(tr("Range"));
    ImGui::SameLine();
    struct Preset {
        const char* label;
        InsightsRange range;
    };
    for (const Preset& preset : {Preset{"24 h", InsightsRange::Day},
                                 {"7 d", InsightsRange::Week},
                                 {"30 d", InsightsRange::Month},
                                 {"90 d", InsightsRange::Quarter},
                                 {"12 months", InsightsRange::Year}}) {
        if (RadioItem(tr(preset.label), page.range == preset.range)) {
            PickRange(page, preset.range, controller.EpochSeconds());
        }
        ImGui::SameLine();
    }
    if (RadioItem(tr("Custom"), page.range == InsightsRange::Custom) &&
        page.range != InsightsRange::Custom) {
        page.range = InsightsRange::Custom;
        CopyDate(page.custom_from, sizeof page.custom_from, page.from);
        CopyDate(page.custom_to, sizeof page.custom_to, page.to - 1);
        page.custom_error.clear();
    }
    ImGui::NewLine();
    if (page.range == InsightsRange::Custom) {
        ImGui::BeginGroup();
        LabeledInput(tr("From (YYYY-MM-DD)"), "##custom-from", page.custom_from,
                     sizeof page.custom_from, 0, 160.0f);
        ImGui::EndGroup();
        ImGui::SameLine();
        ImGui::BeginGroup();
        LabeledInput(tr("To (YYYY-MM-DD)"), "##custom-to", page.custom_to, sizeof page.custom_to, 0,
                     160.0f);
        ImGui::EndGroup();
        ImGui::SameLine();
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ImGui::GetTextLineHeightWithSpacing());
        if (ImGui::Button(tr("Apply"))) ApplyCustomRange(page);
        if (!page.custom_error.empty()) ErrorText(tr(page.custom_error));
    }

    ImGui::AlignTextToFramePadding();
    TextItem(tr("Resolution"));
    ImGui::SameLine();
    RadioChoice(tr("Hour"), page.resolution, InsightsResolution::Hour);
    RadioChoice(tr("Day"), page.resolution, InsightsResolution::Day);
    ImGui::Dummy(ImVec2(24.0f, 0.0f));
    ImGui::SameLine();
    TextItem(tr("Compare"));
    ImGui::SameLine();
    RadioChoice(tr("Rooms"), page.compare, CompareBy::Rooms);
    RadioChoice(tr("Sites"), page.compare, CompareBy::Sites);
    ImGui::NewLine();

    ImGui::AlignTextToFramePadding();
    TextItem(tr("Metric"));
    ImGui::SameLine();
    RadioChoice(tr("Occupancy %"), page.metric, InsightsMetric::Occupancy);
    RadioChoice(tr("People"), page.metric, InsightsMetric::People);
    RadioChoice(tr("Utilisation %"), page.metric, InsightsMetric::Utilisation);
    RadioChoice(tr("Meeting hours"), page.metric, InsightsMetric::MeetingHours);
    ImGui::NewLine();
}

void DrawStatusStrip(AppState& state) {
    const InsightsPageState& page = state.insights_page;
    const Translator& tr = state.tr;
    if (page.selected.empty()) return;
    ImGui::AlignTextToFramePadding();
    TextItem(tr("Live status"));
    for (Id id : page.selected) {
        const RoomRow* row = FindRow(page, id);
        if (!row) continue;
        ImGui::SameLine(0, 24.0f);
        TextItem(Format(tr("{0}: {1}"), {row->name, RoomStatusText(state, id)}));
    }
}

// The charts' own words (day and month names, "No data") in the chosen language; kept for the
// frame by the caller.
struct ChartWords {
    const char* days[7];
    const char* months[12];
    const char* no_data;

    explicit ChartWords(const Translator& tr)
        : days{tr("Mon"), tr("Tue"), tr("Wed"), tr("Thu"), tr("Fri"), tr("Sat"), tr("Sun")},
          months{tr("Jan"), tr("Feb"), tr("Mar"), tr("Apr"), tr("May"), tr("Jun"),
                 tr("Jul"), tr("Aug"), tr("Sep"), tr("Oct"), tr("Nov"), tr("Dec")},
          no_data(tr("No data")) {}

    charts::ChartStyle Style() const {
        charts::ChartStyle style;
        style.day_names = days;
        style.month_names = months;
        style.no_data = no_data;
        return style;
    }
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Charts for everyone (issue 17): a sentence saying what each shows (published with
// it for screen readers), the same numbers as a table, and buttons for what the pointer does
// (zoom, pan), so that nothing needs the mouse or the eyes.

charts::ChartStyle SeriesStyle(const InsightsPageState& page, const Translator& tr,
                               const ChartWords& words) {
    charts::ChartStyle style = words.Style();
    style.utc_offset_minutes = page.utc_offset_minutes;
    switch (page.metric) {
        case InsightsMetric::Occupancy:
            style.unit = tr("Occupancy (%)");
            style.scale = 100;
            break;
        case InsightsMetric::People:
            style.unit = tr("People");
            style.value_format = "%.1f";
            break;
        case InsightsMetric::Utilisation:
            style.unit = tr("Utilisation (%)");
            style.scale = 100;
            break;
        case InsightsMetric::MeetingHours:
            style.unit = tr("Hours");
            style.value_format = "%.1f";
            break;
    }
    style.area = page.series.size() == 1;
    return style;
}

charts::ChartStyle HeatmapStyle(const InsightsPageState& page, const Translator& tr,
                                const ChartWords& words) {
    charts::ChartStyle heat = words.Style();
    heat.unit = tr("Occupancy (%)");
    heat.scale = 100;
    heat.height = 200;
    heat.utc_offset_minutes = page.utc_offset_minutes;
    return heat;
}

const char* MetricName(InsightsMetric metric) {
    switch (metric) {
        case InsightsMetric::Occupancy:
            return "Occupancy";
        case InsightsMetric::People:
            return "People";
        case InsightsMetric::Utilisation:
            return "Utilisation";
        case InsightsMetric::MeetingHours:
            break;
    }
    return "Meeting hours";
}

const char* BarsName(InsightsPageState::BarPeriod period) {
    switch (period) {
        case InsightsPageState::BarPeriod::Day:
            return "Meeting hours per day";
        case InsightsPageState::BarPeriod::Week:
            return "Meeting hours per week";
        case InsightsPageState::BarPeriod::Month:
            break;
    }
    return "Meeting hours per month";
}

// A value as a sentence says it, with its unit: "52 %", "3.5 h", "2.5 people".
std::string SpokenValue(const Translator& tr, const charts::ChartStyle& style, double value) {
    std::string number = charts::FormatChartValue(style, value);
    if (style.scale == 100) return number + " %";
    if (style.unit && std::string_view(style.unit) == tr("People")) {
        return Format(tr("{0} people"), {number});
    }
    return number + " h";
}

// "Tue 10:00–11:00": a cell of the hour-of-week heatmap.
std::string HourOfWeekCell(const ChartWords& words, std::size_t cell) {
    int day = static_cast<int>(cell / 24), hour = static_cast<int>(cell % 24);
    char hours[32];
    std::snprintf(hours, sizeof hours, "%02d:00–%02d:00", hour, (hour + 1) % 24);
    return std::string(words.days[day]) + " " + hours;
}

// The three sentences, made again when the data, the visible range or the language changed,
// and never while the view moves.
void MakeSummaries(InsightsPageState& page, const Translator& tr, const ChartWords& words,
                   const charts::ChartStyle& style, bool hourly) {
    charts::TimeView view =
        page.view.to > page.view.from ? page.view : charts::FittedView(page.series);
    InsightsPageState::Made made{page.series_cache.data_revision, view.from, view.to,
                                 tr.language()};
    if (made == page.summaries_made || (page.view_moving && !page.series_summary.empty())) return;
    page.summaries_made = made;
    auto when = [&](double t) {
        return charts::TimeReadout(t, page.utc_offset_minutes, !hourly, words.days, words.months);
    };
    std::string metric = tr(MetricName(page.metric));
    charts::ChartFacts facts = charts::SeriesFacts(page.series, view.from, view.to);
    if (facts.count == 0) {
        page.series_summary =
            Format(tr("{0}, {1} – {2}: no data."), {metric, when(view.from), when(view.to)});
    } else {
        const charts::Series& top = page.series[facts.max_series];
        page.series_summary =
            Format(tr("{0}, {1} – {2}: highest {3} ({4}, {5}), average {6}."),
                   {metric, when(view.from), when(view.to), SpokenValue(tr, style, facts.max),
                    top.label, when(top.t[facts.max_at]), SpokenValue(tr, style, facts.mean)});
    }

    charts::ChartStyle hours;
    hours.value_format = "%.1f";
    std::string bars_name = tr(BarsName(page.bar_period));
    facts = charts::BarFacts(page.bar_days);
    if (facts.count == 0) {
        page.bars_summary = Format(tr("{0}: no data."), {bars_name});
    } else {
        std::string series = facts.max_series < page.bar_labels.size()
                                 ? page.bar_labels[facts.max_series]
                                 : std::string();
        page.bars_summary =
            Format(tr("{0}, {1} – {2}: highest {3} on {4} ({5}), average {6}."),
                   {bars_name, page.bar_days.front().label, page.bar_days.back().label,
                    SpokenValue(tr, hours, facts.max), page.bar_days[facts.max_at].label, series,
                    SpokenValue(tr, hours, facts.mean)});
    }

    charts::ChartStyle share;
    share.scale = 100;
    facts = charts::CellFacts(page.heatmap);
    if (facts.count == 0) {
        page.heatmap_summary = Format(tr("{0}: no data."), {tr("Hour of week")});
    } else {
        page.heatmap_summary =
            Format(tr("Mean occupancy by hour of the week: highest {0} on {1}, average {2}."),
                   {SpokenValue(tr, share, facts.max), HourOfWeekCell(words, facts.max_at),
                    SpokenValue(tr, share, facts.mean)});
    }
}

// "Show as table" / "Show as chart" above a chart; its name for a screen reader says which
// chart ("Show as table: Occupancy chart").
void TableToggle(const Translator& tr, const char* id, const std::string& chart_name,
                 bool& as_table) {
    const char* label = as_table ? tr("Show as chart") : tr("Show as table");
    ImGui::PushID(id);
    if (ImGui::Button(label)) as_table = !as_table;
    a11y::SetName(Format(tr("{0}: {1}"), {label, chart_name}));
    ImGui::PopID();
}

// What the pointer does on the time series (wheel, drag, double click), as buttons; each is
// disabled when it would change nothing.
void ViewButtons(InsightsPageState& page, const Translator& tr) {
    struct Move {
        const char* label;
        charts::TimeView view;
    };
    const std::vector<charts::Series>& series = page.series;
    const Move moves[] = {
        {"Zoom in", charts::ZoomedView(series, page.view, 0.5)},
        {"Zoom out", charts::ZoomedView(series, page.view, 2.0)},
        {"← Earlier", charts::PannedView(series, page.view, -0.5)},
        {"Later →", charts::PannedView(series, page.view, 0.5)},
        {"Reset", charts::FittedView(series)},
    };
    for (const Move& move : moves) {
        bool same = move.view.from == page.view.from && move.view.to == page.view.to;
        ImGui::BeginDisabled(same || !(page.view.to > page.view.from));
        if (ImGui::Button(tr(move.label))) page.view = move.view;
        ImGui::EndDisabled();
        ImGui::SameLine();
    }
    ImGui::NewLine();
}

// A table's frame: a header row, the first column frozen, rows scrolling within `height`.
bool BeginChartTable(const char* id, int columns, float height) {
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                            ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                            ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable(id, columns, flags, ImVec2(0, height))) return false;
    ImGui::TableSetupScrollFreeze(1, 1);
    return true;
}

// A cell's number; shares with their "%", as no header carries the unit.
std::string CellValue(const charts::ChartStyle& style, double value) {
    if (std::isnan(value)) return style.no_data;
    std::string number = charts::FormatChartValue(style, value);
    return style.scale == 100 ? number + " %" : number;
}

// The time series' points in the visible range: a row per time, a column per room (or site).
// A year of hours is 8,760 rows: only the rows on screen are drawn, and a screen reader is told
// how many there are.
void DrawSeriesTable(InsightsPageState& page, const Translator& tr, const ChartWords& words,
                     const charts::ChartStyle& style, bool hourly) {
    InsightsPageState::Made made{page.series_cache.data_revision, page.view.from, page.view.to,
                                 tr.language()};
    if (!(made == page.table_made)) {
        page.series_table = charts::TableOfSeries(page.series, page.view.from, page.view.to);
        page.table_made = made;
    }
    const charts::SeriesTable& table = page.series_table;
    int rows = static_cast<int>(table.times.size());
    int columns = static_cast<int>(std::min<std::size_t>(table.columns, 500));
    if (!BeginChartTable("##occupancy-table", 1 + columns, 300.0f)) return;
    ImGui::TableSetupColumn(tr("Time"));
    for (int c = 0; c < columns; ++c) ImGui::TableSetupColumn(page.series[c].label.c_str());
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(rows);
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            ImGui::TableNextRow();
            a11y::TableRow(row, rows);
            ImGui::TableNextColumn();
            TextItem(charts::TimeReadout(table.times[row], page.utc_offset_minutes, !hourly,
                                         words.days, words.months));
            for (int c = 0; c < columns; ++c) {
                ImGui::TableNextColumn();
                TextItem(CellValue(style, table.At(row, c)));
            }
        }
    }
    ImGui::EndTable();
}

// The bars: a row per day (week, month), a column per room (or site).
void DrawBarsTable(const InsightsPageState& page, const Translator& tr,
                   const charts::ChartStyle& style) {
    int columns = static_cast<int>(std::min<std::size_t>(page.bar_labels.size(), 500));
    float height = std::min(300.0f, (page.bar_days.size() + 1.5f) * ImGui::GetFrameHeight());
    if (!BeginChartTable("##meeting-hours-table", 1 + columns, height)) return;
    ImGui::TableSetupColumn(tr("Period"));
    for (int c = 0; c < columns; ++c) ImGui::TableSetupColumn(page.bar_labels[c].c_str());
    ImGui::TableHeadersRow();
    for (const charts::BarGroup& group : page.bar_days) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        TextItem(group.label);
        for (int c = 0; c < columns; ++c) {
            ImGui::TableNextColumn();
            double value = c < static_cast<int>(group.values.size()) ? group.values[c] : kNoData;
            TextItem(CellValue(style, value));
        }
    }
    ImGui::EndTable();
}

// The heatmap: a row per day of the week, a column per hour.
void DrawHeatmapTable(const InsightsPageState& page, const Translator& tr, const ChartWords& words,
                      const charts::ChartStyle& style) {
    if (!BeginChartTable("##hour-of-week-table", 25, 9 * ImGui::GetFrameHeight())) return;
    ImGui::TableSetupColumn(tr("Day"));
    for (int hour = 0; hour < 24; ++hour) {
        char label[8];
        std::snprintf(label, sizeof label, "%02d:00", hour);
        ImGui::TableSetupColumn(label);
    }
    ImGui::TableHeadersRow();
    for (int day = 0; day < 7; ++day) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        TextItem(words.days[day]);
        for (int hour = 0; hour < 24; ++hour) {
            ImGui::TableNextColumn();
            std::size_t cell = static_cast<std::size_t>(day * 24 + hour);
            double value = cell < page.heatmap.size() ? page.heatmap[cell] : -1.0;
            TextItem(CellValue(style, value < 0 ? kNoData : value));
        }
    }
    ImGui::EndTable();
}

void DrawCharts(AppState& state, AppController& controller) {
    InsightsPageState& page = state.insights_page;
    const Translator& tr = state.tr;
    if (page.selected.empty()) {
        MutedText(tr("Pick at least one room to see its Insights."));
        return;
    }
    if (RefusedByGate(page)) {
        if (!page.locked_by_server) {
            page.locked_by_server = true;
            controller.ReloadAccount();  // the license changed since the account was read
        }
        MutedText(tr("Insights are locked for a room you picked: its license has ended."));
        MutedText(
            tr("Assign a Sync Plus or Select license to this room to unlock Insights (R-GATE-1)."));
        return;
    }
    if (!DrawRemoteStatus(state, page.insights, "the insights", controller)) return;
    BuildCharts(state);
    if (ImGui::Button(tr("Download CSV"))) {
        controller.DownloadFile("insights-" + std::to_string(state.account.id) + ".csv",
                                "text/csv;charset=utf-8", ExportCsv(page));
    }
    bool any = false;
    for (const charts::Series& series : page.series) any |= !series.t.empty();
    if (!any) {
        EmptyState(state, "No data in this range yet.",
                   "A room's agent sends its telemetry with an agent token (Agent tokens, below); "
                   "the charts fill in as it arrives. Pick a longer range, or connect the room's "
                   "agent.");
        return;
    }
    ChartWords words(tr);
    charts::ChartStyle style = SeriesStyle(page, tr, words);
    bool hourly = page.insights.value->resolution == "hour";
    MakeSummaries(page, tr, words, style, hourly);

    // The time series: the view's buttons serve the chart and its table alike.
    std::string chart_name = tr("Occupancy chart");
    TableToggle(tr, "occupancy", chart_name, page.series_as_table);
    ImGui::SameLine(0, 24.0f);
    ViewButtons(page, tr);
    if (page.series_as_table) {
        page.view_moving = false;  // only the buttons move it here
        DrawSeriesTable(page, tr, words, style, hourly);
    } else {
        style.summary = page.series_summary.c_str();
        std::string chart = chart_name + "###occupancy";
        page.view_moving =
            charts::TimeSeries(chart.c_str(), page.series, page.view, style, &page.series_cache);
    }
    ImGui::Spacing();

    TextItem(tr("Meeting hours"));
    std::string bars_name = tr(BarsName(page.bar_period));
    TableToggle(tr, "meeting-hours", bars_name, page.bars_as_table);
    charts::ChartStyle bars = words.Style();
    bars.unit = tr("Hours");
    bars.value_format = "%.1f";
    bars.height = 180;
    if (page.bars_as_table) {
        DrawBarsTable(page, tr, bars);
    } else {
        bars.summary = page.bars_summary.c_str();
        std::string bars_id = bars_name + "###meeting-hours";
        charts::Bars(bars_id.c_str(), page.bar_labels, page.bar_days, bars);
    }
    ImGui::Spacing();

    TextItem(tr("Hour of week"));
    if (!hourly) {
        MutedText(
            tr("The hour of the week is drawn from hourly data: choose the Hour resolution."));
        return;
    }
    TableToggle(tr, "hour-of-week", tr("Hour of week"), page.heatmap_as_table);
    charts::ChartStyle heat = HeatmapStyle(page, tr, words);
    if (page.heatmap_as_table) {
        DrawHeatmapTable(page, tr, words, heat);
    } else {
        heat.summary = page.heatmap_summary.c_str();
        std::string heat_id = std::string(tr("Hour of week")) + "###hour-of-week";
        charts::HourOfWeekHeatmap(heat_id.c_str(), page.heatmap, heat, words.days);
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Agent tokens

void LoadTokens(AppState& state, AppController& controller) {
    controller.Fetch(state.insights_page.tokens, AccountPath(state.account.id, "/agent-tokens"),
                     &api::AgentTokensFromJson);
}

void CreateToken(AppState& state, AppController& controller) {
    InsightsPageState& page = state.insights_page;
    std::string name = page.token_name;
    api::Json body = api::Json::object();
    if (!name.empty()) body["name"] = name;
    page.new_token.clear();
    if (page.create_token.failed() && page.create_token.failure != api::Failure::Network) {
        page.create_token.Clear();  // a corrected form is a new change, with a new key
    }
    controller.Submit(
        page.create_token, "POST", AccountPath(state.account.id, "/agent-tokens"), std::move(body),
        [&state, &controller](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            InsightsPageState& page = state.insights_page;
            telemetry::AgentToken created;
            std::vector<api::FieldError> errors;
            if (api::AgentTokenFromJson(result.value, created, errors) && !created.token.empty()) {
                page.new_token = created.token;
                page.new_token_name = created.name;
            }
            page.token_name[0] = 0;
            LoadTokens(state, controller);
        },
        /*reload_account=*/false);
}

void RevokeToken(AppState& state, AppController& controller, Id id) {
    InsightsPageState& page = state.insights_page;
    page.revoking = id;
    page.revoke_token.Clear();
    controller.Submit(
        page.revoke_token, "DELETE", "/api/v1/agent-tokens/" + std::to_string(id), nullptr,
        [&state, &controller](const api::Result<api::Json>& result) {
            if (result.ok()) LoadTokens(state, controller);
        },
        /*reload_account=*/false);
}

// "18 Nov 2026 10:00" (UTC) in the chosen language.
std::string ShortTime(const Translator& tr, telemetry::Seconds at) {
    std::string text = telemetry::FormatUtcTime(at);
    return FormatDateIn(tr.language(), Date{static_cast<int>(at / kDay)}) + " " +
           text.substr(11, 5);
}

void DrawAgentTokens(AppState& state, AppController& controller) {
    InsightsPageState& page = state.insights_page;
    const Translator& tr = state.tr;
    std::string why_not = ReadOnlyReason(state);
    HeadingItem(state, tr("Agent tokens"));
    MutedText(tr("The agents in your rooms post their telemetry with a token of this account."));
    ImGui::BeginDisabled(!why_not.empty());
    LabeledInput(tr("Token name"), "##token-name", page.token_name, sizeof page.token_name, 0,
                 320.0f);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY());
    ImGui::BeginDisabled(page.create_token.busy());
    if (ActionButton(tr("Create agent token"), why_not)) CreateToken(state, controller);
    ImGui::EndDisabled();
    SubmissionError(state, page.create_token);
    if (!page.new_token.empty()) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, theme::Colors().banner_background);
        ImGui::BeginChild("new-token", ImVec2(0, 0),
                          ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY |
                              ImGuiChildFlags_AlwaysUseWindowPadding);
        std::string name = page.new_token_name.empty() ? tr("(unnamed)") : page.new_token_name;
        TextItem(Format(tr("New token for {0}:"), {name}));
        TextItem(page.new_token);
        if (ImGui::Button(tr("Copy"))) controller.CopyText(page.new_token);
        ImGui::SameLine();
        if (ImGui::Button(tr("Done"))) page.new_token.clear();
        ImGui::SameLine();
        TextItem(tr("Copy it now: it will not be shown again."));
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }
    if (!why_not.empty()) {
        MutedText(tr("Agent tokens are managed by the account's admins."));
        return;
    }
    if (page.tokens_for != state.account.id) {
        page.tokens_for = state.account.id;
        LoadTokens(state, controller);
    }
    if (!DrawRemoteStatus(state, page.tokens, "the agent tokens", controller)) return;
    if (page.tokens.value->empty()) {
        EmptyState(state, "No agent token yet.",
                   "A room agent sends its room's telemetry with a token: create one with "
                   "Create agent token above and give it to the agent.");
        return;
    }
    if (BeginListTable(tr, "agent-tokens",
                       {{"Name", 1.4f}, {"Created", 1.0f}, {"Last used", 1.0f}, {"Status", 0.6f}},
                       120.0f)) {
        for (const telemetry::AgentToken& token : *page.tokens.value) {
            ImGui::PushID(static_cast<int>(token.id));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            TextItem(token.name.empty() ? tr("(unnamed)") : token.name.c_str());
            ImGui::TableNextColumn();
            TextItem(ShortTime(tr, token.created_at));
            ImGui::TableNextColumn();
            TextItem(token.last_used_at ? ShortTime(tr, *token.last_used_at)
                                        : std::string(tr("Never")));
            ImGui::TableNextColumn();
            bool revoked = token.revoked_at.has_value();
            TextItem(revoked ? tr("Revoked") : tr("Active"));
            ImGui::TableNextColumn();
            if (!revoked) {
                ImGui::BeginDisabled(page.revoke_token.busy());
                if (ActionButton(tr("Revoke"), why_not)) RevokeToken(state, controller, token.id);
                ImGui::EndDisabled();
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    SubmissionError(state, page.revoke_token);
}

}  // namespace

std::span<const TextPair> InsightsTexts() {
    return kTexts;
}

std::string RoomStatusText(const AppState& state, Id room_id) {
    const Translator& tr = state.tr;
    const telemetry::RoomStatus* status = state.live.Room(room_id);
    if (!status) return tr("Unknown");
    std::string text = tr(StateLabel(status->state));
    bool live = status->state != telemetry::RoomState::Offline &&
                status->state != telemetry::RoomState::Unknown;
    if (status->people && live) {
        text += " · " + Format(tr("{0} people"), {std::to_string(*status->people)});
    }
    return text;
}

void LoadInsightsSummary(AppState& state, AppController& controller, bool any_insights) {
    InsightsPageState& page = state.insights_page;
    if (!any_insights || page.summary_for == state.account.id || state.account.id == 0) return;
    page.summary_for = state.account.id;
    controller.FetchJson(page.summary, AccountPath(state.account.id, "/insights/summary?days=7"),
                         [&page](const api::Json& json, std::vector<api::FieldError>& errors) {
                             std::vector<api::RoomSummary> rooms;
                             if (!api::InsightsSummaryFromJson(json, rooms, errors)) return false;
                             page.sparklines.clear();
                             for (const api::RoomSummary& room : rooms) {
                                 std::vector<double>& line = page.sparklines[room.room_id];
                                 for (const auto& day : room.daily)
                                     line.push_back(day ? *day : kNoData);
                             }
                             page.summary.value = std::move(rooms);
                             return true;
                         });
}

const std::vector<double>* RoomSparkline(const AppState& state, Id room_id) {
    auto it = state.insights_page.sparklines.find(room_id);
    return it == state.insights_page.sparklines.end() ? nullptr : &it->second;
}

std::string RoomSparklineWords(const Translator& tr, const std::vector<double>& line) {
    charts::ChartFacts facts = charts::CellFacts(line);
    if (facts.count == 0) return Format(tr("{0}: no data."), {tr("Occupancy, last 7 days")});
    charts::ChartStyle share;
    share.scale = 100;
    return Format(tr("Occupancy, last 7 days: average {0}, highest {1}"),
                  {SpokenValue(tr, share, facts.mean), SpokenValue(tr, share, facts.max)});
}

void DrawInsightsPage(AppState& state, AppController& controller) {
    HeadingItem(state, state.tr("Insights"), 1);
    if (!DrawRemoteStatus(state, state.account.state, "the rooms", controller)) return;
    if (!state.catalogue.value) return;
    RebuildRooms(state, controller);

    ImGui::BeginChild("insights", ImVec2(0, 0), 0);
    DrawStatusStrip(state);
    ImGui::Spacing();
    ImGui::BeginChild("picker", ImVec2(320.0f, 0), ImGuiChildFlags_AutoResizeY);
    DrawRoomPicker(state, controller);
    ImGui::EndChild();
    ImGui::SameLine(0, 24.0f);
    ImGui::BeginGroup();
    DrawChoices(state, controller);
    ImGui::EndGroup();
    ImGui::Spacing();
    LoadInsights(state, controller);
    DrawCharts(state, controller);
    ImGui::Spacing();
    ImGui::Separator();
    DrawAgentTokens(state, controller);
    ImGui::Spacing();
    ImGui::Separator();
    DrawKioskLinks(state, controller);
    ImGui::EndChild();
}

}  // namespace portal::app
