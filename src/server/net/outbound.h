// Outbound HTTP to addresses that customers configure (ServiceNow instances, webhooks), over
// libcurl. Such a URL is a way into the operator's network (SSRF) unless it is checked: only
// https on public addresses, unless the operator allows http and private addresses
// (PORTAL_OUTBOUND_ALLOW_PRIVATE=1: development and tests). Send pins curl to the addresses that
// were checked, so that a second DNS answer cannot move the request elsewhere (DNS rebinding),
// never follows a redirect, never goes through a proxy, and bounds every request in time.
#pragma once

#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portal::server::net {

struct OutboundPolicy {
    bool allow_private = false;
    long connect_timeout_ms = 5000;
    long total_timeout_ms = 15000;
};

struct HttpRequest {
    std::string method;  // "GET", "POST", "PATCH"
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;  // name, value
    std::string body;
    std::string basic_user, basic_password;  // HTTP basic auth when basic_user is not empty
};

// Transport failure, policy refusal and the target's answer kept apart: a 500 is an answer.
struct HttpResult {
    enum class Outcome { Answered, Refused, NetworkError };
    Outcome outcome = Outcome::NetworkError;
    int status = 0;                              // when Answered
    std::string body;                            // when Answered (capped at kMaxBodyBytes)
    std::map<std::string, std::string> headers;  // lower-case names, when Answered
    std::string error;  // Refused: why the policy refuses the target; NetworkError: curl's words
    bool timed_out = false;
};

// Bodies beyond this are cut here: the targets answer small JSON documents.
inline constexpr size_t kMaxBodyBytes = 1024 * 1024;

// The target's policy check alone, for validating a channel when it is saved (422 naming the
// field): the URL is absolute http(s) with a host and no user name or password in it; https
// unless allow_private; every address the host resolves to is public unless allow_private.
// error in plain words: "must use https", "resolves to a private address (10.0.0.5)",
// "host not found".
bool CheckTarget(const std::string& url, const OutboundPolicy& policy, std::string& error);

// True for a public unicast address given in numeric form (IPv6 with or without brackets):
// not loopback, private (10/8, 172.16/12, 192.168/16), link-local, CGNAT 100.64/10, 0/8,
// 192.0.0/24, 192.0.2/24, 198.18/15, 198.51.100/24, 203.0.113/24, multicast, 240/4, broadcast;
// IPv6 ::, ::1, fc00::/7, fe80::/10, fec0::/10, ff00::/8, 100::/64, 2001:db8::/32, and the
// IPv4 rules applied to the IPv4 address inside IPv4-mapped (::ffff:0:0/96), IPv4-compatible
// (::/96), IPv4-translated (::ffff:0:0:0/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) forms.
// False for anything that is not a numeric address.
bool IsPublicAddress(const std::string& numeric_address);

// Sends one request: checks the target (CheckTarget), then pins curl to the checked addresses
// (CURLOPT_RESOLVE, and a socket callback that refuses any other address), no redirects (a 3xx
// is the answer), http/https only, no proxy, the policy's timeouts, TLS verification on.
// Refused when the policy refuses the target; NetworkError when the host cannot be resolved
// (DNS may come back) or the transfer fails. Thread-safe: one curl easy handle per call.
HttpResult Send(const HttpRequest& request, const OutboundPolicy& policy);

// text with every byte but RFC 3986's unreserved characters percent-encoded: a query
// parameter's value or a path segment.
std::string PercentEncode(std::string_view text);

// A Retry-After header's value in seconds from now: delay-seconds or an HTTP date (a date in
// the past gives 0); nullopt when it is neither.
std::optional<long> ParseRetryAfter(const std::string& value, std::time_t now);

}  // namespace portal::server::net
