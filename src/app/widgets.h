// Small drawing helpers shared by the views.
#pragma once

#include <string>

#include "app/app_state.h"

namespace portal::app {

// Text that matters (data, messages): drawn and published to the item tree.
void TextItem(const char* text);
void TextItem(const std::string& text);
void HeadingItem(const AppState& state, const char* text);
void MutedText(const char* text);
// A spinner sized to the current line.
void Spinner(double now_seconds);

// Draws what a request's status means for the page: a spinner while the first load runs, an
// error panel with Retry when it failed. Returns true when a value is there to draw (possibly
// stale while a reload runs or after it failed).
template <class T>
bool DrawRemoteStatus(const Remote<T>& remote, const char* what, AppController& controller);

// Non-template part of DrawRemoteStatus.
bool DrawRemoteStatusImpl(RequestStatus status, bool has_value, const api::Failure failure,
                          const api::ApiError& error, double retry_at, const char* what,
                          AppController& controller);

template <class T>
bool DrawRemoteStatus(const Remote<T>& remote, const char* what, AppController& controller) {
    return DrawRemoteStatusImpl(remote.status, remote.value.has_value(), remote.failure,
                                remote.error, remote.retry_at, what, controller);
}

// A sentence telling the user what went wrong, without codes.
std::string DescribeFailure(api::Failure failure, const api::ApiError& error);

}  // namespace portal::app
