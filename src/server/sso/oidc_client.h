// The portal as an OpenID Connect relying party, talking to a customer's identity provider over
// net::Send (so the SSRF policy applies: https on public addresses unless the operator allows
// private ones): discovery, the JWKS (cached per jwks_uri, refetched once for an unknown kid, at
// most once a minute per jwks_uri, so that key rotation works and a token with a made-up kid cannot
// make the portal hammer the provider), and the authorization-code exchange with
// client_secret_basic.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "api/json_fields.h"
#include "server/net/outbound.h"
#include "server/sso/jose.h"

namespace portal::server::sso {

// The parts of a discovery document the portal uses.
struct ProviderMetadata {
    std::string issuer;
    std::string authorization_endpoint;
    std::string token_endpoint;
    std::string jwks_uri;
    std::string end_session_endpoint;      // "" when the provider has none
    bool iss_parameter_supported = false;  // authorization_response_iss_parameter_supported
    api::Json document;                    // as fetched, kept with the connection
};

// The metadata of a stored discovery document; false with error when a required member is
// missing, an endpoint is not an absolute http(s) URL, "code" is not a supported response type,
// or code_challenge_methods_supported is given without S256.
bool MetadataFromDocument(const api::Json& document, ProviderMetadata& out, std::string& error);

// What the token endpoint answered, once it answered 200 with an id_token.
struct TokenResponse {
    std::string id_token;
    std::string access_token;
};

class OidcClient {
  public:
    using Sender = std::function<net::HttpResult(const net::HttpRequest&)>;
    // send defaults to net::Send with policy; tests may pass their own.
    OidcClient(net::OutboundPolicy policy, Sender send = {});

    // GETs <issuer>/.well-known/openid-configuration (a trailing "/" of issuer is not doubled)
    // and checks it: its "issuer" must equal `issuer` exactly (OpenID Connect Discovery §4.3),
    // plus MetadataFromDocument. error says in plain words what was wrong ("the provider's issuer
    // is https://a/ but https://a was configured", "not reachable: ...", "answered 404").
    bool Discover(const std::string& issuer, ProviderMetadata& out, std::string& error);

    // The keys of jwks_uri, from the cache when fetched within the last hour (refresh = true:
    // refetch unless fetched within the last minute: the rotation case).
    bool Keys(const std::string& jwks_uri, bool refresh, std::vector<PublicKey>& keys,
              std::string& error);

    // Verifies a compact JWS against the provider's keys, refetching them once for an unknown
    // kid (rate-limited as above). Fills jws; false with error.
    bool VerifySigned(const std::string& jwks_uri, const std::string& compact, Jws& jws,
                      std::string& error);

    // POSTs grant_type=authorization_code, code, redirect_uri, code_verifier to token_endpoint
    // with HTTP Basic of the form-urlencoded client id and secret (RFC 6749 §2.3.1); false with
    // error on a transport failure, a non-200 answer (its "error" member quoted), or no id_token.
    bool ExchangeCode(const ProviderMetadata& provider, const std::string& client_id,
                      const std::string& client_secret, const std::string& code,
                      const std::string& redirect_uri, const std::string& code_verifier,
                      TokenResponse& out, std::string& error);

    // Tests move time on (the cache's hour, the refetch minute) without waiting.
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    void SetClockForTesting(Clock now);

  private:
    struct CachedKeys {
        std::vector<PublicKey> keys;
        std::chrono::steady_clock::time_point fetched_at;
        // The last fetch tried, answered or not: the once-a-minute limit counts attempts.
        std::chrono::steady_clock::time_point attempted_at;
    };
    bool Fetch(const std::string& jwks_uri, CachedKeys& out, std::string& error);

    net::OutboundPolicy policy_;
    Sender send_;
    Clock now_;
    std::mutex mutex_;
    std::map<std::string, CachedKeys> keys_;  // by jwks_uri
};

}  // namespace portal::server::sso
