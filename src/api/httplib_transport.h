// A native Transport over cpp-httplib, for tests that drive the real server through the same
// client the browser uses. Send() blocks, then calls done on the caller's thread.
#pragma once

#include <memory>
#include <string>

#include "api/transport.h"

namespace portal::api {

class HttplibTransport : public Transport {
  public:
    HttplibTransport(std::string host, int port);
    ~HttplibTransport() override;
    void Send(HttpRequest request, std::function<void(HttpResponse)> done) override;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace portal::api
