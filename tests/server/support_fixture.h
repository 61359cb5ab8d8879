// The Support suites' fixture (issue 14): the Alerts fixture (the real server with the demo
// data, its workers ticking every 50 ms on the test clock, an agent token of Northwind HQ to
// post telemetry with) and a client for each kind of caller, with helpers that open and read
// tickets. Who is who (assets/demo/demo.json):
//
//   Anne    admin of Northwind HQ (French)          Louis   read-only member of Northwind HQ
//   Sam     partner (Fabrikam), admin delegation    Dana    admin of Contoso (another account)
//   Ivy     partner admin without any delegation    Olivia  operator (the vendor's support)
//
// Northwind HQ's Salle Étoile, Opéra, Huddle Bercy and Thames hold Select; Confluence holds no
// license and its devices were bought more than 90 days ago (standard support).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "alerts_fixture.h"

namespace portal::server::testing {

enum class Who { Anne, Louis, Sam, Dana, Ivy, Olivia };
const char* NameOf(Who who);
inline constexpr Who kEveryCaller[] = {Who::Anne, Who::Louis, Who::Sam,
                                       Who::Dana, Who::Ivy,   Who::Olivia};

class SupportTest : public AlertsTest {
  protected:
    void SetUp() override;
    // The Alerts fixture's settings, and sessions that outlive the days the tests move the
    // clock by (the auto close, the service-level clock).
    void Configure(Config& config) override;

    ApiClient& As(Who who) { return *clients_.at(who); }
    Id UserId(Who who) const;

    static std::string TicketPath(Id ticket, const std::string& tail = "") {
        return "/api/v1/tickets/" + Str(ticket) + tail;
    }
    static std::string RoomPath(Id room, const std::string& tail) {
        return "/api/v1/rooms/" + Str(room) + tail;
    }

    // POST /accounts/{account}/tickets as who (Anne and Northwind HQ by default) with body
    // completed by defaults (subject, severity normal); the ticket of the 201 (null and a test
    // failure when refused).
    Json OpenTicket(Json body = Json::object(), Who who = Who::Anne, Id account = 0);
    // POST /rooms/{room}/tickets (the one click) as who; the ticket of the 201.
    Json OpenRoomTicket(Id room, Json body = Json::object(), Who who = Who::Anne);
    // GET /tickets/{id} as who (200 expected).
    Json Ticket(Id ticket, Who who = Who::Anne);
    // PATCH /tickets/{id} as who; the answer.
    ApiAnswer Patch(Id ticket, const Json& body, Who who = Who::Olivia) {
        return As(who).Patch(TicketPath(ticket), body);
    }
    // POST /tickets/{id}/comments as who; the answer.
    ApiAnswer Comment(Id ticket, const std::string& body, bool internal = false,
                      Who who = Who::Olivia) {
        return As(who).Post(TicketPath(ticket, "/comments"),
                            {{"body", body}, {"internal", internal}});
    }
    // POST /tickets/{id}/attachments?name= as who with a raw body.
    ApiAnswer Upload(Id ticket, const std::string& name, const std::string& bytes,
                     const std::string& type = "application/octet-stream", Who who = Who::Anne);

    Id ivy_partner_ = 0;
    std::map<Who, std::unique_ptr<ApiClient>> clients_;
};

// Bytes that start like each accepted kind of file.
std::string PngBytes(size_t size = 64);
std::string PdfBytes(size_t size = 64);

}  // namespace portal::server::testing
