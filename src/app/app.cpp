#include "app/app.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "app/views/views.h"
#include "core/retry.h"

namespace portal::app {

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

// While everything works, the health check is the only request an idle portal makes: it notices
// a lost server within this many seconds.
constexpr double kHeartbeatSeconds = 30.0;

}  // namespace

App::App(api::Transport& transport, Platform& platform)
    : platform_(platform),
      client_(transport, [this](std::function<void()> work) { Post(std::move(work)); }) {
    LoadPageData();
    next_heartbeat_ = platform_.NowSeconds() + kHeartbeatSeconds;
    PlanNextWake();
}

void App::Post(std::function<void()> work) {
    {
        std::lock_guard<std::mutex> lock(queue_mutex_);
        queue_.push_back(std::move(work));
    }
    platform_.RequestRedraw();
}

void App::OnLocationHash(const std::string& hash) {
    Route route = ParseRoute(hash);
    if (route == state_.route) return;
    state_.route = std::move(route);
    LoadPageData();
    platform_.RequestRedraw();
}

void App::Navigate(const Route& route) {
    if (route == state_.route) return;
    state_.route = route;
    platform_.SetLocationHash(FormatRoute(route), /*push=*/true);
    LoadPageData();
    platform_.RequestRedraw();
}

template <class T>
void App::Load(Remote<T>& remote, void (api::Client::*call)(std::function<void(api::Result<T>)>)) {
    if (!remote.Begin()) return;
    (client_.*
     call)([this, &remote](api::Result<T> result) { OnResult(remote, std::move(result)); });
    platform_.RequestRedraw();
}

template <class T>
void App::OnResult(Remote<T>& remote, api::Result<T>&& result) {
    remote.Apply(std::move(result));
    if (remote.status == RequestStatus::Failed) {
        state_.last_error = remote.error;
        state_.has_error = true;
        if (remote.failure == api::Failure::Network) state_.offline = true;
        if (IsTransient(remote.failure, remote.error)) {
            double delay = RetryDelaySeconds(remote.failed_attempts);
            remote.retry_at = platform_.NowSeconds() + delay;
        }
    } else {
        // One answer proves the server is reachable again.
        state_.offline = false;
    }
}

void App::LoadPageData() {
    // The overview's data is small and static: load it once, whatever page opens first.
    if (state_.health.status == RequestStatus::Idle) Load(state_.health, &api::Client::GetHealth);
    if (state_.catalogue.status == RequestStatus::Idle) {
        Load(state_.catalogue, &api::Client::GetCatalogue);
    }
}

void App::RetryNow() {
    if (state_.health.status == RequestStatus::Failed) Load(state_.health, &api::Client::GetHealth);
    if (state_.catalogue.status == RequestStatus::Failed) {
        Load(state_.catalogue, &api::Client::GetCatalogue);
    }
}

void App::Refresh() {
    Load(state_.health, &api::Client::GetHealth);
    Load(state_.catalogue, &api::Client::GetCatalogue);
}

void App::Heartbeat() {
    double now = platform_.NowSeconds();
    if (now < next_heartbeat_) return;
    next_heartbeat_ = now + kHeartbeatSeconds;
    // A failed health check is already being retried with backoff.
    if (state_.health.status != RequestStatus::Failed) Load(state_.health, &api::Client::GetHealth);
}

void App::ScheduleRetries() {
    double now = platform_.NowSeconds();
    auto due = [now](auto& remote) {
        return remote.status == RequestStatus::Failed && remote.retry_at > 0 &&
               now >= remote.retry_at;
    };
    if (due(state_.health)) Load(state_.health, &api::Client::GetHealth);
    if (due(state_.catalogue)) Load(state_.catalogue, &api::Client::GetCatalogue);
}

bool App::ProcessEvents() {
    std::vector<std::function<void()>> work;
    {
        std::lock_guard<std::mutex> lock(queue_mutex_);
        work.swap(queue_);
    }
    for (auto& item : work) item();
    ScheduleRetries();
    Heartbeat();
    return !work.empty();
}

void App::Draw() {
    ++state_.frame;
    bridge_.BeginFrame();
    DrawShell(state_, *this);
    if (state_.first_data_frame_seconds < 0 && state_.catalogue.value &&
        state_.route.page == Page::Overview) {
        state_.first_data_frame_seconds = platform_.NowSeconds();
    }
    PlanNextWake();
}

// The platform keeps one timer. So after every frame the app asks again for the earliest moment
// it must run by itself: a due retry, the heartbeat, or the offline banner's next second.
void App::PlanNextWake() {
    double now = platform_.NowSeconds();
    double next = next_heartbeat_;
    for (double at : {state_.health.retry_at, state_.catalogue.retry_at}) {
        if (at > 0) next = std::min(next, at);
    }
    if (state_.offline) next = std::min(next, std::floor(now) + 1.0);
    platform_.RedrawAfter(std::max(0.0, next - now) + 0.01);
}

void App::EndFrame() {
    bridge_.EndFrame();
}

bool App::WantsAnimation() const {
    return (state_.health.loading() && !state_.health.value) ||
           (state_.catalogue.loading() && !state_.catalogue.value);
}

std::string App::StateJson() const {
    nlohmann::json loading = nlohmann::json::array();
    nlohmann::json failing = nlohmann::json::array();
    auto add = [&](const auto& remote) {
        if (remote.status == RequestStatus::Loading) loading.push_back(remote.name);
        if (remote.status == RequestStatus::Failed) failing.push_back(remote.name);
    };
    add(state_.health);
    add(state_.catalogue);
    nlohmann::json json = {
        {"route", FormatRoute(state_.route)},
        {"page", PageSlug(state_.route.page)},
        {"user", nullptr},
        {"loading", loading},
        {"failing", failing},
        {"online", !state_.offline},
        {"lastError", state_.has_error ? ErrorJson(state_.last_error) : nlohmann::json(nullptr)},
        {"frame", state_.frame},
        {"firstDataFrameMs", state_.first_data_frame_seconds < 0
                                 ? nlohmann::json(nullptr)
                                 : nlohmann::json(state_.first_data_frame_seconds * 1000.0)},
    };
    if (state_.health.value) json["serverVersion"] = state_.health.value->version;
    return json.dump();
}

}  // namespace portal::app
