// The typed outcome of one API call. Network failure, an HTTP error status and a body that does
// not parse are kept apart, because the user is told different things about each.
#pragma once

#include <string>

#include "api/error_json.h"

namespace portal::api {

enum class Failure {
    None,     // value is valid
    Network,  // no HTTP answer: offline, server down, timeout
    Http,     // the server answered with an error status; error holds its envelope
    Parse,    // a 2xx answer whose body is not what the API promises
};

template <class T>
struct Result {
    Failure failure = Failure::None;
    ApiError error;  // status, code and message for Http; message for Network and Parse
    T value{};

    bool ok() const { return failure == Failure::None; }
};

}  // namespace portal::api
