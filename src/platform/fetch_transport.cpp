#include "platform/fetch_transport.h"

#include <emscripten/fetch.h>

#include <cstring>
#include <memory>

namespace portal::platform {

namespace {

// Lives from Send() until the fetch completes: emscripten_fetch keeps pointers to the
// headers and the body.
struct PendingFetch {
    api::HttpRequest request;
    std::function<void(api::HttpResponse)> done;
    std::vector<const char*> header_pointers;
};

void OnFetchDone(emscripten_fetch_t* fetch) {
    std::unique_ptr<PendingFetch> pending(static_cast<PendingFetch*>(fetch->userData));
    api::HttpResponse response;
    // 4xx/5xx arrive here through onerror too, with their status and body.
    response.status = fetch->status;
    if (fetch->data && fetch->numBytes > 0) {
        response.body.assign(fetch->data, static_cast<size_t>(fetch->numBytes));
    }
    if (response.status == 0) {
        response.network_error = "The server cannot be reached";
        response.body.clear();
    }
    emscripten_fetch_close(fetch);
    pending->done(std::move(response));
}

}  // namespace

void FetchTransport::Send(api::HttpRequest request, std::function<void(api::HttpResponse)> done) {
    auto pending = std::make_unique<PendingFetch>();
    pending->request = std::move(request);
    pending->done = std::move(done);
    for (const auto& [name, value] : pending->request.headers) {
        pending->header_pointers.push_back(name.c_str());
        pending->header_pointers.push_back(value.c_str());
    }
    pending->header_pointers.push_back(nullptr);

    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strncpy(attr.requestMethod, pending->request.method.c_str(),
                 sizeof(attr.requestMethod) - 1);
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.requestHeaders = pending->header_pointers.data();
    if (!pending->request.body.empty()) {
        attr.requestData = pending->request.body.data();
        attr.requestDataSize = pending->request.body.size();
    }
    attr.timeoutMSecs = static_cast<unsigned>(pending->request.timeout_ms);
    attr.onsuccess = OnFetchDone;
    attr.onerror = OnFetchDone;
    PendingFetch* raw = pending.release();
    attr.userData = raw;
    emscripten_fetch(&attr, raw->request.path.c_str());
}

}  // namespace portal::platform
