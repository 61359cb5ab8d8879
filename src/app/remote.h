// The life cycle of one piece of server data, shown to the user as it is:
//   Idle -> Loading -> Loaded | Failed (-> Loading on retry)
// A failed reload keeps the last good value, so the page stays useful while it says what failed.
// Submission is the same for a change the user sends: the form keeps what was typed while it
// is in flight and after it fails.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "api/json_fields.h"
#include "api/result.h"

namespace portal::app {

enum class RequestStatus { Idle, Loading, Failed, Loaded };

const char* RequestStatusName(RequestStatus status);

struct RemoteBase {
    explicit RemoteBase(const char* name_) : name(name_) {}
    virtual ~RemoteBase() = default;
    RemoteBase(const RemoteBase&) = delete;
    RemoteBase& operator=(const RemoteBase&) = delete;

    const char* name;  // shown in window.portalState().loading, e.g. "catalogue"
    RequestStatus status = RequestStatus::Idle;
    api::Failure failure = api::Failure::None;
    api::ApiError error;
    int failed_attempts = 0;  // consecutive failures, for backoff
    double retry_at = 0;      // NowSeconds() of the next automatic retry; 0: none planned
    // Each request carries the generation it was sent in: Reset() moves it, so the answer to
    // a request that no longer matters (another account was chosen) is dropped.
    unsigned generation = 0;
    std::function<void()> reload;  // sends the last request again (set by the app)

    bool loading() const { return status == RequestStatus::Loading; }
    virtual bool has_value() const = 0;

    // Marks the request as sent; false when it is already in flight (never send twice).
    bool Begin() {
        if (status == RequestStatus::Loading) return false;
        status = RequestStatus::Loading;
        retry_at = 0;
        return true;
    }
    void Succeeded() {
        failure = api::Failure::None;
        status = RequestStatus::Loaded;
        failed_attempts = 0;
        error = {};
    }
    void Failed(api::Failure why, api::ApiError what) {
        failure = why;
        status = RequestStatus::Failed;
        error = std::move(what);
        ++failed_attempts;
    }
    // Forgets the value and any request in flight.
    void Reset() {
        ++generation;
        status = RequestStatus::Idle;
        failure = api::Failure::None;
        error = {};
        failed_attempts = 0;
        retry_at = 0;
        reload = nullptr;
        Clear();
    }

  protected:
    virtual void Clear() = 0;
};

template <class T>
struct Remote : RemoteBase {
    using RemoteBase::RemoteBase;
    std::optional<T> value;

    bool has_value() const override { return value.has_value(); }

    void Apply(api::Result<T>&& result) {
        if (result.ok()) {
            value = std::move(result.value);
            Succeeded();
        } else {
            Failed(result.failure, std::move(result.error));
        }
    }

  protected:
    void Clear() override { value.reset(); }
};

// A change sent to the server (sign in, assign a license, invite someone).
struct Submission {
    RequestStatus status = RequestStatus::Idle;
    api::Failure failure = api::Failure::None;
    api::ApiError error;
    unsigned generation = 0;
    std::string idempotency_key;  // kept across automatic retries of one change

    bool busy() const { return status == RequestStatus::Loading; }
    bool failed() const { return status == RequestStatus::Failed; }
    bool done() const { return status == RequestStatus::Loaded; }
    // The error of a given field ("email"), or nullptr.
    const std::string* FieldError(const std::string& field) const {
        for (const auto& problem : error.fields) {
            if (problem.field == field) return &problem.message;
        }
        return nullptr;
    }
    void Clear() {
        ++generation;
        status = RequestStatus::Idle;
        failure = api::Failure::None;
        error = {};
        idempotency_key.clear();
    }
};

}  // namespace portal::app
