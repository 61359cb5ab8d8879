// The Insights page's own state: which rooms (or sites) are compared over which range, at which
// resolution and on which metric; the series loaded for them and what is derived from them
// (rebuilt when the data or the choice changes, never per frame); the rooms table's 7-day
// summary; the account's agent tokens. The account's live status lives beside it in LiveStatus,
// kept by the app's long-poll loop.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/insights_json.h"
#include "app/charts.h"
#include "app/remote.h"
#include "core/model.h"
#include "core/refusal.h"
#include "core/room_table.h"
#include "core/telemetry.h"

namespace portal::app {

enum class InsightsRange { Day, Week, Month, Quarter, Year, Custom };
enum class InsightsResolution { Hour, Day };
enum class InsightsMetric { Occupancy, People, Utilisation, MeetingHours };
enum class CompareBy { Rooms, Sites };

// The account's status (GET /accounts/{id}/status), asked again as soon as each answer comes:
// the server holds the request until something changes (long polling).
struct LiveStatus {
    Remote<telemetry::StatusDocument> status{"status"};
    Id account = 0;          // the account the loop runs for; 0: stopped
    double sent_at = 0;      // NowSeconds() the request in flight left
    double next_at = 0;      // a poll waiting for its time (the server was busy); 0: none
    std::string sent_since;  // the version the request in flight carried

    const telemetry::RoomStatus* Room(Id room_id) const {
        if (!status.value) return nullptr;
        for (const telemetry::RoomStatus& room : status.value->rooms) {
            if (room.room_id == room_id) return &room;
        }
        return nullptr;
    }
};

struct InsightsPageState {
    // The choice
    std::set<Id> selected;        // rooms to chart (only rooms with Insights)
    bool selection_made = false;  // the user picked: no default selection any more
    CompareBy compare = CompareBy::Rooms;
    InsightsRange range = InsightsRange::Week;
    InsightsResolution resolution = InsightsResolution::Hour;  // the range's, or the user's
    InsightsMetric metric = InsightsMetric::Occupancy;
    long long from = 0, to = 0;  // the range in Unix seconds, fixed when it was picked
    char custom_from[16] = {};   // Custom: "YYYY-MM-DD"
    char custom_to[16] = {};
    std::string custom_error;  // why the custom dates were not taken

    // The series of the chosen rooms over the range, and the request they came from.
    Remote<api::Insights> insights{"insights"};
    std::string insights_path;
    bool locked_by_server = false;  // the server answered 403 R-GATE-1
    charts::TimeView view;

    // Derived from insights when built_from changes.
    unsigned data_generation = 0;  // moves with each loaded answer
    unsigned built_from = 0;
    InsightsMetric built_metric = InsightsMetric::Occupancy;
    CompareBy built_compare = CompareBy::Rooms;
    std::vector<charts::Series> series;
    charts::TimeSeriesCache series_cache;    // its data_revision moves when series is rebuilt
    std::vector<std::string> bar_labels;     // series of the bars (rooms or sites)
    std::vector<charts::BarGroup> bar_days;  // meeting hours per local day
    std::vector<double> heatmap;             // 7 × 24 mean occupancy, -1 no data
    int utc_offset_minutes = 0;              // of the first room shown (axis labels)
    enum class BarPeriod { Day, Week, Month } bar_period = BarPeriod::Day;  // what a bar sums

    // Issue 17: each chart may be shown as a table instead (for everyone, and as an HTML table
    // for screen readers), and says what it shows in one sentence. The sentences and the time
    // series' table are made again when the data, the visible range or the language changes;
    // not while the view moves (a drag, the wheel), where a year of 50 rooms would be read on
    // every frame.
    bool series_as_table = false;
    bool bars_as_table = false;
    bool heatmap_as_table = false;
    bool view_moving = false;  // the time series' view changed on the last frame
    std::string series_summary, bars_summary, heatmap_summary;
    struct Made {
        std::uint64_t revision = ~std::uint64_t{0};  // series_cache.data_revision
        double from = 0, to = 0;                     // the view
        Language language = Language::English;
        bool operator==(const Made&) const = default;
    };
    Made summaries_made, table_made;
    charts::SeriesTable series_table;

    // The rooms table's sparklines (GET .../insights/summary?days=7).
    Remote<std::vector<api::RoomSummary>> summary{"insights summary"};
    Id summary_for = 0;
    std::map<Id, std::vector<double>> sparklines;  // from summary: NaN for a day without data

    // The account's rooms as the picker lists them, rebuilt when the account's state changes.
    std::vector<RoomRow> rooms;
    unsigned rooms_from = 0;

    // Agent tokens (admins)
    Remote<std::vector<telemetry::AgentToken>> tokens{"agent tokens"};
    Id tokens_for = 0;
    char token_name[96] = {};
    Submission create_token;
    std::string new_token;  // shown once, until the page is left or another is made
    std::string new_token_name;
    Id revoking = 0;
    Submission revoke_token;

    // The page is opened again: what may have changed meanwhile is read again (the series up to
    // now, tokens made elsewhere); the choice stays.
    void Reopened() {
        tokens_for = 0;
        insights_path.clear();
    }

    // Another account was chosen, or the user signed out: forget what was loaded.
    void ForgetAccount() {
        selected.clear();
        selection_made = false;
        insights.Reset();
        insights_path.clear();
        locked_by_server = false;
        view.Fit();
        ++data_generation;
        series.clear();
        ++series_cache.data_revision;
        bar_labels.clear();
        bar_days.clear();
        heatmap.clear();
        summary.Reset();
        summary_for = 0;
        sparklines.clear();
        rooms.clear();
        rooms_from = 0;
        tokens.Reset();
        tokens_for = 0;
        token_name[0] = 0;
        create_token.Clear();
        new_token.clear();
        new_token_name.clear();
        revoking = 0;
        revoke_token.Clear();
    }
};

}  // namespace portal::app
