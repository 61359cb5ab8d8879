// DNS TXT lookups over glibc's resolver (dns_txt.h). Each lookup has its own res_state, so that
// lookups on several threads never share resolver state, and the servers of PORTAL_DNS_SERVERS
// never leak into the process's other lookups.
#include "server/sso/dns_txt.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "server/text.h"

namespace portal::server::sso {

namespace {

// Entries of the DNS servers setting: spaces and tabs.
std::string Trim(const std::string& value) {
    return text::Trim(value, " \t");
}

bool ParsePort(const std::string& text, int& port) {
    if (text.empty() || text.size() > 5) return false;
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535) return false;
    port = value;
    return true;
}

bool IsIpv4(const std::string& text) {
    in_addr address{};
    return inet_pton(AF_INET, text.c_str(), &address) == 1;
}

bool IsIpv6(const std::string& text) {
    in6_addr address{};
    return inet_pton(AF_INET6, text.c_str(), &address) == 1;
}

// One entry: "1.2.3.4", "1.2.3.4:5353", "::1", "[::1]", "[::1]:5353".
bool ParseEntry(const std::string& entry, DnsServer& server, std::string& why) {
    std::string host = entry, port_text;
    if (!entry.empty() && entry[0] == '[') {
        size_t close = entry.find(']');
        if (close == std::string::npos) {
            why = "missing ']'";
            return false;
        }
        host = entry.substr(1, close - 1);
        std::string rest = entry.substr(close + 1);
        if (!rest.empty()) {
            if (rest[0] != ':') {
                why = "expected ':port' after ']'";
                return false;
            }
            port_text = rest.substr(1);
            if (port_text.empty()) {
                why = "missing port after ':'";
                return false;
            }
        }
        if (!IsIpv6(host)) {
            why = "not a numeric IPv6 address";
            return false;
        }
    } else if (std::count(entry.begin(), entry.end(), ':') > 1) {
        // A bare IPv6 address: its port, if any, needs brackets.
        if (!IsIpv6(host)) {
            why = "not a numeric IP address";
            return false;
        }
    } else {
        if (size_t colon = entry.find(':'); colon != std::string::npos) {
            host = entry.substr(0, colon);
            port_text = entry.substr(colon + 1);
            if (port_text.empty()) {
                why = "missing port after ':'";
                return false;
            }
        }
        if (!IsIpv4(host)) {
            why = "not a numeric IP address (host names cannot be used: they would need DNS)";
            return false;
        }
    }
    server.address = host;
    server.port = 53;
    if (!port_text.empty() && !ParsePort(port_text, server.port)) {
        why = "the port must be a number 1-65535";
        return false;
    }
    return true;
}

std::string ServerText(const DnsServer& server) {
    bool ipv6 = server.address.find(':') != std::string::npos;
    return (ipv6 ? "[" + server.address + "]" : server.address) + ":" + std::to_string(server.port);
}

std::string ServersText(const std::vector<DnsServer>& servers) {
    if (servers.empty()) return "the system's DNS servers";
    std::string text;
    for (const DnsServer& server : servers) {
        text += (text.empty() ? "" : ", ") + ServerText(server);
    }
    return text;
}

// res_ninit allocates (IPv6 name servers, the resolv.conf it attaches); res_nclose frees.
struct ResolverState {
    struct __res_state state;
    bool initialised = false;
    ResolverState() { std::memset(&state, 0, sizeof state); }
    ~ResolverState() {
        if (initialised) res_nclose(&state);
    }
    ResolverState(const ResolverState&) = delete;
    ResolverState& operator=(const ResolverState&) = delete;
};

// Replaces the name servers res_ninit read from /etc/resolv.conf. glibc keeps IPv4 servers in
// nsaddr_list and IPv6 ones in _u._ext.nsaddrs (heap copies, freed by res_nclose) with the
// nsaddr_list slot's family set to 0 (glibc's res_send.c and resolv_conf.c do the same).
bool UseServers(struct __res_state& state, const std::vector<DnsServer>& servers) {
    // Slots beyond the new count would not be freed by res_nclose (it walks nscount slots).
    for (int i = 0; i < MAXNS; ++i) {
        if (i >= static_cast<int>(servers.size()) && state._u._ext.nsaddrs[i] != nullptr) {
            std::free(state._u._ext.nsaddrs[i]);
            state._u._ext.nsaddrs[i] = nullptr;
        }
    }
    // Set first, so that res_nclose frees every slot filled below even when this fails midway.
    state.nscount = static_cast<int>(servers.size());
    for (size_t i = 0; i < servers.size(); ++i) {
        const DnsServer& server = servers[i];
        sockaddr_in& v4 = state.nsaddr_list[i];
        std::memset(&v4, 0, sizeof v4);
        if (IsIpv4(server.address)) {
            v4.sin_family = AF_INET;
            v4.sin_port = htons(static_cast<uint16_t>(server.port));
            inet_pton(AF_INET, server.address.c_str(), &v4.sin_addr);
            continue;
        }
        sockaddr_in6*& slot = state._u._ext.nsaddrs[i];
        if (slot == nullptr) {
            slot = static_cast<sockaddr_in6*>(std::malloc(sizeof(sockaddr_in6)));
            if (slot == nullptr) return false;
        }
        std::memset(slot, 0, sizeof *slot);
        slot->sin6_family = AF_INET6;
        slot->sin6_port = htons(static_cast<uint16_t>(server.port));
        if (inet_pton(AF_INET6, server.address.c_str(), &slot->sin6_addr) != 1) return false;
    }
    // Makes res_send take its copy of the list again (it compares nscount with this).
    state._u._ext.nscount = 0;
    return true;
}

// A failure in plain words, from what the resolver left in h_errno and errno. glibc reports a
// server's SERVFAIL or REFUSED like a time-out (TRY_AGAIN, ETIMEDOUT) once every server gave
// one; a real time-out takes at least a second (its shortest wait), an error answer does not.
std::string FailureText(int h_error, int sys_error, std::chrono::steady_clock::duration elapsed,
                        const std::vector<DnsServer>& servers) {
    std::string where = " (" + ServersText(servers) + ")";
    if (h_error == TRY_AGAIN) {
        if (sys_error == ECONNREFUSED) {
            return "the DNS server refused the connection: nothing listens there" + where;
        }
        if (elapsed < std::chrono::seconds(1)) {
            return "the DNS server answered with an error (server failure or refusal)" + where;
        }
        return "the DNS server did not answer in time" + where;
    }
    if (h_error == NO_RECOVERY) return "the DNS server answered with an error" + where;
    if (h_error == NETDB_INTERNAL) {
        return std::string("the DNS lookup failed: ") + std::strerror(sys_error) + where;
    }
    return "the DNS lookup failed" + where;
}

}  // namespace

bool ParseDnsServers(const std::string& text, std::vector<DnsServer>& out, std::string& error) {
    out.clear();
    if (Trim(text).empty()) return true;  // the system's resolvers
    std::vector<DnsServer> servers;
    size_t start = 0;
    while (true) {
        size_t comma = text.find(',', start);
        std::string entry = Trim(
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (entry.empty()) {
            error = "empty entry in the DNS server list '" + text + "'";
            return false;
        }
        DnsServer server;
        std::string why;
        if (!ParseEntry(entry, server, why)) {
            error = "bad DNS server '" + entry + "': " + why;
            return false;
        }
        servers.push_back(server);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    // glibc's resolver holds MAXNS (3) servers; more would be silently ignored.
    if (servers.size() > MAXNS) {
        error = "at most " + std::to_string(MAXNS) + " DNS servers (got " +
                std::to_string(servers.size()) + ")";
        return false;
    }
    out = std::move(servers);
    return true;
}

TxtLookup LookupTxt(const std::string& name, const std::vector<DnsServer>& servers) {
    TxtLookup result;
    if (name.empty()) {
        result.error = "no name to look up";
        return result;
    }
    if (servers.size() > MAXNS) {
        result.error = "too many DNS servers";
        return result;
    }
    auto resolver = std::make_unique<ResolverState>();
    struct __res_state& state = resolver->state;
    if (res_ninit(&state) != 0) {
        result.error = "the DNS resolver could not be set up";
        return result;
    }
    resolver->initialised = true;
    if (!servers.empty() && !UseServers(state, servers)) {
        result.error = "the DNS resolver could not be set up";
        return result;
    }
    // UDP first (TCP only when an answer is truncated), 2 s per try, 2 tries per server.
    state.options &= ~static_cast<unsigned long>(RES_USEVC);
    state.retrans = 2;
    state.retry = 2;

    // TXT answers can be large (several records, long values): room for any DNS message.
    std::vector<unsigned char> answer(65535);
    auto started = std::chrono::steady_clock::now();
    errno = 0;
    int length = res_nquery(&state, name.c_str(), ns_c_in, ns_t_txt, answer.data(),
                            static_cast<int>(answer.size()));
    int sys_error = errno;
    if (length < 0) {
        int h_error = state.res_h_errno;
        if (h_error == HOST_NOT_FOUND) {
            result.outcome = TxtLookup::Outcome::NoSuchName;
        } else if (h_error == NO_DATA) {
            result.outcome = TxtLookup::Outcome::NoRecords;
        } else {
            result.outcome = TxtLookup::Outcome::Failed;
            result.error = FailureText(h_error, sys_error,
                                       std::chrono::steady_clock::now() - started, servers);
        }
        return result;
    }

    ns_msg message;
    if (ns_initparse(answer.data(), length, &message) != 0) {
        result.error = "the DNS server's answer could not be read" + std::string(" (") +
                       ServersText(servers) + ")";
        return result;
    }
    int count = ns_msg_count(message, ns_s_an);
    for (int i = 0; i < count; ++i) {
        ns_rr record;
        if (ns_parserr(&message, ns_s_an, i, &record) != 0) {
            result.error =
                "the DNS server's answer could not be read (" + ServersText(servers) + ")";
            return result;
        }
        // The answer may hold a CNAME chain before the TXT records.
        if (ns_rr_type(record) != ns_t_txt || ns_rr_class(record) != ns_c_in) continue;
        const unsigned char* data = ns_rr_rdata(record);
        size_t size = ns_rr_rdlen(record);
        std::string joined;
        size_t at = 0;
        while (at < size) {
            size_t part = data[at];
            if (at + 1 + part > size) {
                result.error = "the DNS server's answer holds a malformed TXT record (" +
                               ServersText(servers) + ")";
                return result;
            }
            joined.append(reinterpret_cast<const char*>(data + at + 1), part);
            at += 1 + part;
        }
        result.records.push_back(std::move(joined));
    }
    result.outcome =
        result.records.empty() ? TxtLookup::Outcome::NoRecords : TxtLookup::Outcome::Found;
    return result;
}

}  // namespace portal::server::sso
