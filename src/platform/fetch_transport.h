// api::Transport over emscripten_fetch: asynchronous, never blocks a frame. Completion runs on
// the main thread from the browser's event loop, between animation frames.
#pragma once

#include "api/transport.h"

namespace portal::platform {

class FetchTransport : public api::Transport {
  public:
    void Send(api::HttpRequest request, std::function<void(api::HttpResponse)> done) override;
};

}  // namespace portal::platform
