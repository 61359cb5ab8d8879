// The REST client of /api/v1: one method per endpoint, each turning JSON into structs.
// Completion callbacks are handed to `post`, which the app points at its between-frames queue,
// so results are never applied in the middle of a frame, whatever thread the transport uses.
#pragma once

#include <functional>
#include <string>

#include "api/catalogue_json.h"
#include "api/health_json.h"
#include "api/result.h"
#include "api/transport.h"

namespace portal::api {

using Poster = std::function<void(std::function<void()>)>;

class Client {
  public:
    Client(Transport& transport, Poster post);

    void GetHealth(std::function<void(Result<Health>)> done);
    void GetCatalogue(std::function<void(Result<Catalogue>)> done);

    // Any endpoint, answered as JSON: the app parses it with the api/*_json readers. `body`
    // null sends none.
    void Send(const std::string& method, const std::string& path, const Json& body,
              std::vector<std::pair<std::string, std::string>> headers,
              std::function<void(Result<Json>)> done);

    // A body that is not JSON (a CSV file), answered as JSON.
    void SendText(const std::string& method, const std::string& path,
                  const std::string& content_type, std::string body,
                  std::vector<std::pair<std::string, std::string>> headers,
                  std::function<void(Result<Json>)> done);

    // "en" or "fr": the server writes its messages (refusals, field errors) in this language.
    void set_language(std::string language) { language_ = std::move(language); }

    // Shared by every endpoint: sends, classifies the failure, parses a 2xx body with `parse`.
    template <class T>
    using Parser = bool (*)(const Json&, T&, std::vector<FieldError>&);
    template <class T>
    void Call(HttpRequest request, Parser<T> parse, std::function<void(Result<T>)> done);

  private:
    Transport& transport_;
    Poster post_;
    std::string language_ = "en";
};

// Classifies a raw response; exposed for tests. On success leaves result.failure == None and
// puts the parsed body in json.
Failure ClassifyResponse(const HttpResponse& response, Json& json, ApiError& error);

template <class T>
void Client::Call(HttpRequest request, Parser<T> parse, std::function<void(Result<T>)> done) {
    request.headers.emplace_back("Accept", "application/json");
    request.headers.emplace_back("X-Requested-With", "portal");
    request.headers.emplace_back("Accept-Language", language_);
    bool typed = false;
    for (const auto& header : request.headers) typed |= header.first == "Content-Type";
    if (!request.body.empty() && !typed) {
        request.headers.emplace_back("Content-Type", "application/json");
    }
    Poster post = post_;
    transport_.Send(std::move(request),
                    [post, parse, done = std::move(done)](HttpResponse response) {
                        auto result = std::make_shared<Result<T>>();
                        Json json;
                        result->failure = ClassifyResponse(response, json, result->error);
                        if (result->ok()) {
                            std::vector<FieldError> problems;
                            if (!parse(json, result->value, problems)) {
                                result->failure = Failure::Parse;
                                result->error.status = response.status;
                                result->error.code = "bad_response";
                                result->error.message = "The server's answer could not be read";
                                result->error.fields = std::move(problems);
                            }
                        }
                        post([done, result] { done(std::move(*result)); });
                    });
}

}  // namespace portal::api
