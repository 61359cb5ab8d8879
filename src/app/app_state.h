// The one application state. Views read it and change only their own UI fields (forms,
// selections, dialogs); everything that talks to the server or the browser goes through
// AppController, below.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/health_json.h"
#include "api/people_json.h"
#include "app/i18n.h"
#include "app/remote.h"
#include "app/route.h"
#include "app/state/alerts.h"
#include "app/state/devices.h"
#include "app/state/home.h"
#include "app/state/insights.h"
#include "app/state/intake.h"
#include "app/state/invite.h"
#include "app/state/kiosk.h"
#include "app/state/orders.h"
#include "app/state/people.h"
#include "app/state/rooms.h"
#include "app/state/sso.h"
#include "app/state/support.h"
#include "app/theme.h"
#include "core/catalogue.h"
#include "core/model.h"

struct ImFont;

namespace portal::app {

struct Fonts {
    ImFont* body = nullptr;
    ImFont* heading = nullptr;
    // Large type for a wall display (the kiosk), when the platform loads one; the kiosk
    // scales the heading font otherwise.
    ImFont* display = nullptr;
};

// One line of GET /api/v1/accounts?health=1: an account the user can open.
struct AccountSummary {
    Id id = 0;
    std::string name;
    std::string kind;  // "headquarters" | "site"
    std::string country;
    std::string city;
    std::string parent_name;
    std::string role;  // "admin" | "readonly"
    int rooms = 0;
    int licenses_free = 0;
    int contracts_ending_soon = 0;  // within 60 days
};
bool AccountsFromJson(const api::Json& json, std::vector<AccountSummary>& out,
                      std::vector<api::FieldError>& errors);

struct SignInForm {
    char email[256] = {};
    char password[256] = {};
    bool incomplete = false;  // Sign in was pressed with a field empty
    Submission submit;
    // Sign in with SSO: GET /auth/sso/discover for the email typed, then the app leaves for
    // the identity provider.
    bool sso_incomplete = false;  // pressed with no email
    Submission discover;
    // Signed out of a session that came from an identity provider which offers its own sign-out
    // (POST /auth/logout answered {providerLogoutUrl}): the page offers it. "" otherwise.
    std::string provider_logout_url;
};

// The account on screen and its entitlement state (GET /accounts/{id}/state), which the
// browser's engine plans every action on before it is sent.
struct AccountData {
    Id id = 0;
    Remote<State> state{"account"};
    unsigned version = 0;  // moves each time state changes: pages rebuild what they derive
};

struct AppState {
    Route route;
    // The route names a page's filter (?filter=offline) that its page has not applied yet: a
    // link opened the page filtered. Applied once; the user may remove it then.
    bool route_filter_pending = false;
    Translator tr;
    Remote<api::Health> health{"health"};
    Remote<Catalogue> catalogue{"catalogue"};

    // Signed in when me has a value; signed_out once the server said 401.
    Remote<api::Me> me{"me"};
    bool signed_out = false;
    SignInForm sign_in;
    Remote<std::vector<AccountSummary>> accounts{"accounts"};
    AccountData account;

    HomePageState home;  // the Overview
    RoomsPageState rooms_page;
    OrdersPageState orders_page;
    DevicesPageState devices_page;
    PeoplePageState people_page;
    SsoPageState sso_page;  // People & access' Single sign-on section
    IntakePageState intake_page;
    InvitePageState invite_page;
    InsightsPageState insights_page;
    KioskLinksState kiosk_links;
    AlertsPageState alerts_page;
    SupportPageState support_page;
    SupportQueueState support_queue;  // operators
    // The account an operator opened from the Support queue without being one of its members
    // (the vendor support view): read-only, every read written to its audit log by the server.
    // Its summary comes from the account search, or from GET /accounts/{id} when a link (a
    // ticket mail, a reload) names it.
    Remote<AccountSummary> support_account{"support account"};
    // A wall display's dashboard (#/kiosk/<token>): no session, no shell.
    KioskState kiosk;
    // The account's live status (rooms table, room detail, Insights), long polled by the app.
    LiveStatus live;

    // The latest failure the user was told about (window.portalState().lastError).
    api::ApiError last_error;
    bool has_error = false;
    // True while the server cannot be reached: the banner shows and retries run.
    bool offline = false;

    Fonts fonts;
    // The colours every view draws with, chosen by the browser's display preferences
    // (App::SetDisplayPreferences); views read it through theme::Colors().
    theme::Palette palette = theme::LightPalette();
    long long frame = 0;
    double first_data_frame_seconds = -1;  // NowSeconds() of the first frame showing API data

    // The route's filter for `page` when it waits to be applied (once), else "".
    std::string TakeRouteFilter(Page page) {
        if (!route_filter_pending || route.page != page || route.filter.empty()) return {};
        route_filter_pending = false;
        return route.filter;
    }

    // The summary of the account on screen, or nullptr.
    const AccountSummary* CurrentAccount() const;
    // True when the user may change things in the account on screen (R-ACC-1).
    bool CanEdit() const;
    bool IsOperator() const { return me.value && me.value->is_operator; }
    // True while the account on screen is one an operator opened read-only for support.
    bool SupportView() const {
        return IsOperator() && support_account.value && account.id != 0 &&
               support_account.value->id == account.id;
    }
};

// What views may ask for. Implemented by App; views never call the API or the browser
// themselves.
class AppController {
  public:
    virtual ~AppController() = default;
    virtual void Navigate(const Route& route) = 0;
    virtual void RetryNow() = 0;  // every failed request, now
    virtual void Refresh() = 0;   // reload the current page's data
    virtual double Now() = 0;
    virtual double EpochSeconds() = 0;  // the wall clock, Unix seconds (Now() is monotonic)
    virtual Date Today() = 0;
    // The browser's offset from UTC at that moment, in minutes (+60 in Paris in winter).
    virtual int UtcOffsetMinutes(double epoch_seconds) = 0;

    virtual void SignIn() = 0;  // with state.sign_in's fields
    virtual void SignOut() = 0;
    virtual void SetLanguage(Language language) = 0;
    virtual void SwitchAccount(Id account_id) = 0;  // keeps the page
    // Operators: opens an account read-only for support (the vendor support view) on its Rooms
    // page, or switches to it when the operator is one of its members; LeaveSupportView closes
    // it and goes back to the Support queue.
    virtual void OpenSupportAccount(const AccountSummary& account) = 0;
    virtual void LeaveSupportView() = 0;
    // The server started a session by other means than the Sign in page (an accepted
    // invitation): forget any previous user, load who is signed in now and open `route`, which
    // replaces the current one in the history (an invitation link is single use).
    virtual void StartSession(const Route& route) = 0;
    virtual void ReloadAccount() = 0;

    // Loads `path` into `remote` with `parse`; retried with backoff when the network fails.
    using JsonReader = std::function<bool(const api::Json&, std::vector<api::FieldError>&)>;
    virtual void FetchJson(RemoteBase& remote, std::string path, JsonReader read) = 0;
    template <class T>
    void Fetch(Remote<T>& remote, std::string path,
               bool (*parse)(const api::Json&, T&, std::vector<api::FieldError>&)) {
        FetchJson(remote, std::move(path), [&remote, parse](const api::Json& json, auto& errors) {
            T value{};
            if (!parse(json, value, errors)) return false;
            remote.value = std::move(value);
            return true;
        });
    }

    // Sends a change. The submission says how it goes; `finished` runs once with the final
    // answer (between frames). A lost network is retried a few times with the same
    // Idempotency-Key, so a change is never made twice. The account's state reloads after
    // every change that succeeds, unless reload_account is false.
    using Finished = std::function<void(const api::Result<api::Json>&)>;
    virtual void Submit(Submission& submission, std::string method, std::string path,
                        api::Json body, Finished finished = {}, bool reload_account = true) = 0;

    // Revokes something (DELETE `path`, a new change each time); `succeeded` runs when it did.
    void Revoke(Submission& submission, std::string path, std::function<void()> succeeded) {
        submission.Clear();
        Submit(
            submission, "DELETE", std::move(path), nullptr,
            [succeeded = std::move(succeeded)](const api::Result<api::Json>& result) {
                if (result.ok()) succeeded();
            },
            /*reload_account=*/false);
    }

    // The same with a body that is not JSON (an imported CSV file).
    virtual void SubmitText(Submission& submission, std::string method, std::string path,
                            std::string content_type, std::string body, Finished finished) = 0;

    // The browser: clipboard, files.
    virtual void CopyText(const std::string& text) = 0;
    virtual void DownloadFile(const std::string& name, const std::string& mime,
                              const std::string& content) = 0;
    // Downloads what GET `url` answers (an attachment), as the browser saves files.
    virtual void DownloadUrl(const std::string& url) = 0;
    // Leaves the app for `url`: single sign-on's start (a same-origin path), the identity
    // provider's sign-out page.
    virtual void NavigateAway(const std::string& url) = 0;
    // Opens the file dialog; `picked` runs with the file's name and bytes (any bytes: a CSV,
    // an image).
    virtual void PickFile(const std::string& accept,
                          std::function<void(std::string, std::string)> picked) = 0;
    // Says `text` to a screen reader at the end of the frame (the page's live regions): the
    // result of a change, politely; an error or a refused action, assertively.
    virtual void Announce(const std::string& text, bool assertive) = 0;
};

}  // namespace portal::app
