#include "api/client.h"

namespace portal::api {

Client::Client(Transport& transport, Poster post) : transport_(transport), post_(std::move(post)) {}

Failure ClassifyResponse(const HttpResponse& response, Json& json, ApiError& error) {
    error.status = response.status;
    if (response.status == 0) {
        error.code = "network";
        error.message = response.network_error.empty() ? "The server cannot be reached"
                                                       : response.network_error;
        return Failure::Network;
    }
    if (response.status < 200 || response.status >= 300) {
        if (!ParseErrorEnvelope(response.body, error)) {
            // A proxy or a crashed server answers without our envelope: say what we know.
            error.code = "http_" + std::to_string(response.status);
            error.message = "The server answered with status " + std::to_string(response.status);
        }
        error.status = response.status;
        return Failure::Http;
    }
    if (response.status == 204 || response.body.empty()) {
        json = nullptr;  // No Content: nothing to read
        return Failure::None;
    }
    std::string parse_error;
    if (!ParseJson(response.body, json, parse_error)) {
        error.code = "bad_response";
        error.message = "The server's answer could not be read (" + parse_error + ")";
        return Failure::Parse;
    }
    return Failure::None;
}

void Client::GetHealth(std::function<void(Result<Health>)> done) {
    Call<Health>(GetRequest("/api/v1/health"), &HealthFromJson, std::move(done));
}

void Client::GetCatalogue(std::function<void(Result<Catalogue>)> done) {
    Call<Catalogue>(GetRequest("/api/v1/catalogue"), &CatalogueFromJson, std::move(done));
}

namespace {

bool KeepJson(const Json& json, Json& out, std::vector<FieldError>&) {
    out = json;
    return true;
}

}  // namespace

void Client::Send(const std::string& method, const std::string& path, const Json& body,
                  std::vector<std::pair<std::string, std::string>> headers,
                  std::function<void(Result<Json>)> done) {
    HttpRequest request;
    request.headers = std::move(headers);
    request.method = method;
    request.path = path;
    if (!body.is_null()) request.body = body.dump();
    Call<Json>(std::move(request), &KeepJson, std::move(done));
}

void Client::SendText(const std::string& method, const std::string& path,
                      const std::string& content_type, std::string body,
                      std::vector<std::pair<std::string, std::string>> headers,
                      std::function<void(Result<Json>)> done) {
    HttpRequest request;
    request.headers = std::move(headers);
    request.headers.emplace_back("Content-Type", content_type);
    request.method = method;
    request.path = path;
    request.body = std::move(body);
    Call<Json>(std::move(request), &KeepJson, std::move(done));
}

}  // namespace portal::api
