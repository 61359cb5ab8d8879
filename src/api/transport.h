// The one seam between the REST client and the network. Implementations:
//   platform/fetch_transport (browser, emscripten_fetch), api/httplib_transport (native tests),
//   and in-process fakes in tests. Chosen by CMake, never by #ifdef in views.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace portal::api {

struct HttpRequest {
    std::string method = "GET";
    std::string path;  // "/api/v1/health", relative to the portal's origin
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    int timeout_ms = 15000;
};

inline HttpRequest GetRequest(std::string path) {
    HttpRequest request;
    request.path = std::move(path);
    return request;
}

struct HttpResponse {
    int status = 0;  // 0: no HTTP answer at all (network down, timeout, aborted)
    std::string body;
    std::string network_error;  // when status == 0, what the transport knows of why
};

class Transport {
  public:
    virtual ~Transport() = default;
    // Sends asynchronously; done is called exactly once, possibly on another thread.
    virtual void Send(HttpRequest request, std::function<void(HttpResponse)> done) = 0;
};

}  // namespace portal::api
