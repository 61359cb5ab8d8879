// The SSRF policy and one-request-per-call HTTP over libcurl behind net/outbound.h.
#include "server/net/outbound.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>

namespace portal::server::net {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Addresses

bool InV4(uint32_t address, uint32_t network, int prefix) {
    uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
    return (address & mask) == (network & mask);
}

constexpr uint32_t V4(unsigned a, unsigned b, unsigned c, unsigned d) {
    return (uint32_t{a} << 24) | (uint32_t{b} << 16) | (uint32_t{c} << 8) | uint32_t{d};
}

// address in host byte order.
bool IsPublicV4(uint32_t address) {
    struct Range {
        uint32_t network;
        int prefix;
    };
    // IANA's special-purpose registry, the blocks that must never be reached from here.
    static constexpr Range kRefused[] = {
        {V4(0, 0, 0, 0), 8},        // "this network"
        {V4(10, 0, 0, 0), 8},       // private
        {V4(100, 64, 0, 0), 10},    // carrier-grade NAT
        {V4(127, 0, 0, 0), 8},      // loopback
        {V4(169, 254, 0, 0), 16},   // link-local (cloud metadata services live here)
        {V4(172, 16, 0, 0), 12},    // private
        {V4(192, 0, 0, 0), 24},     // IETF protocol assignments
        {V4(192, 0, 2, 0), 24},     // TEST-NET-1
        {V4(192, 168, 0, 0), 16},   // private
        {V4(198, 18, 0, 0), 15},    // benchmarking
        {V4(198, 51, 100, 0), 24},  // TEST-NET-2
        {V4(203, 0, 113, 0), 24},   // TEST-NET-3
        {V4(224, 0, 0, 0), 4},      // multicast
        {V4(240, 0, 0, 0), 4},      // reserved, and the broadcast address 255.255.255.255
    };
    for (const Range& range : kRefused) {
        if (InV4(address, range.network, range.prefix)) return false;
    }
    return true;
}

uint32_t V4At(const unsigned char* bytes) {
    return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) |
           uint32_t{bytes[3]};
}

bool IsPublicV6(const unsigned char (&a)[16]) {
    auto zeros = [&](int from, int to) {
        return std::all_of(a + from, a + to, [](unsigned char b) { return b == 0; });
    };
    // Forms that carry an IPv4 address: the IPv4 rules decide (::ffff:10.0.0.1 is 10.0.0.1).
    if (zeros(0, 10) && a[10] == 0xff && a[11] == 0xff) return IsPublicV4(V4At(a + 12));  // mapped
    if (zeros(0, 12)) return IsPublicV4(V4At(a + 12));  // compatible, and :: and ::1 (in 0/8)
    if (zeros(0, 8) && a[8] == 0xff && a[9] == 0xff && zeros(10, 12)) {
        return IsPublicV4(V4At(a + 12));  // translated (SIIT)
    }
    if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b && zeros(4, 12)) {
        return IsPublicV4(V4At(a + 12));  // NAT64 well-known prefix
    }
    if (a[0] == 0x20 && a[1] == 0x02) return IsPublicV4(V4At(a + 2));  // 6to4
    if ((a[0] & 0xfe) == 0xfc) return false;                           // fc00::/7 unique local
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return false;           // fe80::/10 link-local
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return false;           // fec0::/10 site-local
    if (a[0] == 0xff) return false;                                    // multicast
    if (a[0] == 0x01 && a[1] == 0x00 && zeros(2, 8)) return false;     // 100::/64 discard
    if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) return false;  // docs
    return true;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Targets

// libcurl's global state is the process's: set up once, before any thread uses curl here, and
// never torn down (the mail worker uses curl too; curl_global_init counts its callers).
void InitCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct UrlHandle {
    CURLU* handle = curl_url();
    ~UrlHandle() { curl_url_cleanup(handle); }
};

// One part of a parsed URL; false when the URL has none.
bool UrlPart(CURLU* url, CURLUPart part, unsigned flags, std::string& out) {
    char* text = nullptr;
    if (curl_url_get(url, part, &text, flags) != CURLUE_OK || text == nullptr) return false;
    out = text;
    curl_free(text);
    return true;
}

enum class TargetCheck { Ok, Refused, NotResolved };

struct Target {
    std::string url;   // as curl normalised it: what is sent
    std::string host;  // without brackets
    long port = 0;
    bool literal = false;                // the host is a numeric address
    std::vector<std::string> addresses;  // numeric, every one checked
};

TargetCheck ResolveTarget(const std::string& text, const OutboundPolicy& policy, Target& target,
                          std::string& error) {
    InitCurlOnce();
    UrlHandle url;
    if (url.handle == nullptr) {
        error = "out of memory";
        return TargetCheck::NotResolved;
    }
    if (curl_url_set(url.handle, CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) !=
        CURLUE_OK) {
        error = "must be an absolute http or https URL";
        return TargetCheck::Refused;
    }
    std::string scheme;
    UrlPart(url.handle, CURLUPART_SCHEME, 0, scheme);
    for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme != "https" && (scheme != "http" || !policy.allow_private)) {
        error = policy.allow_private ? "must use http or https" : "must use https";
        return TargetCheck::Refused;
    }
    std::string ignored;
    // Credentials in a URL end up in logs and screens: they belong in the channel's secret fields.
    if (UrlPart(url.handle, CURLUPART_USER, 0, ignored) ||
        UrlPart(url.handle, CURLUPART_PASSWORD, 0, ignored)) {
        error = "must not contain a user name or password";
        return TargetCheck::Refused;
    }
    unsigned host_flags = 0;
#ifdef CURLU_PUNYCODE
    // An internationalised name is resolved, and pinned, under its ASCII form.
    host_flags = CURLU_PUNYCODE;
#endif
    if (!UrlPart(url.handle, CURLUPART_HOST, host_flags, target.host) &&
        !UrlPart(url.handle, CURLUPART_HOST, 0, target.host)) {
        error = "must have a host";
        return TargetCheck::Refused;
    }
    if (target.host.size() >= 2 && target.host.front() == '[' && target.host.back() == ']') {
        target.host = target.host.substr(1, target.host.size() - 2);
    }
    if (target.host.empty()) {
        error = "must have a host";
        return TargetCheck::Refused;
    }
    std::string port;
    UrlPart(url.handle, CURLUPART_PORT, CURLU_DEFAULT_PORT, port);
    target.port = std::strtol(port.c_str(), nullptr, 10);
    if (!UrlPart(url.handle, CURLUPART_URL, host_flags, target.url)) {
        UrlPart(url.handle, CURLUPART_URL, 0, target.url);
    }
    std::string zone;
    std::string lookup = target.host;
    if (UrlPart(url.handle, CURLUPART_ZONEID, 0, zone)) lookup += "%" + zone;

    unsigned char probe[16];
    target.literal = inet_pton(AF_INET, target.host.c_str(), probe) == 1 ||
                     inet_pton(AF_INET6, target.host.c_str(), probe) == 1;

    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    int code = getaddrinfo(lookup.c_str(), nullptr, &hints, &found);
    if (code != 0) {
        bool absent = code == EAI_NONAME || code == EAI_FAIL;
#ifdef EAI_NODATA
        absent = absent || code == EAI_NODATA;
#endif
        error = absent ? "host not found"
                       : std::string("host lookup failed (") + gai_strerror(code) + ")";
        return TargetCheck::NotResolved;
    }
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(found, freeaddrinfo);
    for (addrinfo* at = found; at != nullptr; at = at->ai_next) {
        char numeric[INET6_ADDRSTRLEN] = "";
        if (at->ai_family == AF_INET) {
            inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(at->ai_addr)->sin_addr, numeric,
                      sizeof numeric);
        } else if (at->ai_family == AF_INET6) {
            inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(at->ai_addr)->sin6_addr, numeric,
                      sizeof numeric);
        } else {
            continue;
        }
        std::string address = numeric;
        if (std::find(target.addresses.begin(), target.addresses.end(), address) ==
            target.addresses.end()) {
            target.addresses.push_back(address);
        }
    }
    if (target.addresses.empty()) {
        error = "host not found";
        return TargetCheck::NotResolved;
    }
    if (!policy.allow_private) {
        for (const std::string& address : target.addresses) {
            if (IsPublicAddress(address)) continue;
            error =
                (target.literal ? "is a private address (" : "resolves to a private address (") +
                address + ")";
            return TargetCheck::Refused;
        }
    }
    return TargetCheck::Ok;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Transfer

struct Received {
    HttpResult* result;
    bool capped = false;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
    Received& received = *static_cast<Received*>(user);
    size_t n = size * count;
    std::string& body = received.result->body;
    size_t room = kMaxBodyBytes - std::min(kMaxBodyBytes, body.size());
    if (n > room) {
        // Keep what fits and stop the transfer: returning less than n ends it (CURLE_WRITE_ERROR).
        body.append(data, room);
        received.capped = true;
        return room;
    }
    body.append(data, n);
    return n;
}

std::string Trim(std::string text) {
    size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return {};
    size_t end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
    auto& headers = *static_cast<std::map<std::string, std::string>*>(user);
    size_t n = size * count;
    std::string line(data, n);
    // A new status line (after a 1xx interim answer) starts a new set of headers.
    if (line.rfind("HTTP/", 0) == 0) {
        headers.clear();
        return n;
    }
    size_t colon = line.find(':');
    if (colon == std::string::npos) return n;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = Trim(line.substr(colon + 1));
    auto [it, inserted] = headers.emplace(name, value);
    if (!inserted) it->second += ", " + value;  // repeated headers combine (RFC 9110 5.3)
    return n;
}

// The last guard: curl opens a socket only to an address that was checked. CURLOPT_RESOLVE
// already pins the name, but how curl keys its DNS cache (a trailing dot, say) is its business.
struct Gate {
    const std::vector<std::string>* allowed;
    std::string refused;  // the address turned away, if any
};

curl_socket_t OpenSocket(void* user, curlsocktype, curl_sockaddr* address) {
    Gate& gate = *static_cast<Gate*>(user);
    char numeric[INET6_ADDRSTRLEN] = "";
    if (address->family == AF_INET) {
        inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&address->addr)->sin_addr, numeric,
                  sizeof numeric);
    } else if (address->family == AF_INET6) {
        inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&address->addr)->sin6_addr, numeric,
                  sizeof numeric);
    }
    if (numeric[0] == '\0' || std::find(gate.allowed->begin(), gate.allowed->end(),
                                        std::string(numeric)) == gate.allowed->end()) {
        gate.refused = numeric[0] == '\0' ? "an unknown address" : numeric;
        return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

struct Easy {
    CURL* handle = curl_easy_init();
    curl_slist* headers = nullptr;
    curl_slist* resolve = nullptr;
    ~Easy() {
        curl_slist_free_all(headers);
        curl_slist_free_all(resolve);
        if (handle) curl_easy_cleanup(handle);
    }
};

}  // namespace

bool IsPublicAddress(const std::string& numeric_address) {
    std::string text = numeric_address;
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
        text = text.substr(1, text.size() - 2);
    }
    size_t zone = text.find('%');
    if (zone != std::string::npos) text.resize(zone);
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return IsPublicV4(ntohl(v4.s_addr));
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
        unsigned char bytes[16];
        std::memcpy(bytes, &v6, sizeof bytes);
        return IsPublicV6(bytes);
    }
    return false;
}

bool CheckTarget(const std::string& url, const OutboundPolicy& policy, std::string& error) {
    Target target;
    return ResolveTarget(url, policy, target, error) == TargetCheck::Ok;
}

HttpResult Send(const HttpRequest& request, const OutboundPolicy& policy) {
    HttpResult result;
    Target target;
    switch (ResolveTarget(request.url, policy, target, result.error)) {
        case TargetCheck::Ok:
            break;
        case TargetCheck::Refused:
            result.outcome = HttpResult::Outcome::Refused;
            return result;
        case TargetCheck::NotResolved:
            // DNS can be down for a while: the caller retries as for any network failure.
            result.outcome = HttpResult::Outcome::NetworkError;
            return result;
    }
    Easy easy;
    if (easy.handle == nullptr) {
        result.error = "curl_easy_init failed";
        return result;
    }
    CURL* curl = easy.handle;
    if (!target.literal) {
        // curl connects only to the addresses checked above, never to a second DNS answer.
        std::string pinned;
        for (const std::string& address : target.addresses) {
            if (!pinned.empty()) pinned += ",";
            pinned += address.find(':') != std::string::npos ? "[" + address + "]" : address;
        }
        std::vector<std::string> names = {target.host};
        // "host." and "host" are one name to DNS: pin both spellings.
        if (target.host.size() > 1 && target.host.back() == '.') {
            names.push_back(target.host.substr(0, target.host.size() - 1));
        }
        for (const std::string& name : names) {
            std::string entry = name + ":" + std::to_string(target.port) + ":" + pinned;
            easy.resolve = curl_slist_append(easy.resolve, entry.c_str());
        }
        curl_easy_setopt(curl, CURLOPT_RESOLVE, easy.resolve);
    }
    for (const auto& [name, value] : request.headers) {
        easy.headers = curl_slist_append(easy.headers, (name + ": " + value).c_str());
    }
    // No "Expect: 100-continue" round trip before a larger body.
    easy.headers = curl_slist_append(easy.headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, easy.headers);
    curl_easy_setopt(curl, CURLOPT_URL, target.url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    // A proxy would resolve the name itself, out of reach of the check and the pin; the
    // environment's http_proxy/https_proxy are ignored on purpose.
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, policy.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, policy.total_timeout_ms);
    // Threads: no SIGALRM for name-resolution timeouts.
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (!request.basic_user.empty()) {
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        curl_easy_setopt(curl, CURLOPT_USERNAME, request.basic_user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, request.basic_password.c_str());
    }
    std::string method = request.method.empty() ? "GET" : request.method;
    if (method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
    } else if (method != "GET") {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    if (method == "POST" || !request.body.empty()) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body.size()));
    }
    Gate gate{&target.addresses, {}};
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, OpenSocket);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &gate);
    Received received{&result};
    std::map<std::string, std::string> headers;
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &headers);
    char detail[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);

    CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && received.capped && status != 0)) {
        result.outcome = HttpResult::Outcome::Answered;
        result.status = static_cast<int>(status);
        result.headers = std::move(headers);
        return result;
    }
    result.body.clear();
    if (!gate.refused.empty() && code == CURLE_COULDNT_CONNECT) {
        result.outcome = HttpResult::Outcome::Refused;
        result.error = "connection to an unchecked address (" + gate.refused + ") refused";
        return result;
    }
    result.outcome = HttpResult::Outcome::NetworkError;
    result.timed_out = code == CURLE_OPERATION_TIMEDOUT;
    result.error = curl_easy_strerror(code);
    if (detail[0] != '\0') result.error += std::string(": ") + detail;
    return result;
}

std::optional<long> ParseRetryAfter(const std::string& value, std::time_t now) {
    std::string text = Trim(value);
    if (text.empty()) return std::nullopt;
    if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        // More than a year is as good as never; the digits are cut before they overflow.
        if (text.size() > 9) return 999'999'999L;
        return std::strtol(text.c_str(), nullptr, 10);
    }
    std::time_t at = curl_getdate(text.c_str(), nullptr);
    if (at == -1) return std::nullopt;
    return at > now ? static_cast<long>(at - now) : 0L;
}

std::string PercentEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

}  // namespace portal::server::net
