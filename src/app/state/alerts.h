// The Alerts page's own state (issue 13): the account's firing alerts and history as loaded (and
// the status version they were loaded at: when the app's long poll moves it, they are read
// again, which is what makes the page live), the acknowledgement in flight, the rules, channels
// and silences with their forms, and a room's alerts for the Rooms page's detail. Forms keep
// what was typed through a failed request; a channel's secret is never loaded into its form
// (the server never answers it) and is wiped once sent.
#pragma once

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/alerts_json.h"
#include "app/remote.h"
#include "core/alerts.h"
#include "core/model.h"
#include "core/room_table.h"

namespace portal::app {

enum class AlertsTab { Firing, History, Rules, Channels, Silences, Locked };
// The History filter: state=all|firing|acknowledged|resolved.
enum class AlertsFilter { All, Firing, Acknowledged, Resolved };

// A problem the form found before sending: the field it is about ("name", "recipients") and an
// English sentence (translated when drawn), with one value for its "{0}" when it has one.
struct FormProblem {
    std::string field;
    const char* message = "";
    std::string arg;
};

// Alerts as one list request reads them, with the request and the status version it was sent
// at: a new version, a new request.
struct AlertListLoad {
    explicit AlertListLoad(const char* name) : list(name) {}
    Remote<api::AlertList> list;
    std::string path;     // the request the list answers; "" never asked
    std::string version;  // the account's status version when it was asked; "" unknown
    bool stale = false;   // the page was opened again: ask again, showing this one meanwhile

    void Reset() {
        list.Reset();
        path.clear();
        version.clear();
        stale = false;
    }
    const api::Alert* Find(Id id) const {
        if (!list.value) return nullptr;
        for (const api::Alert& alert : list.value->alerts) {
            if (alert.id == id) return &alert;
        }
        return nullptr;
    }
    // An acknowledged (or otherwise changed) alert replaces the one shown until the next load.
    void Replace(const api::Alert& changed) {
        if (!list.value) return;
        for (api::Alert& alert : list.value->alerts) {
            if (alert.id == changed.id) alert = changed;
        }
    }
};

struct RuleForm {
    bool open = false;
    Id editing = 0;  // 0: a new rule
    char name[alerts::kMaxRuleNameLength + 1] = {};
    alerts::Condition condition = alerts::Condition::DeviceOffline;
    int for_seconds = 300;
    alerts::Severity severity = alerts::Severity::Major;
    std::set<std::string> sites;
    std::set<Id> rooms;
    std::set<Id> channels;
    bool enabled = true;
    std::vector<FormProblem> problems;
    Submission save;

    // Empty again. The submission is cleared, not replaced: its generation moves, so the answer
    // to a request still in flight is dropped.
    void Reset() {
        Submission kept = save;
        *this = RuleForm{};
        save = kept;
        save.Clear();
    }
};

struct ChannelForm {
    bool open = false;
    Id editing = 0;  // 0: a new channel
    api::ChannelType type = api::ChannelType::Email;
    char name[128] = {};
    // email
    char recipients[1024] = {};  // addresses separated by commas, semicolons or spaces
    bool account_admins = true;
    bool french = false;
    // servicenow
    char instance_url[512] = {};
    bool oauth = false;
    char username[128] = {};
    char client_id[128] = {};
    char assignment_group[128] = {};
    char caller_id[128] = {};
    // webhook
    char url[1024] = {};
    // The password, client secret or webhook secret typed now; never filled from the server.
    char secret[512] = {};
    bool secret_set = false;    // the channel edited has one: empty keeps it
    bool stored_oauth = false;  // the channel edited authenticates with OAuth
    std::vector<FormProblem> problems;
    Submission save;

    void WipeSecret() { std::fill(std::begin(secret), std::end(secret), '\0'); }
    void Reset() {
        WipeSecret();
        Submission kept = save;
        *this = ChannelForm{};
        save = kept;
        save.Clear();
    }
};

struct SilenceForm {
    std::set<std::string> sites;
    std::set<Id> rooms;
    char starts[24] = {};  // "YYYY-MM-DD HH:MM" UTC; empty: now
    char ends[24] = {};
    char comment[2048] = {};  // at most 500 characters of UTF-8
    bool prefilled = false;   // ends was proposed once (an hour from when the form showed)
    std::vector<FormProblem> problems;
    Submission create;

    void Reset() {
        Submission kept = create;
        *this = SilenceForm{};
        create = kept;
        create.Clear();
    }
};

struct AlertsPageState {
    AlertsTab tab = AlertsTab::Firing;
    // A link's filter (?filter=firing, issue 16): the Firing tab, with a removable chip.
    std::string route_filter;

    // GET .../alerts?state=firing (firing and acknowledged), with the account's locked rooms.
    AlertListLoad firing{"alerts"};
    // History, with its filters.
    AlertsFilter filter = AlertsFilter::All;
    Id filter_room = 0;  // 0: every room
    AlertListLoad history{"alert history"};

    // The alert the route names (#/alerts/<id>, the link in alert mails), shown expanded.
    std::string shown_detail;  // the route's detail last acted on

    // Acknowledge (admins)
    Id acknowledging = 0;
    Submission acknowledge;

    // The account's rooms for the pickers and names, rebuilt when the account's state changes.
    std::vector<RoomRow> rooms;
    std::vector<std::string> sites;
    unsigned rooms_from = 0;

    // Rules
    Remote<std::vector<api::AlertRule>> rules{"alert rules"};
    Id rules_for = 0;
    RuleForm rule_form;
    Id confirm_delete_rule = 0;
    Submission delete_rule;

    // Channels
    Remote<std::vector<api::AlertChannel>> channels{"alert channels"};
    Id channels_for = 0;
    ChannelForm channel_form;
    Id confirm_delete_channel = 0;
    Submission delete_channel;
    Id testing = 0;  // the channel of the test in flight or shown
    Submission test;
    std::optional<api::ChannelTestResult> test_result;

    // Silences
    Remote<std::vector<api::Silence>> silences{"silences"};
    Id silences_for = 0;
    SilenceForm silence_form;
    Id deleting_silence = 0;
    Submission delete_silence;

    const api::AlertChannel* Channel(Id id) const {
        if (!channels.value) return nullptr;
        for (const api::AlertChannel& channel : *channels.value) {
            if (channel.id == id) return &channel;
        }
        return nullptr;
    }

    // The Rooms page's detail: the room's alerts (state=all&roomId=), live like the page.
    AlertListLoad room_alerts{"room alerts"};
    Id room_alerts_for = 0;

    // The page is opened again: read what may have changed meanwhile; the tab and filters stay.
    void Reopened() {
        firing.stale = true;
        history.stale = true;
        rules_for = 0;
        channels_for = 0;
        silences_for = 0;
    }

    // Another account was chosen, or the user signed out: forget what was loaded and typed.
    void ForgetAccount() {
        route_filter.clear();
        firing.Reset();
        filter = AlertsFilter::All;
        filter_room = 0;
        history.Reset();
        shown_detail.clear();
        acknowledging = 0;
        acknowledge.Clear();
        rooms.clear();
        sites.clear();
        rooms_from = 0;
        rules.Reset();
        rules_for = 0;
        rule_form.Reset();
        confirm_delete_rule = 0;
        delete_rule.Clear();
        channels.Reset();
        channels_for = 0;
        channel_form.Reset();
        confirm_delete_channel = 0;
        delete_channel.Clear();
        testing = 0;
        test.Clear();
        test_result.reset();
        silences.Reset();
        silences_for = 0;
        silence_form.Reset();
        deleting_silence = 0;
        delete_silence.Clear();
        room_alerts.Reset();
        room_alerts_for = 0;
    }
};

}  // namespace portal::app
