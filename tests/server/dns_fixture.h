// dnsmasq as a child process: a real DNS server on 127.0.0.1:<free port> (or [::1]) that answers
// only from
// the records a test gives it, for the SSO domain verification suites (R-ACC-5: a domain is
// proven with a TXT record). Debian's /usr/sbin/dnsmasq (package dnsmasq-base: the binary, no
// system service); nothing skips: without it these tests fail, naming the package.
//
// Every name is local (--local=/#/): a name without records is NXDOMAIN at once, never forwarded.
// Records change by restarting dnsmasq on the same port with the new set, so the server under
// test keeps its configuration:
//
//   DnsServer dns;
//   ASSERT_NO_FATAL_FAILURE(dns.Start());
//   config_.dns_servers = dns.ServersText();  // "127.0.0.1:<port>"
//   ASSERT_NO_FATAL_FAILURE(dns.SetTxt("_portal-verification.example.test",
//                                      "portal-verification=" + token));
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "server/sso/dns_txt.h"

namespace portal::server::testing {

class TempDir;

class DnsServer {
  public:
    // listen_address: "127.0.0.1", or "::1" for the IPv6 path of the resolver.
    explicit DnsServer(std::string listen_address = "127.0.0.1");
    ~DnsServer();
    DnsServer(const DnsServer&) = delete;
    DnsServer& operator=(const DnsServer&) = delete;

    // Starts with no records on a free port; fails the test when dnsmasq is missing or does not
    // answer. The Set/Clear calls start it too when it is not running.
    void Start();
    void Stop();

    // Adds one TXT record of name (one character-string; dnsmasq cuts a value longer than 255
    // bytes into several). A name may get several records by calling this again. Any byte but
    // NUL may be in value (commas, quotes, spaces: the records go through a quoted conf file).
    void SetTxt(const std::string& name, const std::string& value);
    // Adds one TXT record made of several character-strings (RFC 7208 §3.3 joins them).
    void SetTxtStrings(const std::string& name, const std::vector<std::string>& strings);
    // Adds an A record: the name then exists without TXT records (NODATA for a TXT query).
    void SetA(const std::string& name, const std::string& ipv4);
    // Removes every TXT record, or those of one name; A records stay.
    void ClearTxt();
    void ClearTxt(const std::string& name);

    int port() const { return port_; }
    // "127.0.0.1:<port>" ("[::1]:<port>"): for Config::dns_servers (PORTAL_DNS_SERVERS).
    std::string ServersText() const;
    // The same, parsed: for LookupTxt.
    std::vector<sso::DnsServer> Servers() const;

  private:
    struct Record {
        std::string type;  // "txt-record" or "host-record"
        std::string name;
        std::vector<std::string> values;
    };

    // Stops dnsmasq (if running) and starts it on port_ with records_; waits until it answers.
    void Restart();
    bool Spawn(std::string& failure);
    void Kill();
    std::string Log() const;

    std::string listen_address_;
    std::unique_ptr<TempDir> dir_;
    std::vector<Record> records_;
    pid_t pid_ = 0;
    int port_ = 0;
};

}  // namespace portal::server::testing
