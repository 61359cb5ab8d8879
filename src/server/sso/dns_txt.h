// DNS TXT lookups for domain verification (issue 15), over glibc's resolver (libresolv's
// res_nquery/ns_parserr, thread-safe with a private res_state): the system's resolvers
// (/etc/resolv.conf), or the servers of PORTAL_DNS_SERVERS ("127.0.0.1:5353,10.0.0.2"; port 53
// when none is given) so that tests and private networks use their own DNS server.
#pragma once

#include <string>
#include <vector>

namespace portal::server::sso {

struct DnsServer {
    std::string address;  // numeric IPv4 or IPv6
    int port = 53;
};

// "127.0.0.1:5353, [::1]:53, 10.0.0.2" -> servers; false with error naming the bad entry.
bool ParseDnsServers(const std::string& text, std::vector<DnsServer>& out, std::string& error);

struct TxtLookup {
    enum class Outcome { Found, NoSuchName, NoRecords, Failed };
    Outcome outcome = Outcome::Failed;
    // Each TXT record's character-strings joined (RFC 7208 §3.3), when Found.
    std::vector<std::string> records;
    std::string error;  // Failed: in plain words ("the DNS server did not answer")
};

// The TXT records of name; servers empty: the system's resolvers. Bounded in time (2 s per
// try, 2 tries per server). No cache: a record just published is seen at once.
TxtLookup LookupTxt(const std::string& name, const std::vector<DnsServer>& servers);

}  // namespace portal::server::sso
