// Fuzz target: what the server reads of the answers of the systems it calls: ServiceNow's Table
// API and OAuth token answers (server/alerts/servicenow.h, over net::Send), and an SMTP server's
// replies (server/mail.h, over libcurl). A loopback peer (scripted_peer.h) gives the answers.
// First byte: the call (kCalls, append only); the rest: the peer's answers, raw bytes, split at
// each "\n|next|\n" (HTTP: one per request; SMTP: the greeting, then one per command).
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "scripted_peer.h"
#include "server/alerts/servicenow.h"
#include "server/config.h"
#include "server/mail.h"

namespace {

namespace delivery = portal::server::alerts_delivery;
using portal::fuzz::ScriptedPeer;

ScriptedPeer& Peer() {
    static ScriptedPeer* peer = new ScriptedPeer();  // never destroyed: its thread runs on
    return *peer;
}

portal::server::net::OutboundPolicy LoopbackPolicy() {
    portal::server::net::OutboundPolicy policy;
    policy.allow_private = true;
    // The peer answers at once or closes; these only bound what libcurl itself might wait for.
    policy.connect_timeout_ms = 1000;
    policy.total_timeout_ms = 2000;
    return policy;
}

delivery::ServiceNowSettings Settings(bool oauth) {
    delivery::ServiceNowSettings settings;
    settings.instance_url = "http://127.0.0.1:" + std::to_string(Peer().port());
    settings.auth_type = oauth ? "oauth" : "basic";
    settings.username = "portal";
    settings.password = "secret";
    settings.client_id = "client";
    settings.client_secret = "client-secret";
    settings.assignment_group = "Rooms";
    return settings;
}

delivery::IncidentFacts Facts() {
    delivery::IncidentFacts facts;
    facts.correlation_id = "portal:fuzz:alert:1";
    facts.correlation_display = "Service Portal";
    facts.short_description = "Room offline";
    facts.description = "Board Room: 2 devices offline";
    facts.severity = "major";
    return facts;
}

void OpenBasic() {
    delivery::ServiceNowClient(LoopbackPolicy()).OpenIncident(Settings(false), Facts());
}
void OpenOauth() {
    delivery::ServiceNowClient(LoopbackPolicy()).OpenIncident(Settings(true), Facts());
}
void Resolve() {
    delivery::ServiceNowClient(LoopbackPolicy())
        .ResolveIncident(Settings(false), "a1b2c3", "Cleared");
}
void TestChannel() {
    delivery::ServiceNowClient(LoopbackPolicy()).Test(Settings(true));
}
void SendMail() {
    portal::server::Config config;
    config.smtp_url = "smtp://127.0.0.1:" + std::to_string(Peer().port());
    portal::server::MailMessage mail;
    mail.sender = "Portal <portal@example.com>";
    mail.recipient = "ops@example.com";
    mail.subject = "Order confirmed";
    mail.body = "Your order is confirmed.\n";
    std::string error;
    portal::server::SendMailNow(config, mail, 1795252500, error);
}

struct Call {
    const char* name;
    ScriptedPeer::Protocol protocol;
    void (*run)();
};

// Append only: a corpus file's first byte is an index into this table.
const Call kCalls[] = {
    {"servicenow open (basic)", ScriptedPeer::Protocol::Http, OpenBasic},
    {"servicenow open (oauth)", ScriptedPeer::Protocol::Http, OpenOauth},
    {"servicenow resolve", ScriptedPeer::Protocol::Http, Resolve},
    {"servicenow test (oauth)", ScriptedPeer::Protocol::Http, TestChannel},
    {"smtp send", ScriptedPeer::Protocol::Smtp, SendMail},
};

std::vector<std::string> Answers(std::string_view input) {
    static constexpr std::string_view kNext = "\n|next|\n";
    std::vector<std::string> answers;
    while (answers.size() < 16) {  // no call makes more exchanges than this
        size_t split = input.find(kNext);
        answers.emplace_back(input.substr(0, split));
        if (split == std::string_view::npos) break;
        input.remove_prefix(split + kNext.size());
    }
    return answers;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // ServiceNow's answers here are a few hundred bytes; SMTP replies a line or a few.
    if (size > 16384) return 0;
    std::string_view input = portal::fuzz::Text(data, size);
    size_t row = 0;
    if (!portal::fuzz::Select(input, std::size(kCalls), row)) return 0;
    Peer().SetScript(kCalls[row].protocol, Answers(input));
    kCalls[row].run();
    return 0;
}
