// The kiosk: a wall display opened with a kiosk link (#/kiosk/<token>) that shows one
// dashboard, long polled with the link's bearer token, for weeks without anyone at it. And the
// portal's "Kiosk links" section, where admins make and revoke such links.
//
// Memory stays flat over weeks: each answer replaces the dashboard wholesale and nothing here
// grows per update (the tile layout is computed per frame from the window and the room count).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/kiosk_json.h"
#include "app/remote.h"
#include "core/model.h"

namespace portal::app {

enum class KioskStatus {
    Loading,  // no dashboard yet
    Live,     // the last request was answered
    Stale,    // the last request failed: the last dashboard stays, with when it was fresh
    Invalid,  // 401: the link was revoked, has expired or never existed
};
// "loading", "live", "stale", "invalid" (window.portalState().kiosk.status)
const char* KioskStatusName(KioskStatus status);

// How the tiles fill a window: the same proportions at any size, the type scaled with the
// window (1 at 1280x720, 3 at 3840x2160), as many tiles per page as fit at a readable size.
struct KioskLayout {
    float scale = 1;
    float margin = 0, gap = 0;
    float header_height = 0, strip_height = 0;
    int columns = 1, rows = 1;
    float tile_width = 0, tile_height = 0;
    int per_page = 1;
    int pages = 1;
};
KioskLayout PlanKioskLayout(float width, float height, int tiles);

// The burn-in guard: the whole layout moves along a slow orbit, one step every 10 minutes,
// never more than 8 pixels from its place.
struct KioskShift {
    float x = 0, y = 0;
};
KioskShift KioskShiftAt(double epoch_seconds);
inline constexpr double kKioskShiftSeconds = 600;
inline constexpr double kKioskPageSeconds = 15;

struct KioskState {
    std::string token;  // "": not in kiosk mode
    std::string theme;  // the route's override ("light" | "dark"), else the link's

    // The dashboard shown, and its JSON without generatedAt: an answer equal to it changes
    // nothing on screen and draws nothing.
    std::optional<api::KioskDashboard> dashboard;
    std::string shown_json;
    unsigned data_revision = 0;  // moves when the dashboard on screen changes

    // The long-poll loop (App::PollKiosk): one request at a time.
    unsigned generation = 0;  // moves when the loop restarts: older answers are dropped
    bool in_flight = false;
    double sent_at = 0;  // NowSeconds() the request in flight left
    std::string sent_since;
    double next_poll_at = 0;  // NowSeconds() of the next request; 0: none waiting
    int failed_attempts = 0;  // consecutive failures, for the backoff
    bool invalid = false;     // the server said 401
    api::Failure failure = api::Failure::None;
    double last_fresh = 0;  // EpochSeconds() of the last answer; 0: never

    // What the view shows (throwaway, recomputed per frame).
    int page = 0;  // 0-based
    int pages = 1;
    double page_since = -1;     // NowSeconds() the page came on screen; -1: not yet
    double next_redraw_at = 0;  // NowSeconds() the screen next changes by itself (clock, page)
    long long frames_drawn = 0;

    // The theme shown: the route's, else the link's.
    bool light() const {
        const std::string& chosen = theme.empty() && dashboard ? dashboard->theme : theme;
        return chosen == "light";
    }

    KioskStatus status() const {
        if (invalid) return KioskStatus::Invalid;
        if (!dashboard) return KioskStatus::Loading;
        return failed_attempts > 0 ? KioskStatus::Stale : KioskStatus::Live;
    }

    // Leaves kiosk mode, or opens another link: forget everything, drop the answer in flight.
    void Reset() {
        ++generation;
        token.clear();
        theme.clear();
        dashboard.reset();
        std::string().swap(shown_json);
        ++data_revision;
        in_flight = false;
        sent_at = 0;
        sent_since.clear();
        next_poll_at = 0;
        failed_attempts = 0;
        invalid = false;
        failure = api::Failure::None;
        last_fresh = 0;
        page = 0;
        pages = 1;
        page_since = -1;
        next_redraw_at = 0;
    }
};

// The Insights page's "Kiosk links" section (admins): the account's links, and a partner
// admin's links that span all its customers.
struct KioskLinksState {
    Remote<std::vector<api::KioskLink>> links{"kiosk links"};
    Id links_for = 0;
    Remote<std::vector<api::KioskLink>> partner_links{"partner kiosk links"};
    Id partner_for = 0;

    // The form
    char name[128] = {};
    std::set<std::string> sites;
    std::set<Id> rooms;
    char expires[16] = {};  // "YYYY-MM-DD", optional: the link ends at that day's midnight UTC
    bool light = false;
    bool all_customers = false;  // a partner link: every customer of the partner organisation
    std::string form_error;      // a date the app could not read
    Submission create;

    // The link just made: its URL is shown once, until Done or another link is made.
    std::string new_url;
    std::string new_name;

    Id revoking = 0;
    Submission revoke;

    void Reopened() {
        links_for = 0;
        partner_for = 0;
    }
    void ForgetAccount() {
        links.Reset();
        links_for = 0;
        partner_links.Reset();
        partner_for = 0;
        name[0] = 0;
        sites.clear();
        rooms.clear();
        expires[0] = 0;
        light = false;
        all_customers = false;
        form_error.clear();
        create.Clear();
        new_url.clear();
        new_name.clear();
        revoking = 0;
        revoke.Clear();
    }
};

}  // namespace portal::app
