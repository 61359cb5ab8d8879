// DNS TXT lookups for SSO domain verification (R-ACC-5: an admin proves a domain with a TXT
// record, in seconds): PORTAL_DNS_SERVERS parsing, and LookupTxt against a real DNS server
// (dnsmasq, dns_fixture.h) and against loopback sockets that refuse, fail or stay silent.
#include "server/sso/dns_txt.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "dns_fixture.h"
#include "smtp_sink.h"

namespace portal::server::testing {
namespace {

using sso::LookupTxt;
using sso::ParseDnsServers;
using sso::TxtLookup;
using Outcome = sso::TxtLookup::Outcome;

std::vector<sso::DnsServer> Parsed(const std::string& text) {
    std::vector<sso::DnsServer> servers;
    std::string error;
    EXPECT_TRUE(ParseDnsServers(text, servers, error)) << text << ": " << error;
    return servers;
}

// The error for text, which must be refused.
std::string Refused(const std::string& text) {
    std::vector<sso::DnsServer> servers = {sso::DnsServer{"192.0.2.1", 53}};
    std::string error;
    EXPECT_FALSE(ParseDnsServers(text, servers, error)) << text;
    EXPECT_TRUE(servers.empty()) << text;
    EXPECT_FALSE(error.empty()) << text;
    return error;
}

std::vector<sso::DnsServer> Loopback(int port) {
    return {sso::DnsServer{"127.0.0.1", port}};
}

std::vector<std::string> Sorted(std::vector<std::string> values) {
    std::sort(values.begin(), values.end());
    return values;
}

// R-ACC-5: PORTAL_DNS_SERVERS lets tests and private networks use their own DNS server.
TEST(DnsServersTest, ParsesListsWithSpacesAndDefaultPorts) {
    std::vector<sso::DnsServer> servers = Parsed("127.0.0.1:5353, [::1]:54 ,\t10.0.0.2");
    ASSERT_EQ(servers.size(), 3u);
    EXPECT_EQ(servers[0].address, "127.0.0.1");
    EXPECT_EQ(servers[0].port, 5353);
    EXPECT_EQ(servers[1].address, "::1");
    EXPECT_EQ(servers[1].port, 54);
    EXPECT_EQ(servers[2].address, "10.0.0.2");
    EXPECT_EQ(servers[2].port, 53);

    servers = Parsed("::1");  // a bare IPv6 address has no port
    ASSERT_EQ(servers.size(), 1u);
    EXPECT_EQ(servers[0].address, "::1");
    EXPECT_EQ(servers[0].port, 53);
    servers = Parsed("[2001:db8::53]");
    ASSERT_EQ(servers.size(), 1u);
    EXPECT_EQ(servers[0].address, "2001:db8::53");
    EXPECT_EQ(servers[0].port, 53);
    servers = Parsed("192.0.2.1:65535");
    ASSERT_EQ(servers.size(), 1u);
    EXPECT_EQ(servers[0].port, 65535);
}

TEST(DnsServersTest, EmptyTextMeansTheSystemResolvers) {
    EXPECT_TRUE(Parsed("").empty());
    EXPECT_TRUE(Parsed("  \t ").empty());
}

TEST(DnsServersTest, RefusesBadPortsNamingTheEntry) {
    std::string error = Refused("10.0.0.1, 127.0.0.1:99999");
    EXPECT_NE(error.find("127.0.0.1:99999"), std::string::npos) << error;
    EXPECT_NE(error.find("port"), std::string::npos) << error;
    Refused("127.0.0.1:0");
    Refused("127.0.0.1:");
    Refused("127.0.0.1:53x");
    Refused("127.0.0.1:-1");
    Refused("[::1]:");
    Refused("[::1]:http");
    Refused("[::1]53");
}

TEST(DnsServersTest, RefusesBadAddressesNamingTheEntry) {
    // A host name would need DNS to find the DNS server.
    std::string error = Refused("dns.example.com:53");
    EXPECT_NE(error.find("dns.example.com"), std::string::npos) << error;
    Refused("256.0.0.1");
    Refused("127.0.0.1.5");
    Refused("127.1");
    Refused("[127.0.0.1]:53");
    Refused("[::1");
    Refused("::g");
    Refused("fe80::1%eth0");
}

TEST(DnsServersTest, RefusesEmptyEntriesAndMoreThanGlibcUses) {
    std::string error = Refused("127.0.0.1,,10.0.0.2");
    EXPECT_NE(error.find("empty"), std::string::npos) << error;
    Refused("127.0.0.1,");
    Refused(",127.0.0.1");
    Refused(" , ");
    // glibc's resolver asks at most 3 (MAXNS); a fourth would be silently ignored.
    error = Refused("10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4");
    EXPECT_NE(error.find("3"), std::string::npos) << error;
}

class DnsLookupTest : public ::testing::Test {
  protected:
    void SetUp() override { ASSERT_NO_FATAL_FAILURE(dns_.Start()); }

    TxtLookup Lookup(const std::string& name) { return LookupTxt(name, dns_.Servers()); }

    DnsServer dns_;
};

// R-ACC-5: the record the portal asks the admin to publish is found with its exact value.
TEST_F(DnsLookupTest, FindsTheExactValue) {
    ASSERT_NO_FATAL_FAILURE(
        dns_.SetTxt("_portal-verification.example.test", "portal-verification=Abc-123_x"));
    TxtLookup found = Lookup("_portal-verification.example.test");
    ASSERT_EQ(found.outcome, Outcome::Found) << found.error;
    EXPECT_EQ(found.records, std::vector<std::string>{"portal-verification=Abc-123_x"});
    EXPECT_EQ(found.error, "");
    // DNS names are case-insensitive; a trailing dot is the same name.
    EXPECT_EQ(Lookup("_Portal-Verification.EXAMPLE.test.").records, found.records);
}

TEST_F(DnsLookupTest, FindsSeveralRecords) {
    ASSERT_NO_FATAL_FAILURE(dns_.SetTxt("example.test", "v=spf1 -all"));
    ASSERT_NO_FATAL_FAILURE(dns_.SetTxt("example.test", "portal-verification=one"));
    ASSERT_NO_FATAL_FAILURE(dns_.SetTxt("example.test", "portal-verification=two"));
    TxtLookup found = Lookup("example.test");
    ASSERT_EQ(found.outcome, Outcome::Found) << found.error;
    EXPECT_EQ(Sorted(found.records),
              (std::vector<std::string>{"portal-verification=one", "portal-verification=two",
                                        "v=spf1 -all"}));
}

// RFC 7208 §3.3: a record's character-strings are joined without separator; values longer than
// 255 bytes can only be published that way.
TEST_F(DnsLookupTest, JoinsARecordsCharacterStrings) {
    ASSERT_NO_FATAL_FAILURE(
        dns_.SetTxtStrings("split.example.test", {"portal-verif", "ication=", "abc"}));
    std::string long_value = "portal-verification=" + std::string(600, 'x');
    ASSERT_NO_FATAL_FAILURE(dns_.SetTxt("long.example.test", long_value));
    TxtLookup split = Lookup("split.example.test");
    ASSERT_EQ(split.outcome, Outcome::Found) << split.error;
    EXPECT_EQ(split.records, std::vector<std::string>{"portal-verification=abc"});
    TxtLookup long_one = Lookup("long.example.test");
    ASSERT_EQ(long_one.outcome, Outcome::Found) << long_one.error;
    EXPECT_EQ(long_one.records, std::vector<std::string>{long_value});
}

// What someone published by mistake comes back byte for byte (the portal shows it).
TEST_F(DnsLookupTest, KeepsCommasQuotesAndSpaces) {
    std::string odd = " a, \"b\" # c\\d ";
    ASSERT_NO_FATAL_FAILURE(dns_.SetTxt("odd.example.test", odd));
    TxtLookup found = Lookup("odd.example.test");
    ASSERT_EQ(found.outcome, Outcome::Found) << found.error;
    EXPECT_EQ(found.records, std::vector<std::string>{odd});
}

TEST_F(DnsLookupTest, AnUnknownNameIsNoSuchName) {
    TxtLookup missing = Lookup("_portal-verification.nowhere.test");
    EXPECT_EQ(missing.outcome, Outcome::NoSuchName) << missing.error;
    EXPECT_TRUE(missing.records.empty());
    EXPECT_EQ(missing.error, "");
}

// The name exists (another type, or only names below it) but has no TXT record: NODATA.
TEST_F(DnsLookupTest, ANameWithoutTxtIsNoRecords) {
    ASSERT_NO_FATAL_FAILURE(dns_.SetA("www.example.test", "192.0.2.10"));
    ASSERT_NO_FATAL_FAILURE(dns_.SetTxt("_portal-verification.other.test", "x"));
    TxtLookup host = Lookup("www.example.test");
    EXPECT_EQ(host.outcome, Outcome::NoRecords) << host.error;
    EXPECT_TRUE(host.records.empty());
    TxtLookup parent = Lookup("other.test");
    EXPECT_EQ(parent.outcome, Outcome::NoRecords) << parent.error;
}

// R-ACC-5 "in seconds": no cache between the admin publishing the record and pressing Verify.
TEST_F(DnsLookupTest, SeesARecordPublishedAfterAFirstLookup) {
    const std::string name = "_portal-verification.late.test";
    EXPECT_EQ(Lookup(name).outcome, Outcome::NoSuchName);
    ASSERT_NO_FATAL_FAILURE(dns_.SetTxt(name, "portal-verification=wrong"));
    EXPECT_EQ(Lookup(name).records, std::vector<std::string>{"portal-verification=wrong"});
    ASSERT_NO_FATAL_FAILURE(dns_.ClearTxt(name));
    ASSERT_NO_FATAL_FAILURE(dns_.SetTxt(name, "portal-verification=right"));
    EXPECT_EQ(Lookup(name).records, std::vector<std::string>{"portal-verification=right"});
    ASSERT_NO_FATAL_FAILURE(dns_.ClearTxt());
    EXPECT_EQ(Lookup(name).outcome, Outcome::NoSuchName);
}

// The next server is asked when one refuses; the servers are this lookup's alone.
TEST_F(DnsLookupTest, AsksTheNextServerWhenOneRefuses) {
    ASSERT_NO_FATAL_FAILURE(dns_.SetTxt("example.test", "portal-verification=abc"));
    std::vector<sso::DnsServer> servers = Loopback(FreePort());
    servers.push_back(dns_.Servers()[0]);
    TxtLookup found = LookupTxt("example.test", servers);
    ASSERT_EQ(found.outcome, Outcome::Found) << found.error;
    EXPECT_EQ(found.records, std::vector<std::string>{"portal-verification=abc"});
}

// Each lookup has its own resolver state: concurrent lookups against different servers never
// see each other's.
TEST_F(DnsLookupTest, ConcurrentLookupsKeepTheirOwnServers) {
    DnsServer other;
    ASSERT_NO_FATAL_FAILURE(other.Start());
    ASSERT_NO_FATAL_FAILURE(dns_.SetTxt("example.test", "first"));
    ASSERT_NO_FATAL_FAILURE(other.SetTxt("example.test", "second"));
    std::atomic<int> wrong = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&, t] {
            DnsServer& server = t % 2 == 0 ? dns_ : other;
            std::string expected = t % 2 == 0 ? "first" : "second";
            for (int i = 0; i < 25; ++i) {
                TxtLookup found = LookupTxt("example.test", server.Servers());
                if (found.records != std::vector<std::string>{expected}) ++wrong;
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
    EXPECT_EQ(wrong, 0);
}

// The IPv6 path of the resolver (glibc keeps IPv6 name servers apart from IPv4 ones).
TEST(DnsIpv6LookupTest, AsksAnIpv6Server) {
    int probe = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in6 loopback{};
    loopback.sin6_family = AF_INET6;
    loopback.sin6_addr = in6addr_loopback;
    bool has_ipv6 =
        probe >= 0 && bind(probe, reinterpret_cast<sockaddr*>(&loopback), sizeof loopback) == 0;
    if (probe >= 0) close(probe);
    if (!has_ipv6) GTEST_SKIP() << "this machine has no IPv6 loopback (::1)";
    DnsServer dns("::1");
    ASSERT_NO_FATAL_FAILURE(dns.SetTxt("example.test", "portal-verification=v6"));
    std::vector<sso::DnsServer> servers;
    std::string error;
    ASSERT_TRUE(ParseDnsServers(dns.ServersText(), servers, error)) << error;
    TxtLookup found = LookupTxt("example.test", servers);
    ASSERT_EQ(found.outcome, Outcome::Found) << found.error;
    EXPECT_EQ(found.records, std::vector<std::string>{"portal-verification=v6"});
    // After a refusing IPv4 server, and before one.
    servers.insert(servers.begin(), Loopback(FreePort())[0]);
    EXPECT_EQ(LookupTxt("example.test", servers).outcome, Outcome::Found);
    std::reverse(servers.begin(), servers.end());
    EXPECT_EQ(LookupTxt("nowhere.test", servers).outcome, Outcome::NoSuchName);
}

// A UDP socket on loopback that answers every query with an error code (rcode).
class ErrorDnsServer {
  public:
    explicit ErrorDnsServer(int rcode) : rcode_(rcode) {
        fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
            getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
            port_ = ntohs(address.sin_port);
        }
        thread_ = std::thread([this] { Run(); });
    }
    ~ErrorDnsServer() {
        stop_ = true;
        thread_.join();
        close(fd_);
    }
    int port() const { return port_; }

  private:
    void Run() {
        while (!stop_) {
            pollfd readable{fd_, POLLIN, 0};
            if (poll(&readable, 1, 20) <= 0) continue;
            unsigned char buffer[512];
            sockaddr_in from{};
            socklen_t size = sizeof from;
            ssize_t n =
                recvfrom(fd_, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &size);
            if (n < 12) continue;
            buffer[2] |= 0x80;  // QR: an answer, same id and question
            buffer[3] = static_cast<unsigned char>(0x80 | rcode_);  // RA, rcode
            sendto(fd_, buffer, static_cast<size_t>(n), 0, reinterpret_cast<sockaddr*>(&from),
                   size);
        }
    }

    int fd_ = -1;
    int port_ = 0;
    int rcode_;
    std::atomic<bool> stop_ = false;
    std::thread thread_;
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// R-ACC-5's verify answers "dns_failed" with these words rather than hanging or blaming the admin.
TEST(DnsFailureTest, APortNothingListensOnFailsAtOnce) {
    int port = FreePort();
    auto start = std::chrono::steady_clock::now();
    TxtLookup failed = LookupTxt("example.test", Loopback(port));
    EXPECT_LT(SecondsSince(start), 1.0);
    EXPECT_EQ(failed.outcome, Outcome::Failed);
    EXPECT_TRUE(failed.records.empty());
    EXPECT_NE(failed.error.find("refused"), std::string::npos) << failed.error;
    EXPECT_NE(failed.error.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
        << failed.error;
}

TEST(DnsFailureTest, AServerFailureIsFailedInPlainWords) {
    ErrorDnsServer servfail(2);  // SERVFAIL
    ASSERT_GT(servfail.port(), 0);
    TxtLookup failed = LookupTxt("example.test", Loopback(servfail.port()));
    EXPECT_EQ(failed.outcome, Outcome::Failed);
    EXPECT_NE(failed.error.find("answered with an error"), std::string::npos) << failed.error;
    ErrorDnsServer refused(5);  // REFUSED
    failed = LookupTxt("example.test", Loopback(refused.port()));
    EXPECT_EQ(failed.outcome, Outcome::Failed);
    EXPECT_NE(failed.error.find("answered with an error"), std::string::npos) << failed.error;
}

// The header's bound: 2 s per try, 2 tries per server.
TEST(DnsFailureTest, ASilentServerFailsWithinTheBound) {
    int silent = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);  // bound, never read
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    ASSERT_EQ(bind(silent, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(getsockname(silent, reinterpret_cast<sockaddr*>(&address), &size), 0);
    auto start = std::chrono::steady_clock::now();
    TxtLookup failed = LookupTxt("example.test", Loopback(ntohs(address.sin_port)));
    double seconds = SecondsSince(start);
    close(silent);
    EXPECT_EQ(failed.outcome, Outcome::Failed);
    EXPECT_NE(failed.error.find("did not answer"), std::string::npos) << failed.error;
    EXPECT_GE(seconds, 3.5);
    EXPECT_LT(seconds, 6.0);
}

TEST(DnsFailureTest, AnEmptyNameFails) {
    TxtLookup failed = LookupTxt("", Loopback(FreePort()));
    EXPECT_EQ(failed.outcome, Outcome::Failed);
    EXPECT_FALSE(failed.error.empty());
}

}  // namespace
}  // namespace portal::server::testing
