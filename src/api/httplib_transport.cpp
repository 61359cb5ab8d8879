#include "api/httplib_transport.h"

#include <httplib.h>

namespace portal::api {

struct HttplibTransport::Impl {
    httplib::Client client;
    Impl(const std::string& host, int port) : client(host, port) {}
};

HttplibTransport::HttplibTransport(std::string host, int port)
    : impl_(std::make_unique<Impl>(host, port)) {}

HttplibTransport::~HttplibTransport() = default;

void HttplibTransport::Send(HttpRequest request, std::function<void(HttpResponse)> done) {
    httplib::Headers headers;
    std::string content_type = "application/json";
    for (auto& [name, value] : request.headers) {
        if (name == "Content-Type") {
            content_type = value;
        } else {
            headers.emplace(name, value);
        }
    }
    auto& client = impl_->client;
    client.set_read_timeout(request.timeout_ms / 1000, (request.timeout_ms % 1000) * 1000);
    httplib::Result result = request.method == "GET"      ? client.Get(request.path, headers)
                             : request.method == "DELETE" ? client.Delete(request.path, headers)
                             : request.method == "PATCH"
                                 ? client.Patch(request.path, headers, request.body, content_type)
                             : request.method == "PUT"
                                 ? client.Put(request.path, headers, request.body, content_type)
                                 : client.Post(request.path, headers, request.body, content_type);
    HttpResponse response;
    if (result) {
        response.status = result->status;
        response.body = result->body;
    } else {
        response.network_error = httplib::to_string(result.error());
    }
    done(std::move(response));
}

}  // namespace portal::api
