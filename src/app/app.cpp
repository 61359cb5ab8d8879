#include "app/app.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "api/catalogue_json.h"
#include "api/kiosk_json.h"
#include "api/sso_json.h"
#include "api/state_json.h"
#include "api/telemetry_json.h"
#include "app/views/views.h"
#include "app/widgets.h"
#include "core/retry.h"

namespace portal::app {

const char* RequestStatusName(RequestStatus status) {
    switch (status) {
        case RequestStatus::Idle:
            return "idle";
        case RequestStatus::Loading:
            return "loading";
        case RequestStatus::Failed:
            return "failed";
        case RequestStatus::Loaded:
            return "loaded";
    }
    return "";
}

namespace {

// Failures worth retrying by themselves: the network, or a server that is down or restarting.
bool IsTransient(api::Failure failure, const api::ApiError& error) {
    return failure == api::Failure::Network ||
           (failure == api::Failure::Http && error.status >= 500);
}

nlohmann::json ErrorJson(const api::ApiError& error) {
    nlohmann::json json = {
        {"code", error.code}, {"message", error.message}, {"status", error.status}};
    if (!error.rule.empty()) json["rule"] = error.rule;
    return json;
}

// What a refused or failed change announces to screen readers (issue 17): the sentence its form
// shows (with the rule's id when a rule refused), then each field's problem.
std::string FailureAnnouncement(const Translator& tr, const api::Result<api::Json>& result) {
    std::string text = DescribeFailure(tr, result.failure, result.error);
    for (const api::FieldError& field : result.error.fields) {
        if (!field.message.empty() && text.find(field.message) == std::string::npos) {
            text += " " + field.message;
        }
    }
    return text;
}

// While everything works, the health check is the only request an idle portal makes: it notices
// a lost server within this many seconds.
constexpr double kHeartbeatSeconds = 30.0;
// A change that met a lost network is sent again this many times (same Idempotency-Key).
constexpr int kSubmitAttempts = 6;
constexpr const char* kLanguageSetting = "portal.language";
// The status request waits this long on the server for a change (long polling), and the
// transport this much longer for its answer.
constexpr int kStatusWaitSeconds = 25;
constexpr int kStatusTimeoutMs = (kStatusWaitSeconds + 15) * 1000;
// An answer without news that came back at once means the server has too many requests
// waiting: ask again after this long.
constexpr double kStatusBusyDelay = 1.0;
// A kiosk retries a lost server with backoff up to this long, and a refused link (401) this
// often, in case the server was confused rather than the link revoked.
constexpr double kKioskMaxBackoff = 30.0;
constexpr double kKioskInvalidRetry = 300.0;

// The kiosk keeps the dashboard's JSON to tell an answer that changes nothing.
bool CopyJson(const api::Json& json, api::Json& out, std::vector<api::FieldError>&) {
    out = json;
    return true;
}

// window.portalState().kiosk: what the wall display shows, for browser tests.
nlohmann::json KioskJson(const KioskState& kiosk) {
    nlohmann::json rooms = nlohmann::json::array();
    const api::KioskDashboard* dashboard = kiosk.dashboard ? &*kiosk.dashboard : nullptr;
    if (dashboard) {
        for (const api::KioskRoom& room : dashboard->rooms) {
            rooms.push_back(
                {{"id", room.id},
                 {"name", room.name},
                 {"site", room.site},
                 {"state", api::TileStateName(room.state)},
                 {"people", room.people ? nlohmann::json(*room.people) : nlohmann::json(nullptr)}});
        }
    }
    return {
        {"status", KioskStatusName(kiosk.status())},
        {"title", dashboard ? nlohmann::json(dashboard->title) : nlohmann::json(nullptr)},
        {"version", dashboard ? nlohmann::json(dashboard->version) : nlohmann::json(nullptr)},
        {"lastFresh", kiosk.last_fresh > 0
                          ? nlohmann::json(static_cast<long long>(kiosk.last_fresh))
                          : nlohmann::json(nullptr)},
        {"rooms", std::move(rooms)},
        {"page", kiosk.page + 1},  // as on screen: "Page 2 / 3"
        {"pages", kiosk.pages},
        {"theme", kiosk.light() ? "light" : "dark"},
        {"framesDrawn", kiosk.frames_drawn},
    };
}

}  // namespace

bool AccountsFromJson(const api::Json& json, std::vector<AccountSummary>& out,
                      std::vector<api::FieldError>& errors) {
    if (!json.is_object() || !json.contains("accounts") || !json["accounts"].is_array()) {
        errors.push_back({"accounts", "is missing"});
        return false;
    }
    for (const api::Json& item : json["accounts"]) {
        AccountSummary account;
        account.id = item.value("id", 0LL);
        account.name = item.value("name", "");
        account.kind = item.value("kind", "");
        account.country = item.value("country", "");
        account.city = item.value("city", "");
        account.parent_name = item.value("parentEntityName", "");
        account.role = item.value("role", "readonly");
        if (item.contains("health") && item["health"].is_object()) {
            const api::Json& health = item["health"];
            account.rooms = health.value("rooms", 0);
            account.licenses_free = health.value("licensesFree", 0);
            account.contracts_ending_soon = health.value("contractsEndingSoon", 0);
        }
        if (account.id <= 0) {
            errors.push_back({"accounts[].id", "is missing"});
            return false;
        }
        out.push_back(std::move(account));
    }
    return true;
}

const AccountSummary* AppState::CurrentAccount() const {
    if (SupportView()) return &*support_account.value;
    if (!accounts.value || account.id == 0) return nullptr;
    for (const AccountSummary& summary : *accounts.value) {
        if (summary.id == account.id) return &summary;
    }
    return nullptr;
}

bool AppState::CanEdit() const {
    const AccountSummary* current = CurrentAccount();
    return current && current->role == "admin";
}

App::App(api::Transport& transport, Platform& platform)
    : platform_(platform),
      client_(transport, [this](std::function<void()> work) { Post(std::move(work)); }),
      kiosk_client_(transport, [this](std::function<void()> work) { PostQuiet(std::move(work)); }) {
    std::string saved = platform_.LoadSetting(kLanguageSetting);
    if (!saved.empty()) {
        state_.tr.set_language(LanguageFromCode(saved));
        client_.set_language(LanguageCode(state_.tr.language()));
        kiosk_client_.set_language(LanguageCode(state_.tr.language()));
    }
    // The browser reports the route right after this (OnLocationHash), and a kiosk link must
    // not ask who is signed in: the first load waits for it, or for the first frame.
    Post([this] { Start(); });
    next_heartbeat_ = platform_.NowSeconds() + kHeartbeatSeconds;
    PlanNextWake();
}

void App::Start() {
    if (started_) return;
    started_ = true;
    LoadPageData();
}

void App::SetLocale(const std::string& language,
                    std::function<int(double epoch_seconds)> utc_offset_minutes) {
    utc_offset_ = std::move(utc_offset_minutes);
    // A language the user chose in this browser wins, then the one stored for the user (once
    // signed in); else the browser's languages decide. A kiosk has no user to ask.
    if (platform_.LoadSetting(kLanguageSetting).empty() && !language.empty()) {
        state_.tr.set_language(LanguageFromBrowserList(language));
        client_.set_language(LanguageCode(state_.tr.language()));
        kiosk_client_.set_language(LanguageCode(state_.tr.language()));
    }
}

void App::Post(std::function<void()> work) {
    {
        std::lock_guard<std::mutex> lock(queue_mutex_);
        queue_.push_back(std::move(work));
    }
    platform_.RequestRedraw();
}

void App::PostQuiet(std::function<void()> work) {
    {
        std::lock_guard<std::mutex> lock(queue_mutex_);
        queue_.push_back(std::move(work));
        ++quiet_work_;
    }
    // A wake-up between frames, not a redraw.
    platform_.RedrawAfter(0);
}

namespace {

// A route names its page's filter (?filter=offline): the page applies it once (TakeRouteFilter).
// A route without one shows every page unfiltered, so that the address and the page agree.
void EnterRouteFilter(AppState& state) {
    state.route_filter_pending = !state.route.filter.empty();
    if (state.route_filter_pending) return;
    state.rooms_page.route_filter.clear();
    state.rooms_page.query_dirty = true;
    state.orders_page.route_filter.clear();
    state.devices_page.route_filter.clear();
    state.devices_page.query_dirty = true;
    state.people_page.route_filter.clear();
    state.intake_page.route_filter.clear();
    state.alerts_page.route_filter.clear();
    state.support_page.route_filter.clear();
    state.support_queue.route_filter.clear();
}

}  // namespace

Date App::Today() {
    return Date{static_cast<int>(std::floor(platform_.EpochSeconds() / 86400.0))};
}

void App::OnLocationHash(const std::string& hash) {
    Route route = ParseRoute(hash);
    std::string theme = KioskThemeOf(hash);
    if (theme != hash_theme_) {
        hash_theme_ = std::move(theme);
        if (route.page == Page::Kiosk) state_.kiosk.theme = hash_theme_;
        platform_.RequestRedraw();
    }
    if (route == state_.route && started_) return;
    state_.route = std::move(route);
    EnterRouteFilter(state_);
    started_ = true;
    LoadPageData();
    platform_.RequestRedraw();
}

void App::Navigate(const Route& target) {
    Route route = target;
    // Pages of an account keep naming it, so the link can be shared.
    if (route.account == 0 && route.page != Page::Invite && route.page != Page::Kiosk) {
        route.account = state_.account.id;
    }
    if (route == state_.route) return;
    state_.route = route;
    EnterRouteFilter(state_);
    platform_.SetLocationHash(FormatRoute(route), /*push=*/true);
    LoadPageData();
    platform_.RequestRedraw();
}

void App::FetchJson(RemoteBase& remote, std::string path, JsonReader read) {
    if (std::find(remotes_.begin(), remotes_.end(), &remote) == remotes_.end()) {
        remotes_.push_back(&remote);
    }
    remote.reload = [this, &remote, path, read] { FetchJson(remote, path, read); };
    if (!remote.Begin()) return;
    unsigned generation = remote.generation;
    client_.Send("GET", path, nullptr, {},
                 [this, &remote, generation, read](api::Result<api::Json> result) {
                     if (remote.generation != generation) return;  // no longer wanted
                     if (result.ok()) {
                         std::vector<api::FieldError> problems;
                         if (read(result.value, problems)) {
                             remote.Succeeded();
                             state_.offline = false;
                             return;
                         }
                         result.failure = api::Failure::Parse;
                         result.error.code = "bad_response";
                         result.error.message = "The server's answer could not be read";
                         result.error.fields = std::move(problems);
                     }
                     remote.Failed(result.failure, std::move(result.error));
                     AfterFailure(remote);
                 });
    platform_.RequestRedraw();
}

void App::AfterFailure(RemoteBase& remote) {
    if (remote.failure == api::Failure::Http && remote.error.status == 401) {
        if (&remote != &state_.me) SessionEnded();
        state_.signed_out = true;
        return;
    }
    state_.last_error = remote.error;
    state_.has_error = true;
    if (remote.failure == api::Failure::Network) state_.offline = true;
    if (IsTransient(remote.failure, remote.error)) {
        remote.retry_at = platform_.NowSeconds() + RetryDelaySeconds(remote.failed_attempts);
    }
}

struct App::PendingSubmit {
    Submission* submission = nullptr;
    unsigned generation = 0;
    std::string method, path;
    std::string body, content_type;
    Finished finished;
    bool reload_account = true;
    int attempts = 0;
    double retry_at = 0;
};

std::string App::NewIdempotencyKey() {
    // Unique per browser session: the server scopes keys by caller.
    char key[64];
    std::snprintf(key, sizeof key, "web-%.0f-%llu", platform_.EpochSeconds() * 1000.0,
                  ++submissions_sent_);
    return key;
}

void App::Submit(Submission& submission, std::string method, std::string path, api::Json body,
                 Finished finished, bool reload_account) {
    auto pending = std::make_shared<PendingSubmit>();
    pending->method = std::move(method);
    pending->path = std::move(path);
    if (!body.is_null()) pending->body = body.dump();
    pending->content_type = "application/json";
    pending->finished = std::move(finished);
    pending->reload_account = reload_account;
    StartSubmit(submission, std::move(pending));
}

void App::SubmitText(Submission& submission, std::string method, std::string path,
                     std::string content_type, std::string body, Finished finished) {
    auto pending = std::make_shared<PendingSubmit>();
    pending->method = std::move(method);
    pending->path = std::move(path);
    pending->body = std::move(body);
    pending->content_type = std::move(content_type);
    pending->finished = std::move(finished);
    StartSubmit(submission, std::move(pending));
}

void App::StartSubmit(Submission& submission, std::shared_ptr<PendingSubmit> pending) {
    if (submission.busy()) return;  // one click, one change
    submission.status = RequestStatus::Loading;
    submission.failure = api::Failure::None;
    submission.error = {};
    // A failed change sent again keeps its key: if the first one did reach the server, the
    // server answers it again instead of making it twice.
    if (submission.idempotency_key.empty()) submission.idempotency_key = NewIdempotencyKey();
    pending->submission = &submission;
    pending->generation = submission.generation;
    SendSubmit(std::move(pending));
    platform_.RequestRedraw();
}

void App::SendSubmit(std::shared_ptr<PendingSubmit> pending) {
    ++pending->attempts;
    std::vector<std::pair<std::string, std::string>> headers;
    bool replayable = pending->method == "POST" && pending->path.rfind("/api/v1/auth/", 0) != 0;
    if (replayable) headers.emplace_back("Idempotency-Key", pending->submission->idempotency_key);
    client_.SendText(pending->method, pending->path, pending->content_type, pending->body,
                     std::move(headers), [this, pending](api::Result<api::Json> result) {
                         Submission& submission = *pending->submission;
                         if (submission.generation != pending->generation)
                             return;  // the form was closed
                         bool lost = result.failure == api::Failure::Network;
                         if (lost) state_.offline = true;
                         if (lost && pending->attempts < kSubmitAttempts) {
                             pending->retry_at =
                                 platform_.NowSeconds() + RetryDelaySeconds(pending->attempts);
                             waiting_submits_.push_back(pending);
                             return;
                         }
                         if (result.ok()) {
                             state_.offline = false;
                             submission.status = RequestStatus::Loaded;
                             submission.idempotency_key.clear();
                         } else {
                             submission.status = RequestStatus::Failed;
                             submission.failure = result.failure;
                             submission.error = result.error;
                             // The server answered: the change was refused, not lost. A corrected
                             // form is a new change with a new key (the old one would get 422).
                             if (!lost) submission.idempotency_key.clear();
                             // Once here for every form: the refusal is said as it is shown.
                             Announce(FailureAnnouncement(state_.tr, result), /*assertive=*/true);
                             if (result.failure == api::Failure::Http &&
                                 result.error.status == 401 && state_.me.value) {
                                 SessionEnded();
                             }
                         }
                         if (pending->finished) pending->finished(result);
                         if (result.ok() && pending->reload_account && state_.account.id != 0) {
                             ReloadAccount();
                         }
                     });
}

void App::SessionEnded() {
    ForgetAccount();
    state_.support_account.Reset();
    state_.support_queue.Forget();
    state_.home.ForgetUser();
    state_.me.Reset();
    state_.accounts.Reset();
    state_.signed_out = true;
}

void App::ForgetAccount() {
    state_.account.state.Reset();
    state_.account.id = 0;
    ++state_.account.version;
    state_.home.ForgetAccount();
    state_.rooms_page.ForgetAccount();
    state_.orders_page.ForgetAccount();
    state_.devices_page.ForgetAccount();
    state_.people_page.ForgetAccount();
    state_.sso_page.ForgetAccount();
    state_.intake_page.ForgetAccount();
    state_.insights_page.ForgetAccount();
    state_.kiosk_links.ForgetAccount();
    state_.alerts_page.ForgetAccount();
    state_.support_page.ForgetAccount();
    // The status loop stops: the answer in flight is dropped (Reset moves the generation).
    state_.live.status.Reset();
    state_.live.account = 0;
    state_.live.next_at = 0;
    state_.live.sent_since.clear();
}

void App::StartStatus() {
    if (state_.account.id == 0 || state_.live.account == state_.account.id) return;
    state_.live.status.Reset();
    state_.live.account = state_.account.id;
    state_.live.next_at = 0;
    PollStatus();
}

// Asks for the account's status with the version last seen: the server answers at once when
// it differs (another version, a restarted server), else when something changes or the wait
// ends. Each answer asks again at once; a failure waits for the usual backoff.
void App::PollStatus() {
    LiveStatus& live = state_.live;
    if (live.account == 0 || live.account != state_.account.id) return;
    if (!live.status.Begin()) return;
    live.next_at = 0;
    live.status.reload = [this] { PollStatus(); };
    std::string since = live.status.value ? live.status.value->version : std::string();
    std::string path = "/api/v1/accounts/" + std::to_string(live.account) + "/status";
    if (!since.empty()) {
        path += "?since=" + QueryEscape(since) + "&wait=" + std::to_string(kStatusWaitSeconds);
    }
    live.sent_since = since;
    live.sent_at = platform_.NowSeconds();
    api::HttpRequest request = api::GetRequest(path);
    request.timeout_ms = kStatusTimeoutMs;
    unsigned generation = live.status.generation;
    client_.Call<telemetry::StatusDocument>(
        std::move(request), &api::StatusFromJson,
        [this, generation](api::Result<telemetry::StatusDocument> result) {
            LiveStatus& live = state_.live;
            if (live.status.generation != generation) return;  // another account, or signed out
            if (!result.ok()) {
                live.status.Failed(result.failure, std::move(result.error));
                AfterFailure(live.status);
                return;
            }
            bool news = result.value.version != live.sent_since;
            std::optional<telemetry::StatusDocument> before = std::move(live.status.value);
            live.status.value = std::move(result.value);
            live.status.Succeeded();
            if (news && before) AnnounceNewAlerts(state_, *this, *before);  // issue 17
            state_.offline = false;
            double now = platform_.NowSeconds();
            if (!news && now - live.sent_at < kStatusBusyDelay) {
                live.next_at = live.sent_at + kStatusBusyDelay;
            } else {
                PollStatus();
            }
        });
    platform_.RequestRedraw();
}

// Between frames: a poll whose time has come, a retry due, or a server that is back (another
// request got through while the status waits for its backoff: it restarted, re-sync now).
void App::ScheduleStatus() {
    LiveStatus& live = state_.live;
    if (live.account == 0) return;
    double now = platform_.NowSeconds();
    if (live.next_at > 0 && now >= live.next_at) {
        PollStatus();
        return;
    }
    if (live.status.status != RequestStatus::Failed) return;
    bool due = live.status.retry_at > 0 && now >= live.status.retry_at;
    bool server_back = live.status.failure == api::Failure::Network && !state_.offline;
    if (due || server_back) PollStatus();
}

void App::SignIn() {
    api::Json body = {{"email", std::string(state_.sign_in.email)},
                      {"password", std::string(state_.sign_in.password)}};
    Submit(
        state_.sign_in.submit, "POST", "/api/v1/auth/login", std::move(body),
        [this](const api::Result<api::Json>& result) {
            if (!result.ok()) return;
            // The password is not kept a moment longer than needed.
            std::fill(std::begin(state_.sign_in.password), std::end(state_.sign_in.password), 0);
            state_.sign_in.provider_logout_url.clear();
            // A single sign-on's outcome the page showed is history now.
            if (!state_.route.sso.empty()) {
                state_.route.sso.clear();
                platform_.SetLocationHash(FormatRoute(state_.route), /*push=*/false);
            }
            state_.signed_out = false;
            state_.me.Reset();
            state_.accounts.Reset();
            LoadPageData();
        },
        /*reload_account=*/false);
}

void App::SignOut() {
    // The session ends on the server too; the page forgets everything at once either way. A
    // session that came from an identity provider may end there too: the server answers its
    // sign-out page, which the Sign in page offers (never opened without a click).
    client_.Send("POST", "/api/v1/auth/logout", api::Json::object(), {},
                 [this](api::Result<api::Json> result) {
                     std::string url;
                     std::vector<api::FieldError> problems;
                     if (!result.ok() || !state_.signed_out || state_.me.value) return;
                     if (!api::LogoutAnswerFromJson(result.value, url, problems)) return;
                     state_.sign_in.provider_logout_url = std::move(url);
                 });
    SessionEnded();
    state_.sign_in.submit.Clear();
    state_.sign_in.discover.Clear();
    state_.sign_in.provider_logout_url.clear();
    platform_.RequestRedraw();
}

void App::SetLanguage(Language language) {
    state_.tr.set_language(language);
    client_.set_language(LanguageCode(language));
    kiosk_client_.set_language(LanguageCode(language));
    platform_.SaveSetting(kLanguageSetting, LanguageCode(language));
    // Signed in: the choice is the user's too, for their mails and their next browser.
    if (state_.me.value && !state_.signed_out &&
        state_.me.value->user.language != LanguageCode(language)) {
        language_change_.Clear();  // each switch is a new change
        Submit(
            language_change_, "PATCH", "/api/v1/me", {{"language", LanguageCode(language)}},
            [this](const api::Result<api::Json>& result) {
                if (!result.ok() || !state_.me.value) return;
                api::Json user =
                    result.value.contains("user") ? result.value["user"] : result.value;
                if (user.is_object() && user.value("language", api::Json()).is_string()) {
                    state_.me.value->user.language = user["language"].get<std::string>();
                }
            },
            /*reload_account=*/false);
    }
    platform_.RequestRedraw();
}

void App::StartSession(const Route& route) {
    ForgetAccount();
    state_.me.Reset();
    state_.accounts.Reset();
    state_.signed_out = false;
    state_.route = route;
    platform_.SetLocationHash(FormatRoute(route), /*push=*/false);
    LoadPageData();
    platform_.RequestRedraw();
}

void App::SwitchAccount(Id account_id) {
    if (account_id == state_.account.id) return;
    Route route = state_.route;
    route.account = account_id;
    route.detail.clear();  // a room of one customer means nothing in another
    Navigate(route);
}

void App::ReloadAccount() {
    if (state_.account.id == 0) return;
    if (state_.account.state.loading()) {
        // The answer on its way may predate the change: ask again.
        ++state_.account.state.generation;
        state_.account.state.status = RequestStatus::Idle;
    }
    Id id = state_.account.id;
    FetchJson(state_.account.state, "/api/v1/accounts/" + std::to_string(id) + "/state",
              [this](const api::Json& json, std::vector<api::FieldError>& errors) {
                  State loaded;
                  if (!api::StateFromJson(json, loaded, errors)) return false;
                  state_.account.state.value = std::move(loaded);
                  ++state_.account.version;
                  return true;
              });
}

void App::LoadSupportAccount(Id account_id) {
    RemoteBase& remote = state_.support_account;
    if (state_.support_account.value && state_.support_account.value->id == account_id) return;
    remote.Reset();
    // Named by its number until its name is in; read-only whatever the answer says.
    AccountSummary placeholder;
    placeholder.id = account_id;
    placeholder.name = "#" + std::to_string(account_id);
    placeholder.role = "readonly";
    state_.support_account.value = placeholder;
    FetchJson(
        remote, "/api/v1/accounts/" + std::to_string(account_id),
        [this, account_id](const api::Json& json, std::vector<api::FieldError>& errors) {
            const api::Json& account = json.contains("account") ? json["account"] : json;
            std::vector<AccountSummary> read;
            if (!AccountsFromJson({{"accounts", api::Json::array({account})}}, read, errors)) {
                return false;
            }
            if (read.front().id != account_id) return false;
            read.front().role = "readonly";
            state_.support_account.value = std::move(read.front());
            return true;
        });
}

void App::OpenSupportAccount(const AccountSummary& account) {
    bool member = state_.accounts.value &&
                  std::any_of(state_.accounts.value->begin(), state_.accounts.value->end(),
                              [&](const AccountSummary& a) { return a.id == account.id; });
    if (!member) {
        state_.support_account.Reset();
        AccountSummary summary = account;
        summary.role = "readonly";
        state_.support_account.value = std::move(summary);
    }
    Navigate({Page::Rooms, "", account.id});
}

void App::LeaveSupportView() {
    state_.support_account.Reset();
    ForgetAccount();
    Navigate({Page::SupportQueue, "", 0});
}

// The account on screen: the one the route names if the user may open it, else the first.
void App::ChooseAccount() {
    if (!state_.accounts.value) return;
    const auto& accounts = *state_.accounts.value;
    Id wanted = state_.route.account;
    bool known = std::any_of(accounts.begin(), accounts.end(),
                             [wanted](const AccountSummary& a) { return a.id == wanted; });
    if (!known && wanted != 0 && state_.IsOperator()) {
        LoadSupportAccount(wanted);
        known = true;
    }
    if (!known) wanted = accounts.empty() ? 0 : accounts.front().id;
    if (wanted != state_.account.id) {
        ForgetAccount();
        state_.account.id = wanted;
        ReloadAccount();
    }
    StartStatus();
    if (state_.route.account != wanted && state_.route.page != Page::Invite) {
        state_.route.account = wanted;
        platform_.SetLocationHash(FormatRoute(state_.route), /*push=*/false);
    }
}

void App::LoadPageData() {
    if (state_.route.page == Page::Kiosk) {
        StartKiosk();
        return;
    }
    StopKiosk();
    // Public and static: load once, whatever page opens first.
    if (state_.health.status == RequestStatus::Idle) {
        Fetch(state_.health, "/api/v1/health", &api::HealthFromJson);
    }
    if (state_.catalogue.status == RequestStatus::Idle) {
        Fetch(state_.catalogue, "/api/v1/catalogue", &api::CatalogueFromJson);
    }
    if (state_.route.page == Page::Invite) return;  // the invitation page needs no session
    if (state_.route.page == Page::Insights) {
        state_.insights_page.Reopened();
        state_.kiosk_links.Reopened();
    }
    // Opened from another page (not another alert of the page itself, a click on a row): read
    // again what may have changed meanwhile.
    if (state_.route.page == Page::Alerts && data_page_ != Page::Alerts) {
        state_.alerts_page.Reopened();
    }
    if (state_.route.page == Page::Support && data_page_ != Page::Support) {
        state_.support_page.Reopened();
    }
    if (state_.route.page == Page::SupportQueue && data_page_ != Page::SupportQueue) {
        state_.support_queue.Reopened();
    }
    if (state_.route.page == Page::Overview && data_page_ != Page::Overview) {
        state_.home.Reopened();
    }
    data_page_ = state_.route.page;
    if (state_.me.status == RequestStatus::Idle && !state_.signed_out) {
        FetchJson(state_.me, "/api/v1/me",
                  [this](const api::Json& json, std::vector<api::FieldError>& errors) {
                      api::Me me;
                      if (!api::MeFromJson(json, me, errors)) return false;
                      // Issue 16: a language is stored for a user only once chosen ("" until
                      // then): an unchosen one leaves the browser's.
                      bool language_saved = !platform_.LoadSetting(kLanguageSetting).empty();
                      if (!language_saved && !me.user.language.empty()) {
                          state_.tr.set_language(LanguageFromCode(me.user.language));
                          client_.set_language(LanguageCode(state_.tr.language()));
                          kiosk_client_.set_language(LanguageCode(state_.tr.language()));
                      }
                      state_.me.value = std::move(me);
                      state_.signed_out = false;
                      Post([this] { LoadPageData(); });
                      return true;
                  });
        return;
    }
    if (!state_.me.value) return;
    if (state_.accounts.status == RequestStatus::Idle) {
        FetchJson(state_.accounts, "/api/v1/accounts?health=1",
                  [this](const api::Json& json, std::vector<api::FieldError>& errors) {
                      std::vector<AccountSummary> accounts;
                      if (!AccountsFromJson(json, accounts, errors)) return false;
                      state_.accounts.value = std::move(accounts);
                      Post([this] { ChooseAccount(); });
                      return true;
                  });
        return;
    }
    ChooseAccount();
}

void App::RetryNow() {
    if (KioskMode()) {
        PollKiosk();
        return;
    }
    for (RemoteBase* remote : remotes_) {
        if (remote->status == RequestStatus::Failed && remote->reload) remote->reload();
    }
    for (auto& pending : waiting_submits_) pending->retry_at = 0;
    if (state_.live.status.status == RequestStatus::Failed) PollStatus();
}

void App::Refresh() {
    for (RemoteBase* remote :
         {static_cast<RemoteBase*>(&state_.health), static_cast<RemoteBase*>(&state_.catalogue),
          static_cast<RemoteBase*>(&state_.accounts)}) {
        if (remote->reload) remote->reload();
    }
    ReloadAccount();
}

void App::Heartbeat() {
    if (KioskMode()) return;  // the dashboard's long poll is the kiosk's heartbeat
    double now = platform_.NowSeconds();
    if (now < next_heartbeat_) return;
    next_heartbeat_ = now + kHeartbeatSeconds;
    // A failed health check is already being retried with backoff.
    if (state_.health.status != RequestStatus::Failed && state_.health.reload) {
        state_.health.reload();
    }
}

void App::ScheduleRetries() {
    double now = platform_.NowSeconds();
    for (RemoteBase* remote : remotes_) {
        if (remote->status == RequestStatus::Failed && remote->retry_at > 0 &&
            now >= remote->retry_at && remote->reload) {
            remote->reload();
        }
    }
    std::vector<std::shared_ptr<PendingSubmit>> due;
    for (auto it = waiting_submits_.begin(); it != waiting_submits_.end();) {
        if (now >= (*it)->retry_at) {
            due.push_back(*it);
            it = waiting_submits_.erase(it);
        } else {
            ++it;
        }
    }
    for (auto& pending : due) SendSubmit(pending);
}

bool App::ProcessEvents() {
    size_t quiet = 0;
    {
        std::lock_guard<std::mutex> lock(queue_mutex_);
        work_.swap(queue_);
        quiet = quiet_work_;
        quiet_work_ = 0;
    }
    screen_changed_ = false;
    for (auto& item : work_) item();
    bool changed = work_.size() > quiet || screen_changed_;
    work_.clear();  // keeps its capacity: no allocation per frame
    ScheduleRetries();
    ScheduleStatus();
    ScheduleKiosk();
    Heartbeat();
    if (KioskMode()) {
        const KioskState& kiosk = state_.kiosk;
        changed |= kiosk.next_redraw_at > 0 && platform_.NowSeconds() >= kiosk.next_redraw_at;
        // A platform that draws nothing for an unchanged screen still needs the next wake-up
        // (the minute, the page, a retry): a drawn frame plans it again anyway.
        if (!changed) PlanNextWake();
    }
    return changed;
}

void App::Draw() {
    ++state_.frame;
    ImGui::GetIO().UserData = &state_.palette;  // theme::Colors()
    if (style_stale_) {
        theme::Apply(state_.palette, ImGui::GetStyle());
        style_stale_ = false;
    }
    bridge_.BeginFrame();
    if (KioskMode()) {
        ++state_.kiosk.frames_drawn;
        DrawKioskPage(state_, *this);
        if (state_.first_data_frame_seconds < 0 && state_.kiosk.dashboard) {
            state_.first_data_frame_seconds = platform_.NowSeconds();
        }
    } else {
        DrawShell(state_, *this);
        if (state_.first_data_frame_seconds < 0 && state_.catalogue.value &&
            (state_.me.value || state_.signed_out)) {
            state_.first_data_frame_seconds = platform_.NowSeconds();
        }
    }
    PlanNextWake();
}

// ---------------------------------------------------------------------------------------------
// The kiosk's loop

void App::StartKiosk() {
    KioskState& kiosk = state_.kiosk;
    const std::string& token = state_.route.detail;
    kiosk.theme = hash_theme_;
    if (kiosk.token == token && !token.empty()) return;
    kiosk.Reset();
    kiosk.token = token;
    kiosk.theme = hash_theme_;
    // A signed-in user who opens a kiosk link in this tab: the account's loop rests meanwhile
    // (ChooseAccount starts it again on the way back).
    state_.live.status.Reset();
    state_.live.account = 0;
    state_.live.next_at = 0;
    if (token.empty()) {
        kiosk.invalid = true;  // "#/kiosk/" without a token: nothing to ask
        return;
    }
    PollKiosk();
}

void App::StopKiosk() {
    if (state_.kiosk.token.empty() && !state_.kiosk.invalid) return;
    state_.kiosk.Reset();
}

// The dashboard, with the version last shown: the server answers at once when it differs, else
// when one of the link's accounts changes or the wait ends. Each answer asks again at once; a
// failure waits for the backoff (1, 2, 4 ... 30 s); a refused link tries again every 5 minutes.
void App::PollKiosk() {
    KioskState& kiosk = state_.kiosk;
    if (!KioskMode() || kiosk.in_flight) return;
    kiosk.in_flight = true;
    kiosk.next_poll_at = 0;
    std::string since = kiosk.dashboard ? kiosk.dashboard->version : std::string();
    std::string path = "/api/v1/kiosk/dashboard";
    if (!since.empty()) {
        path += "?since=" + QueryEscape(since) + "&wait=" + std::to_string(kStatusWaitSeconds);
    }
    kiosk.sent_since = std::move(since);
    kiosk.sent_at = platform_.NowSeconds();
    api::HttpRequest request = api::GetRequest(std::move(path));
    request.timeout_ms = kStatusTimeoutMs;
    request.headers.emplace_back("Authorization", "Bearer " + kiosk.token);
    unsigned generation = kiosk.generation;
    kiosk_client_.Call<api::Json>(std::move(request), &CopyJson,
                                  [this, generation](api::Result<api::Json> result) {
                                      OnKioskAnswer(generation, std::move(result));
                                  });
}

void App::OnKioskAnswer(unsigned generation, api::Result<api::Json> result) {
    KioskState& kiosk = state_.kiosk;
    if (kiosk.generation != generation) return;  // another link, or kiosk mode left
    kiosk.in_flight = false;
    KioskStatus before = kiosk.status();
    double now = platform_.NowSeconds();
    api::KioskDashboard dashboard;
    if (result.ok()) {
        std::vector<api::FieldError> problems;
        if (!api::KioskDashboardFromJson(result.value, dashboard, problems)) {
            result.failure = api::Failure::Parse;
        }
    }
    bool changed = false;
    if (!result.ok()) {
        kiosk.failure = result.failure;
        if (result.failure == api::Failure::Http && result.error.status == 401) {
            // The link no longer opens anything: show no data, ask again now and then.
            changed = !kiosk.invalid || kiosk.dashboard.has_value();
            kiosk.invalid = true;
            kiosk.failed_attempts = 0;
            kiosk.dashboard.reset();
            std::string().swap(kiosk.shown_json);
            ++kiosk.data_revision;
            kiosk.next_poll_at = now + kKioskInvalidRetry;
        } else {
            ++kiosk.failed_attempts;
            kiosk.next_poll_at = now + RetryDelaySeconds(kiosk.failed_attempts, kKioskMaxBackoff);
        }
    } else {
        kiosk.invalid = false;
        kiosk.failed_attempts = 0;
        kiosk.failure = api::Failure::None;
        kiosk.last_fresh = platform_.EpochSeconds();
        bool news = dashboard.version != kiosk.sent_since;
        // The time of the answer is not on screen: equal otherwise, nothing to draw.
        result.value.erase("generatedAt");
        std::string shown = result.value.dump();
        if (shown != kiosk.shown_json) {
            kiosk.dashboard = std::move(dashboard);
            kiosk.shown_json = std::move(shown);
            ++kiosk.data_revision;
            changed = true;
        }
        if (!news && now - kiosk.sent_at < kStatusBusyDelay) {
            kiosk.next_poll_at = kiosk.sent_at + kStatusBusyDelay;
        } else {
            PollKiosk();
        }
    }
    if (kiosk.status() != before) changed = true;
    if (changed) {
        screen_changed_ = true;
        platform_.RequestRedraw();
    }
}

void App::ScheduleKiosk() {
    const KioskState& kiosk = state_.kiosk;
    if (!KioskMode() || kiosk.in_flight || kiosk.next_poll_at <= 0) return;
    if (platform_.NowSeconds() >= kiosk.next_poll_at) PollKiosk();
}

// The platform keeps one timer. So after every frame the app asks again for the earliest moment
// it must run by itself: a due retry, the heartbeat, or the offline banner's next second.
void App::PlanNextWake() {
    double now = platform_.NowSeconds();
    if (KioskMode()) {
        // The next poll due (a backoff, a busy server) or the next change on screen (the
        // clock's minute, a page, the burn-in shift), whichever comes first.
        const KioskState& kiosk = state_.kiosk;
        double next = now + kKioskInvalidRetry;
        if (kiosk.next_poll_at > 0) next = std::min(next, kiosk.next_poll_at);
        if (kiosk.next_redraw_at > 0) next = std::min(next, kiosk.next_redraw_at);
        platform_.RedrawAfter(std::max(0.0, next - now) + 0.01);
        return;
    }
    double next = next_heartbeat_;
    for (const RemoteBase* remote : remotes_) {
        if (remote->retry_at > 0) next = std::min(next, remote->retry_at);
    }
    for (const auto& pending : waiting_submits_) next = std::min(next, pending->retry_at);
    if (state_.live.status.retry_at > 0) next = std::min(next, state_.live.status.retry_at);
    if (state_.live.next_at > 0) next = std::min(next, state_.live.next_at);
    if (state_.offline) next = std::min(next, std::floor(now) + 1.0);
    platform_.RedrawAfter(std::max(0.0, next - now) + 0.01);
}

void App::EndFrame() {
    double start = platform_.NowSeconds();
    bridge_.EndFrame();
    double built = platform_.NowSeconds();
    if (bridge_.HasBatch()) platform_.PublishAccessibility(bridge_.batch());
    double published = platform_.NowSeconds();
    // Said after the batch, so that a message about what the batch shows finds it there.
    for (const auto& [text, assertive] : announcements_) platform_.Announce(text, assertive);
    announcements_.clear();
    // The page's language follows the portal's, however it was decided (the browser, the
    // saved choice, the user's own from /me, the switch).
    const char* language = LanguageCode(state_.tr.language());
    if (document_language_ != language) {
        document_language_ = language;
        platform_.SetDocumentLanguage(document_language_);
    }
    // Bounded like frame_times_ (and left out of RetainedItems for the same reason: a fixed
    // ceiling, not a leak).
    last_mirror_ms_ = (built - start) * 1000.0;
    last_publish_ms_ = bridge_.HasBatch() ? (published - built) * 1000.0 : 0.0;
    if (mirror_times_.size() >= kFrameTimes) {
        mirror_times_.erase(mirror_times_.begin(), mirror_times_.begin() + kFrameTimes / 2);
        publish_times_.erase(publish_times_.begin(), publish_times_.begin() + kFrameTimes / 2);
    }
    mirror_times_.push_back(static_cast<float>(last_mirror_ms_));
    publish_times_.push_back(static_cast<float>(last_publish_ms_));
}

void App::Announce(const std::string& text, bool assertive) {
    if (text.empty()) return;
    announcements_.emplace_back(text, assertive);
    platform_.RequestRedraw();
}

void App::ActivateFromMirror(uint32_t key) {
    bridge_.ActivateFromMirror(key);
    platform_.RequestRedraw();
}

void App::FocusFromMirror(uint32_t key) {
    bridge_.FocusFromMirror(key);
    platform_.RequestRedraw();
}

std::string App::TakeMirrorStatsJson() {
    const TestBridge::Stats& stats = bridge_.stats();
    nlohmann::json json = {{"frames", stats.frames},        {"batches", stats.batches},
                           {"bytes", stats.bytes},          {"nodes", stats.nodes},
                           {"lastDiffMs", last_mirror_ms_}, {"lastPublishMs", last_publish_ms_},
                           {"diffMs", mirror_times_},       {"publishMs", publish_times_}};
    mirror_times_.clear();
    publish_times_.clear();
    return json.dump();
}

void App::SetDisplayPreferences(const theme::DisplayPreferences& preferences) {
    state_.palette = theme::PaletteFor(preferences);
    style_stale_ = true;
    platform_.RequestRedraw();
}

bool App::WantsAnimation() const {
    // Reduced motion: the spinner stands still, so nothing moves by itself.
    if (KioskMode() || state_.palette.reduced_motion) return false;
    for (const RemoteBase* remote : remotes_) {
        if (remote->loading() && !remote->has_value()) return true;
    }
    return false;
}

void App::RecordFrameTime(double milliseconds) {
    if (frame_times_.size() >= kFrameTimes) {
        frame_times_.erase(frame_times_.begin(), frame_times_.begin() + kFrameTimes / 2);
    }
    frame_times_.push_back(static_cast<float>(milliseconds));
}

size_t App::RetainedItems() const {
    return remotes_.size() + waiting_submits_.size() + frame_times_.capacity() + work_.capacity() +
           queue_.capacity();
}

std::string App::TakeFrameTimesJson() {
    nlohmann::json times = frame_times_;
    frame_times_.clear();
    return times.dump();
}

std::string App::StateJson() const {
    nlohmann::json loading = nlohmann::json::array();
    nlohmann::json failing = nlohmann::json::array();
    for (const RemoteBase* remote : remotes_) {
        if (remote->status == RequestStatus::Loading) loading.push_back(remote->name);
        // A retry after a failure is still failing until an answer comes back.
        if (remote->status == RequestStatus::Failed ||
            (remote->status == RequestStatus::Loading && remote->failed_attempts > 0)) {
            failing.push_back(remote->name);
        }
    }
    // The status request is always waiting on the server (long polling): never "loading".
    if (state_.live.status.status == RequestStatus::Failed) failing.push_back("status");
    nlohmann::json user = nullptr;
    if (state_.me.value) {
        user = {{"email", state_.me.value->user.email},
                {"name", state_.me.value->user.name},
                {"operator", state_.me.value->is_operator}};
    }
    const AccountSummary* account = state_.CurrentAccount();
    nlohmann::json json = {
        {"route", FormatRoute(state_.route)},
        {"page", PageSlug(state_.route.page)},
        {"language", LanguageCode(state_.tr.language())},
        {"user", user},
        {"signedOut", state_.signed_out},
        {"account",
         account ? nlohmann::json(
                       {{"id", account->id}, {"name", account->name}, {"role", account->role}})
                 : nlohmann::json(nullptr)},
        // An operator's read-only view of an account they are no member of.
        {"supportView", state_.SupportView()},
        {"accountVersion", state_.account.state.value ? state_.account.version : 0},
        // How many accounts the user can open; null until known.
        {"accountCount", state_.accounts.value ? nlohmann::json(state_.accounts.value->size())
                                               : nlohmann::json(nullptr)},
        {"loading", loading},
        {"failing", failing},
        {"online", !state_.offline},
        {"lastError", state_.has_error ? ErrorJson(state_.last_error) : nlohmann::json(nullptr)},
        {"frame", state_.frame},
        // The display preferences' theme ("light", "high-contrast", "forced-colors") and
        // whether motion is reduced (theme::PaletteFor).
        {"theme", state_.palette.name},
        {"reducedMotion", state_.palette.reduced_motion},
        {"firstDataFrameMs", state_.first_data_frame_seconds < 0
                                 ? nlohmann::json(nullptr)
                                 : nlohmann::json(state_.first_data_frame_seconds * 1000.0)},
    };
    if (state_.health.value) json["serverVersion"] = state_.health.value->version;
    const LiveStatus& live = state_.live;
    json["statusVersion"] =
        live.status.value ? nlohmann::json(live.status.value->version) : nlohmann::json(nullptr);
    json["kiosk"] = KioskMode() ? KioskJson(state_.kiosk) : nlohmann::json(nullptr);
    return json.dump();
}

}  // namespace portal::app
