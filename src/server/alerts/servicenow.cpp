// The ServiceNow Table API client behind alerts/servicenow.h: URLs, JSON, the OAuth token cache,
// and the mapping of answers to Delivered / Retry / Failed.
#include "server/alerts/servicenow.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <nlohmann/json.hpp>

#include "server/password.h"

namespace portal::server::alerts_delivery {
namespace {

using Json = nlohmann::json;
using Kind = DeliveryOutcome::Kind;

// ServiceNow's correlation_id column holds 100 characters; a longer id would be cut when stored
// and never found again, and every retry would create another incident.
constexpr size_t kMaxCorrelationId = 100;

std::string Base(const ServiceNowSettings& settings) {
    std::string base = settings.instance_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
}

// Names that go into a URL path: nothing that could climb out of /api/now/table/.
bool IsPathWord(const std::string& word, bool lower_only) {
    return !word.empty() && word.size() <= 80 && std::all_of(word.begin(), word.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
               (!lower_only && c >= 'A' && c <= 'Z');
    });
}

std::string TableUrl(const ServiceNowSettings& settings) {
    return Base(settings) + "/api/now/table/" + settings.table;
}

// A JSON value ServiceNow sends as a string, or now and then as a number.
std::string Text(const Json& object, const char* key) {
    if (!object.is_object()) return {};
    auto it = object.find(key);
    if (it == object.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<long long>());
    return {};
}

std::string Clip(std::string text, size_t limit = 200) {
    if (text.size() > limit) text = text.substr(0, limit) + "...";
    return text;
}

// ServiceNow's error envelope: {"error":{"message":..., "detail":...}, "status":"failure"}.
std::string ServiceNowMessage(const std::string& body) {
    Json json = Json::parse(body, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return {};
    auto it = json.find("error");
    if (it == json.end()) return {};
    if (it->is_string()) return Clip(it->get<std::string>());  // OAuth's {"error":"..."}
    std::string message = Text(*it, "message");
    std::string detail = Text(*it, "detail");
    if (!detail.empty() && detail != message) message += message.empty() ? detail : ": " + detail;
    return Clip(message);
}

std::string StatusLine(int status) {
    switch (status) {
        case 400:
            return "400 Bad Request";
        case 401:
            return "401 Unauthorized";
        case 403:
            return "403 Forbidden";
        case 404:
            return "404 Not Found";
        case 405:
            return "405 Method Not Allowed";
        case 408:
            return "408 Request Timeout";
        case 429:
            return "429 Too Many Requests";
        case 500:
            return "500 Internal Server Error";
        case 502:
            return "502 Bad Gateway";
        case 503:
            return "503 Service Unavailable";
        case 504:
            return "504 Gateway Timeout";
        default:
            return "HTTP " + std::to_string(status);
    }
}

DeliveryOutcome Failed(std::string error, int status = 0) {
    DeliveryOutcome outcome;
    outcome.kind = Kind::Failed;
    outcome.error = std::move(error);
    outcome.http_status = status;
    return outcome;
}

// No answer: a refused target will not change by itself; the network may.
DeliveryOutcome FromTransport(const net::HttpResult& result) {
    if (result.outcome == net::HttpResult::Outcome::Refused) {
        return Failed("the instance URL " + result.error);
    }
    DeliveryOutcome outcome;
    outcome.kind = Kind::Retry;
    outcome.error = result.timed_out ? "no answer in time (" + result.error + ")"
                                     : "could not reach the instance (" + result.error + ")";
    return outcome;
}

// An answer that is not the success the caller wanted.
DeliveryOutcome FromAnswer(const net::HttpResult& result, const ServiceNowSettings& settings,
                           const std::string& not_found) {
    DeliveryOutcome outcome;
    outcome.http_status = result.status;
    int status = result.status;
    std::string said = ServiceNowMessage(result.body);
    std::string head = StatusLine(status);
    if (status == 429) {
        auto it = result.headers.find("retry-after");
        if (it != result.headers.end()) {
            outcome.retry_after_seconds = net::ParseRetryAfter(it->second, std::time(nullptr));
        }
        outcome.kind = Kind::Retry;
        outcome.error = head + ": ServiceNow's rate limit";
        return outcome;
    }
    if (status >= 500 || status == 408) {
        outcome.kind = Kind::Retry;
        outcome.error = head + " from ServiceNow" + (said.empty() ? "" : ": " + said);
        return outcome;
    }
    outcome.kind = Kind::Failed;
    if (status >= 300 && status < 400) {
        auto it = result.headers.find("location");
        outcome.error = head + " redirect" +
                        (it == result.headers.end() ? "" : " to " + Clip(it->second, 120)) +
                        ": check the instance URL (redirects are not followed)";
    } else if (status == 401) {
        outcome.error =
            head + (settings.auth_type == "oauth" ? ": check the OAuth client id and secret"
                                                  : ": check the user name and password");
    } else if (status == 403) {
        outcome.error = head + ": the account lacks the roles to use table " + settings.table +
                        (said.empty() ? "" : " (" + said + ")");
    } else if (status == 404) {
        outcome.error = head + ": " + not_found;
    } else {
        outcome.error = head + (said.empty() ? "" : ": " + said);
    }
    return outcome;
}

std::pair<std::string, std::string> UrgencyImpact(const std::string& severity) {
    if (severity == "critical") return {"1", "1"};
    if (severity == "major") return {"2", "2"};
    if (severity == "minor") return {"3", "2"};
    return {"3", "3"};  // warning, and anything unknown: the lowest priority
}

net::HttpRequest JsonRequest(std::string method, std::string url, const Json& body) {
    net::HttpRequest request;
    request.method = std::move(method);
    request.url = std::move(url);
    request.body = body.dump();
    request.headers.emplace_back("Content-Type", "application/json");
    return request;
}

const std::string kTableNotFound = "check the instance URL and the table name";

}  // namespace

ServiceNowClient::ServiceNowClient(net::OutboundPolicy policy) : policy_(policy) {}

bool ServiceNowClient::AccessToken(const ServiceNowSettings& settings, std::string& token,
                                   bool& fresh, DeliveryOutcome& outcome) {
    std::string key =
        Base(settings) + "\n" + settings.client_id + "\n" + Sha256Hex(settings.client_secret);
    auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        auto it = tokens_.find(key);
        if (it != tokens_.end() && now < it->second.use_until) {
            token = it->second.access_token;
            fresh = false;
            return true;
        }
    }
    // The grant runs without the lock: two threads may both fetch a token, which is harmless.
    net::HttpRequest request;
    request.method = "POST";
    request.url = Base(settings) + "/oauth_token.do";
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.headers.emplace_back("Accept", "application/json");
    request.body = "grant_type=client_credentials&client_id=" + net::PercentEncode(settings.client_id) +
                   "&client_secret=" + net::PercentEncode(settings.client_secret);
    net::HttpResult result = net::Send(request, policy_);
    if (result.outcome != net::HttpResult::Outcome::Answered) {
        outcome = FromTransport(result);
        return false;
    }
    if (result.status == 400 || result.status == 401) {
        // ServiceNow answers 401 {"error":"server_error","error_description":"access_denied"}
        // for an unknown client or a wrong secret.
        outcome = Failed(StatusLine(result.status) +
                             " from the OAuth token endpoint: check the OAuth client id and secret",
                         result.status);
        return false;
    }
    if (result.status != 200) {
        outcome = FromAnswer(result, settings,
                             "the OAuth token endpoint (/oauth_token.do) was not found: check the "
                             "instance URL and that OAuth is active");
        return false;
    }
    Json json = Json::parse(result.body, nullptr, false);
    std::string access = Text(json, "access_token");
    if (access.empty()) {
        outcome.kind = Kind::Retry;
        outcome.http_status = result.status;
        outcome.error = "the OAuth token endpoint's answer holds no access_token";
        return false;
    }
    long expires_in = 1800;  // ServiceNow's default lifetime when the answer does not say
    std::string expires = Text(json, "expires_in");
    if (!expires.empty()) expires_in = std::max(0L, std::strtol(expires.c_str(), nullptr, 10));
    // Given back shortly before it expires, so that no request carries a token that dies in
    // flight.
    long margin = expires_in > 120 ? 60 : expires_in / 2;
    {
        std::lock_guard lock(mutex_);
        tokens_[key] = {access, now + std::chrono::seconds(expires_in - margin)};
    }
    token = std::move(access);
    fresh = true;
    return true;
}

void ServiceNowClient::DropToken(const ServiceNowSettings& settings, const std::string& token) {
    std::string key =
        Base(settings) + "\n" + settings.client_id + "\n" + Sha256Hex(settings.client_secret);
    std::lock_guard lock(mutex_);
    auto it = tokens_.find(key);
    // Another thread may have put a new token there meanwhile: keep that one.
    if (it != tokens_.end() && it->second.access_token == token) tokens_.erase(it);
}

bool ServiceNowClient::Call(const ServiceNowSettings& settings, net::HttpRequest request,
                            net::HttpResult& result, DeliveryOutcome& outcome) {
    if (Base(settings).empty()) {
        outcome = Failed("the instance URL is empty");
        return false;
    }
    if (!IsPathWord(settings.table, true)) {
        outcome = Failed("the table name must be lower-case letters, digits and '_'");
        return false;
    }
    request.headers.emplace_back("Accept", "application/json");
    if (settings.auth_type == "basic") {
        if (settings.username.empty() || settings.password.empty()) {
            outcome = Failed("basic authentication needs a user name and a password");
            return false;
        }
        request.basic_user = settings.username;
        request.basic_password = settings.password;
        result = net::Send(request, policy_);
    } else if (settings.auth_type == "oauth") {
        if (settings.client_id.empty() || settings.client_secret.empty()) {
            outcome = Failed("OAuth needs a client id and a client secret");
            return false;
        }
        std::string token;
        bool fresh = false;
        if (!AccessToken(settings, token, fresh, outcome)) return false;
        net::HttpRequest with_token = request;
        with_token.headers.emplace_back("Authorization", "Bearer " + token);
        result = net::Send(with_token, policy_);
        if (!fresh && result.outcome == net::HttpResult::Outcome::Answered &&
            result.status == 401) {
            // The cached token was revoked or expired early: one new grant, one more try.
            DropToken(settings, token);
            if (!AccessToken(settings, token, fresh, outcome)) return false;
            request.headers.emplace_back("Authorization", "Bearer " + token);
            result = net::Send(request, policy_);
        }
    } else {
        outcome = Failed("the authentication type must be basic or oauth");
        return false;
    }
    if (result.outcome != net::HttpResult::Outcome::Answered) {
        outcome = FromTransport(result);
        return false;
    }
    return true;
}

DeliveryOutcome ServiceNowClient::OpenIncident(const ServiceNowSettings& settings,
                                               const IncidentFacts& facts) {
    const std::string& id = facts.correlation_id;
    if (id.empty() || id.size() > kMaxCorrelationId) {
        return Failed("the correlation id must have 1 to 100 characters");
    }
    // '^' joins conditions in an encoded query: such an id could match other incidents.
    if (id.find_first_of("^\r\n") != std::string::npos) {
        return Failed("the correlation id must not contain '^' or line breaks");
    }
    DeliveryOutcome outcome;
    net::HttpResult result;

    net::HttpRequest lookup;
    lookup.method = "GET";
    lookup.url = TableUrl(settings) + "?sysparm_query=" + net::PercentEncode("correlation_id=" + id) +
                 "&sysparm_limit=1&sysparm_fields=" + net::PercentEncode("sys_id,state,correlation_id");
    if (!Call(settings, lookup, result, outcome)) return outcome;
    if (result.status != 200) return FromAnswer(result, settings, kTableNotFound);
    Json found = Json::parse(result.body, nullptr, false);
    if (found.is_discarded() || !found.is_object() || !found.contains("result") ||
        !found["result"].is_array()) {
        outcome.kind = Kind::Retry;
        outcome.http_status = result.status;
        outcome.error = "the instance's answer is not the Table API's JSON (is it hibernating?)";
        return outcome;
    }
    const Json& rows = found["result"];
    // An instance that ignores a condition it cannot apply returns any incident: only one with
    // this very correlation id is ours.
    if (!rows.empty() && !Text(rows[0], "sys_id").empty() &&
        (!rows[0].contains("correlation_id") || Text(rows[0], "correlation_id") == id)) {
        std::string sys_id = Text(rows[0], "sys_id");
        std::string state = Text(rows[0], "state");
        outcome.external_id = sys_id;
        if (state == settings.resolve_state || state == "6" || state == "7") {
            // The same alert fired again: its incident comes back rather than a new one.
            if (!IsPathWord(sys_id, false)) return Failed("the instance answered a bad sys_id");
            Json reopen = {{"state", settings.reopen_state}};
            if (!Call(settings, JsonRequest("PATCH", TableUrl(settings) + "/" + sys_id, reopen),
                      result, outcome)) {
                outcome.external_id = sys_id;
                return outcome;
            }
            if (result.status != 200) {
                DeliveryOutcome failed = FromAnswer(
                    result, settings, "incident " + sys_id + " vanished while being reopened");
                failed.external_id = sys_id;
                return failed;
            }
            Json patched = Json::parse(result.body, nullptr, false);
            std::string now_state = patched.is_object() && patched.contains("result")
                                        ? Text(patched["result"], "state")
                                        : std::string();
            if (!now_state.empty() && now_state != settings.reopen_state) {
                // Business rules commonly keep closed incidents closed.
                DeliveryOutcome failed = Failed("incident " + sys_id + " is in state " + now_state +
                                                    " and ServiceNow did not reopen it",
                                                result.status);
                failed.external_id = sys_id;
                return failed;
            }
        }
        outcome.kind = Kind::Delivered;
        outcome.http_status = result.status;
        return outcome;
    }

    auto [urgency, impact] = UrgencyImpact(facts.severity);
    Json incident = Json::object();
    auto put = [&](const char* key, const std::string& value) {
        if (!value.empty()) incident[key] = value;
    };
    put("short_description", facts.short_description);
    put("description", facts.description);
    put("urgency", urgency);
    put("impact", impact);
    put("category", facts.category);
    put("correlation_id", id);
    put("correlation_display", facts.correlation_display);
    put("assignment_group", settings.assignment_group);
    put("caller_id", settings.caller_id);
    if (!Call(settings, JsonRequest("POST", TableUrl(settings), incident), result, outcome)) {
        return outcome;
    }
    if (result.status != 201 && result.status != 200) {
        return FromAnswer(result, settings, kTableNotFound);
    }
    Json created = Json::parse(result.body, nullptr, false);
    std::string sys_id = created.is_object() && created.contains("result")
                             ? Text(created["result"], "sys_id")
                             : std::string();
    if (sys_id.empty()) {
        // Created all the same: the next attempt's lookup finds it.
        outcome.kind = Kind::Retry;
        outcome.http_status = result.status;
        outcome.error = "the incident was created but the answer holds no sys_id";
        return outcome;
    }
    outcome.kind = Kind::Delivered;
    outcome.http_status = result.status;
    outcome.external_id = sys_id;
    return outcome;
}

DeliveryOutcome ServiceNowClient::ResolveIncident(const ServiceNowSettings& settings,
                                                  const std::string& sys_id,
                                                  const std::string& close_notes) {
    if (!IsPathWord(sys_id, false)) return Failed("the incident's sys_id is malformed");
    Json body = {{"state", settings.resolve_state}, {"close_notes", close_notes}};
    if (!settings.close_code.empty()) body["close_code"] = settings.close_code;
    DeliveryOutcome outcome;
    net::HttpResult result;
    if (!Call(settings, JsonRequest("PATCH", TableUrl(settings) + "/" + sys_id, body), result,
              outcome)) {
        outcome.external_id = sys_id;
        return outcome;
    }
    if (result.status != 200) {
        outcome = FromAnswer(result, settings, "incident " + sys_id + " no longer exists");
    } else {
        outcome.kind = Kind::Delivered;
        outcome.http_status = result.status;
    }
    outcome.external_id = sys_id;
    return outcome;
}

DeliveryOutcome ServiceNowClient::Test(const ServiceNowSettings& settings) {
    DeliveryOutcome outcome;
    net::HttpResult result;
    net::HttpRequest request;
    request.method = "GET";
    request.url = TableUrl(settings) + "?sysparm_limit=1";
    if (!Call(settings, request, result, outcome)) return outcome;
    if (result.status != 200) return FromAnswer(result, settings, kTableNotFound);
    Json json = Json::parse(result.body, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("result")) {
        return Failed(
            "the instance answered 200 but not with the Table API's JSON: check the instance URL "
            "(a hibernating developer instance answers with a web page)",
            result.status);
    }
    outcome.kind = Kind::Delivered;
    outcome.http_status = result.status;
    return outcome;
}

}  // namespace portal::server::alerts_delivery
