// The OpenID Connect relying party of oidc_client.h: discovery, the JWKS cache and the code
// exchange, every request through the injected sender (net::Send by default).
#include "server/sso/oidc_client.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace portal::server::sso {
namespace {

using namespace std::chrono_literals;

// Keys are re-read hourly so that a key the provider withdrew stops being trusted; an unknown
// kid may refetch sooner, but not more than once a minute (tokens with made-up kids are free).
constexpr auto kKeysTtl = 1h;
constexpr auto kRefetchInterval = 1min;
const std::chrono::steady_clock::time_point kNever{};

bool Fail(std::string& error, std::string message) {
    error = std::move(message);
    return false;
}

// A provider's words go into audit entries and redirects: printable ASCII, bounded.
std::string Quote(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (out.size() >= 200) {
            out += "...";
            break;
        }
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return "\"" + out + "\"";
}

std::string StringMember(const api::Json& object, const char* name) {
    auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Absolute http(s) with a host and no fragment; net::Send re-checks the scheme and address.
bool IsHttpUrl(const std::string& url) {
    std::string lower = url.substr(0, 8);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    size_t host = lower.rfind("https://", 0) == 0  ? 8
                  : lower.rfind("http://", 0) == 0 ? 7
                                                   : std::string::npos;
    if (host == std::string::npos || host >= url.size()) return false;
    if (url[host] == '/' || url[host] == '?' || url[host] == '#') return false;
    return url.find('#') == std::string::npos &&
           std::none_of(url.begin(), url.end(),
                        [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}

bool HoldsString(const api::Json& document, const char* name, const char* value) {
    auto it = document.find(name);
    if (it == document.end() || !it->is_array()) return false;
    return std::any_of(it->begin(), it->end(), [&](const api::Json& entry) {
        return entry.is_string() && entry.get_ref<const std::string&>() == value;
    });
}

// application/x-www-form-urlencoded as RFC 6749 Appendix B asks: unreserved characters kept,
// space as '+', every other byte percent-encoded.
std::string FormEncode(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == ' ') {
            out += '+';
        } else {
            out += net::PercentEncode(std::string_view(&c, 1));
        }
    }
    return out;
}

std::string Base64(std::string_view bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < bytes.size(); i += 3) {
        size_t n = std::min<size_t>(3, bytes.size() - i);
        uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
        if (n > 1) v |= static_cast<uint8_t>(bytes[i + 1]) << 8;
        if (n > 2) v |= static_cast<uint8_t>(bytes[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += n > 1 ? kAlphabet[(v >> 6) & 63] : '=';
        out += n > 2 ? kAlphabet[v & 63] : '=';
    }
    return out;
}

// Transport failures in plain words; true when the target answered (whatever the status).
bool Answered(const net::HttpResult& result, std::string& error) {
    switch (result.outcome) {
        case net::HttpResult::Outcome::Answered:
            return true;
        case net::HttpResult::Outcome::Refused:
            return Fail(error, "not allowed: " + result.error);
        case net::HttpResult::Outcome::NetworkError:
            break;
    }
    return Fail(error, "not reachable: " + result.error);
}

net::HttpRequest Get(const std::string& url) {
    net::HttpRequest request;
    request.method = "GET";
    request.url = url;
    request.headers.emplace_back("Accept", "application/json");
    return request;
}

}  // namespace

bool MetadataFromDocument(const api::Json& document, ProviderMetadata& out, std::string& error) {
    out = ProviderMetadata{};
    if (!document.is_object()) return Fail(error, "the discovery document is not a JSON object");
    out.issuer = StringMember(document, "issuer");
    if (out.issuer.empty()) return Fail(error, "the discovery document has no issuer");
    struct Endpoint {
        const char* name;
        std::string* value;
    };
    for (Endpoint endpoint :
         {Endpoint{"authorization_endpoint", &out.authorization_endpoint},
          Endpoint{"token_endpoint", &out.token_endpoint}, Endpoint{"jwks_uri", &out.jwks_uri}}) {
        *endpoint.value = StringMember(document, endpoint.name);
        if (endpoint.value->empty()) {
            return Fail(error, std::string("the discovery document has no ") + endpoint.name);
        }
        if (!IsHttpUrl(*endpoint.value)) {
            return Fail(error, std::string(endpoint.name) + " is not an absolute http(s) URL");
        }
    }
    if (document.contains("end_session_endpoint")) {
        out.end_session_endpoint = StringMember(document, "end_session_endpoint");
        if (!IsHttpUrl(out.end_session_endpoint)) {
            return Fail(error, "end_session_endpoint is not an absolute http(s) URL");
        }
    }
    if (!HoldsString(document, "response_types_supported", "code")) {
        return Fail(error,
                    "the provider does not support the authorization code flow "
                    "(response_types_supported lacks \"code\")");
    }
    // Absent means unknown (PKCE is sent anyway); listed without S256 means it would be ignored.
    if (document.contains("code_challenge_methods_supported") &&
        !HoldsString(document, "code_challenge_methods_supported", "S256")) {
        return Fail(error, "the provider does not support PKCE with S256");
    }
    auto iss = document.find("authorization_response_iss_parameter_supported");
    out.iss_parameter_supported = iss != document.end() && iss->is_boolean() && iss->get<bool>();
    out.document = document;
    return true;
}

OidcClient::OidcClient(net::OutboundPolicy policy, Sender send)
    : policy_(policy),
      send_(std::move(send)),
      now_([] { return std::chrono::steady_clock::now(); }) {
    if (!send_) {
        send_ = [policy](const net::HttpRequest& request) { return net::Send(request, policy); };
    }
}

void OidcClient::SetClockForTesting(Clock now) {
    now_ = std::move(now);
}

bool OidcClient::Discover(const std::string& issuer, ProviderMetadata& out, std::string& error) {
    out = ProviderMetadata{};
    if (!IsHttpUrl(issuer) || issuer.find('?') != std::string::npos) {
        return Fail(error, "the issuer must be an http(s) URL without query or fragment");
    }
    std::string base = issuer;
    while (!base.empty() && base.back() == '/') base.pop_back();
    net::HttpResult result = send_(Get(base + "/.well-known/openid-configuration"));
    if (!Answered(result, error)) return false;
    if (result.status != 200) {
        return Fail(error, "the discovery document answered " + std::to_string(result.status));
    }
    api::Json document;
    std::string parse_error;
    if (!api::ParseJson(result.body, document, parse_error) || !document.is_object()) {
        return Fail(error, "the discovery document is not a JSON object");
    }
    // OpenID Connect Discovery §4.3: anything else would let one provider speak for another.
    std::string stated = StringMember(document, "issuer");
    if (stated != issuer) {
        return Fail(error, "the provider's issuer is " +
                               (stated.empty() ? std::string("missing") : stated) + " but " +
                               issuer + " was configured");
    }
    return MetadataFromDocument(document, out, error);
}

bool OidcClient::Fetch(const std::string& jwks_uri, CachedKeys& out, std::string& error) {
    net::HttpResult result = send_(Get(jwks_uri));
    if (!Answered(result, error)) return Fail(error, "the provider's keys (JWKS): " + error);
    if (result.status != 200) {
        return Fail(error, "the provider's keys (JWKS) answered " + std::to_string(result.status));
    }
    api::Json document;
    std::string parse_error;
    if (!api::ParseJson(result.body, document, parse_error)) {
        return Fail(error, "the provider's keys (JWKS) are not JSON");
    }
    if (!ParseJwks(document, out.keys, parse_error)) {
        return Fail(error, "the provider's keys: " + parse_error);
    }
    return true;
}

bool OidcClient::Keys(const std::string& jwks_uri, bool refresh, std::vector<PublicKey>& keys,
                      std::string& error) {
    auto now = now_();
    {
        std::lock_guard lock(mutex_);
        auto it = keys_.find(jwks_uri);
        if (it != keys_.end()) {
            CachedKeys& cached = it->second;
            bool fresh = cached.fetched_at != kNever && now - cached.fetched_at < kKeysTtl;
            if (fresh && (!refresh || now - cached.attempted_at < kRefetchInterval)) {
                keys = cached.keys;
                return true;
            }
            if (refresh && now - cached.attempted_at < kRefetchInterval) {
                return Fail(error, "the provider's keys were fetched less than a minute ago");
            }
        }
        // Claimed before the request, outside the lock: concurrent sign-ins do not refetch twice
        // and one slow provider does not hold up the others.
        keys_[jwks_uri].attempted_at = now;  // a new entry's fetched_at stays kNever
    }
    CachedKeys fetched;
    if (!Fetch(jwks_uri, fetched, error)) return false;
    std::lock_guard lock(mutex_);
    CachedKeys& entry = keys_[jwks_uri];
    entry.keys = fetched.keys;
    entry.fetched_at = now;
    keys = std::move(fetched.keys);
    return true;
}

bool OidcClient::VerifySigned(const std::string& jwks_uri, const std::string& compact, Jws& jws,
                              std::string& error) {
    if (!ParseJws(compact, jws, error)) return false;
    std::vector<PublicKey> keys;
    if (!Keys(jwks_uri, false, keys, error)) return false;
    KeyLookup lookup = VerifyJws(jws, keys, error);
    if (lookup == KeyLookup::UnknownKid) {
        // Key rotation: the provider may sign with a key published after our last fetch.
        std::string fetch_error;
        if (Keys(jwks_uri, true, keys, fetch_error)) lookup = VerifyJws(jws, keys, error);
    }
    return lookup == KeyLookup::Verified;
}

bool OidcClient::ExchangeCode(const ProviderMetadata& provider, const std::string& client_id,
                              const std::string& client_secret, const std::string& code,
                              const std::string& redirect_uri, const std::string& code_verifier,
                              TokenResponse& out, std::string& error) {
    out = TokenResponse{};
    net::HttpRequest request;
    request.method = "POST";
    request.url = provider.token_endpoint;
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.headers.emplace_back("Accept", "application/json");
    // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined, so that a ':' in
    // either survives; set here rather than by curl, which would not encode them.
    request.headers.emplace_back("Authorization", "Basic " + Base64(FormEncode(client_id) + ":" +
                                                                    FormEncode(client_secret)));
    request.body = "grant_type=authorization_code&code=" + FormEncode(code) +
                   "&redirect_uri=" + FormEncode(redirect_uri) +
                   "&code_verifier=" + FormEncode(code_verifier);
    net::HttpResult result = send_(request);
    if (!Answered(result, error)) return Fail(error, "the token endpoint: " + error);
    api::Json body;
    std::string parse_error;
    bool is_json = api::ParseJson(result.body, body, parse_error) && body.is_object();
    if (result.status != 200) {
        std::string message = "the token endpoint answered " + std::to_string(result.status);
        if (is_json && body.contains("error")) {
            message += " " + Quote(StringMember(body, "error"));
            std::string description = StringMember(body, "error_description");
            if (!description.empty()) message += ": " + Quote(description);
        }
        return Fail(error, message);
    }
    if (!is_json) return Fail(error, "the token endpoint's answer is not a JSON object");
    out.id_token = StringMember(body, "id_token");
    out.access_token = StringMember(body, "access_token");
    if (out.id_token.empty()) return Fail(error, "the token endpoint's answer has no id_token");
    return true;
}

}  // namespace portal::server::sso
