// The life cycle of one piece of server data, shown to the user as it is:
//   Idle -> Loading -> Loaded | Failed (-> Loading on retry)
// A failed reload keeps the last good value, so the page stays useful while it says what failed.
#pragma once

#include <optional>
#include <string>

#include "api/result.h"

namespace portal::app {

enum class RequestStatus { Idle, Loading, Failed, Loaded };

const char* RequestStatusName(RequestStatus status);

template <class T>
struct Remote {
    explicit Remote(const char* name_) : name(name_) {}

    const char* name;  // shown in window.portalState().loading, e.g. "catalogue"
    RequestStatus status = RequestStatus::Idle;
    std::optional<T> value;
    api::Failure failure = api::Failure::None;
    api::ApiError error;
    int failed_attempts = 0;  // consecutive failures, for backoff
    double retry_at = 0;      // NowSeconds() of the next automatic retry; 0: none planned

    bool loading() const { return status == RequestStatus::Loading; }

    // Marks the request as sent; false when it is already in flight (never send twice).
    bool Begin() {
        if (status == RequestStatus::Loading) return false;
        status = RequestStatus::Loading;
        retry_at = 0;
        return true;
    }

    void Apply(api::Result<T>&& result) {
        failure = result.failure;
        if (result.ok()) {
            value = std::move(result.value);
            status = RequestStatus::Loaded;
            failed_attempts = 0;
            error = {};
        } else {
            status = RequestStatus::Failed;
            error = std::move(result.error);
            ++failed_attempts;
        }
    }
};

}  // namespace portal::app
