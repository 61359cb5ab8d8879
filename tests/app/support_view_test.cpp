// Support (issue 14), headless, against a scripted server: the account's tickets with their
// severity, status, service level and due time (R-SUP-1: every member, read-only ones too); the
// New ticket form checks before sending, shows the server's field errors next to the fields and
// keeps what was typed; the ticket page as a customer's admin and as the vendor's support
// (internal notes only for operators), its status buttons per role, follow, reply, attachments
// (the browser's file dialog, download) and the room's snapshot; the one click from an offline
// room (R-SUP-2): Open ticket prefilled from the room's proposal, Send opens the new ticket; the
// operators' queue, most urgent first, with its filters; the account search that opens an account
// read-only with its banner. Every label has its French.
#include "../core/world.h"
#include "api/alerts_json.h"
#include "api/state_json.h"
#include "api/support_json.h"
#include "api/telemetry_json.h"
#include "app/route.h"
#include "app/state/support.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

using portal::testing::D;
using support::Severity;
using support::TicketStatus;

constexpr api::TicketSeconds kNow = 1795000100;  // the fake platform's wall clock
constexpr api::TicketSeconds kHour = 3600;
constexpr const char* kOpenList = "/api/v1/accounts/7/tickets?status=open";
constexpr const char* kTicketPath = "/api/v1/tickets/12";
constexpr const char* kStatusPath = "/api/v1/accounts/7/status";
constexpr const char* kQueuePath = "/api/v1/support/tickets?status=open";

// An event of a ticket's history, now, by no one (the system).
api::TicketEvent Event(const std::string& kind, const std::string& from = "",
                       const std::string& to = "") {
    api::TicketEvent event;
    event.at = kNow;
    event.kind = kind;
    event.from = from;
    event.to = to;
    return event;
}

class SupportView : public AppFrames {
  protected:
    void SetUp() override {
        AppFrames::SetUp();
        // Tall enough for the whole ticket page: every item can be clicked where it is drawn.
        ImGui::GetIO().DisplaySize = ImVec2(1400, 3000);
        account = world.Account(world.Parent("Northwind"));
        boardroom = world.Room(account, "Boardroom");
        huddle = world.Room(account, "Huddle");
        world.Device(account, "SN-1", boardroom, D("2026-01-10"));
        Id contract = world.Contract(account, "SELECT-3Y", 2, D("2026-06-01"));
        ASSERT_TRUE(world.Do(Action::Assign(boardroom, contract), D("2026-06-02")).ok());
    }
    void Open(const std::string& role = "admin", const std::string& hash = "#/support?account=7") {
        app_->OnLocationHash(hash);
        StartWithAccount(api::StateToJson(world.state).dump(), role);
        Frames();
    }
    // An operator (no member of any account), on `hash`.
    void OpenAsOperator(const std::string& hash) {
        app_->OnLocationHash(hash);
        StartWithoutAccount(kOperatorMe);
    }
    bool Shows(const std::string& text) {
        for (const BridgeItem& item : app_->bridge().items()) {
            if (item.label == text) return true;
        }
        return false;
    }
    static std::string Header(const api::HttpRequest& request, const std::string& name) {
        for (const auto& [key, value] : request.headers) {
            if (key == name) return value;
        }
        return {};
    }
    api::Json Body(const std::string& path, const std::string& method) {
        const auto* sent = Request(path, method);
        if (!sent) return nullptr;
        return api::Json::parse(sent->request.body);
    }

    // Ticket #1012 of account 7 about the boardroom, waiting on the customer, with a public
    // reply, a photo and the room's snapshot.
    api::Ticket SampleTicket(TicketStatus status = TicketStatus::WaitingOnCustomer) {
        api::Ticket ticket;
        ticket.id = 12;
        ticket.number = 1012;
        ticket.account_id = 7;
        ticket.account_name = "Northwind HQ";
        ticket.room_id = boardroom;
        ticket.room_name = "Boardroom";
        ticket.subject = "Boardroom is offline";
        ticket.description = "Nothing works since this morning.";
        ticket.meeting_link = "https://meet.example/abc";
        ticket.severity = Severity::High;
        ticket.status = status;
        ticket.service_level = "select";
        ticket.requester = {1, "Anne", "anne@example.com", false};
        ticket.followers = {{1, "Anne", "anne@example.com", false}};
        ticket.created_at = kNow - 2 * kHour;
        ticket.updated_at = kNow - kHour;
        ticket.first_response_due_at = kNow + 3 * kHour + 600;
        ticket.resolution_due_at = kNow + 20 * kHour;
        api::TicketSnapshot snapshot;
        snapshot.taken_at = ticket.created_at;
        snapshot.room = {boardroom,
                         "Boardroom",
                         "HQ",
                         "FR",
                         8,
                         "Europe/Paris",
                         "offline",
                         {{"select", 4, "2026-06-02", "2029-06-01"}},
                         {"insights", "alerts"}};
        api::SnapshotDevice device;
        device.serial = "SN-1";
        device.product = "rally-bar";
        device.product_name = "Rally Bar";
        device.purchase_date = "2026-01-10";
        device.status = "offline";
        device.firmware = "1.4.2";
        device.last_seen = kNow - 3 * kHour;
        snapshot.devices = {device};
        snapshot.events = {{kNow - 3 * kHour, "SN-1", "device_offline", "no heartbeat"},
                           {kNow - 2 * kHour, "SN-1", "alert_firing", "Device offline now"}};
        snapshot.alerts = {{41, "device_offline", "critical", "firing", kNow - 3 * kHour, "SN-1",
                            "Device offline now"}};
        ticket.snapshot = snapshot;
        ticket.comments = {
            {1, {9, "Olivia", "", true}, "Is the PoE switch on?", false, kNow - kHour}};
        ticket.attachments = {
            {3, "photo.png", 2048, "image/png", {1, "Anne", "", false}, kNow - kHour}};
        api::TicketEvent created;
        created.at = ticket.created_at;
        created.kind = "created";
        created.by = ticket.requester;
        ticket.events = {created};
        return ticket;
    }
    std::string TicketJson(const api::Ticket& ticket) { return api::TicketToJson(ticket).dump(); }
    std::string Status(telemetry::RoomState boardroom_state, int alerts_firing = 0) {
        telemetry::StatusDocument status;
        status.version = "v1";
        status.at = kNow;
        telemetry::RoomStatus room;
        room.room_id = boardroom;
        room.state = boardroom_state;
        room.devices_offline = boardroom_state == telemetry::RoomState::Offline ? 1 : 0;
        room.alerts_firing = alerts_firing;
        room.alert_severity = alerts_firing ? "critical" : "";
        telemetry::RoomStatus other;
        other.room_id = huddle;
        other.state = telemetry::RoomState::Free;
        status.rooms = {room, other};
        return api::StatusToJson(status).dump();
    }
    // The account's ticket page opened on ticket 12.
    void OpenTicketPage(const std::string& role, const api::Ticket& ticket) {
        Open(role, "#/support/12?account=7");
        ASSERT_EQ(transport_.Answer(kTicketPath, 200, TicketJson(ticket)), 1);
        Frames();
    }

    portal::testing::World world;
    Id account = 0, boardroom = 0, huddle = 0;
};

// [SECTION] Rules the pages share

TEST(SupportRules, WhichRoomsOfferOpenTicket) {
    EXPECT_FALSE(NeedsTicket(nullptr)) << "status not known yet";
    telemetry::RoomStatus room;
    room.state = telemetry::RoomState::Free;
    EXPECT_FALSE(NeedsTicket(&room));
    room.alerts_firing = 1;
    EXPECT_TRUE(NeedsTicket(&room)) << "needs attention";
    room.alerts_firing = 0;
    room.state = telemetry::RoomState::Offline;
    EXPECT_TRUE(NeedsTicket(&room));
    room.state = telemetry::RoomState::Unknown;
    room.devices_offline = 1;  // a room without Insights shows offline devices only
    EXPECT_TRUE(NeedsTicket(&room));
}

TEST(SupportRules, TheNextDueTimeAndTheQueuesOrder) {
    api::Ticket ticket;
    ticket.status = TicketStatus::New;
    ticket.first_response_due_at = 100;
    ticket.resolution_due_at = 500;
    EXPECT_EQ(NextDue(ticket), 100);
    ticket.first_responded_at = 90;
    EXPECT_EQ(NextDue(ticket), 500) << "answered: the resolution's";
    ticket.status = TicketStatus::Resolved;
    EXPECT_EQ(NextDue(ticket), 0) << "nothing runs";

    auto make = [](long long number, api::TicketSeconds due, bool breached, Severity severity,
                   TicketStatus status = TicketStatus::InProgress) {
        api::Ticket t;
        t.id = number;
        t.number = number;
        t.status = status;
        t.severity = severity;
        t.first_response_due_at = due;
        t.resolution_due_at = due + 1000;
        t.breached = breached;
        return t;
    };
    std::vector<api::Ticket> queue = {make(1, 5000, false, Severity::Low),
                                      make(2, 0, false, Severity::Critical, TicketStatus::Closed),
                                      make(3, 9000, true, Severity::Normal),
                                      make(4, 2000, false, Severity::Normal),
                                      make(5, 2000, false, Severity::Critical)};
    SortMostUrgent(queue);
    std::vector<long long> order;
    for (const api::Ticket& t : queue) order.push_back(t.number);
    EXPECT_EQ(order, (std::vector<long long>{3, 5, 4, 1, 2}))
        << "breached, then earliest due, then severity; nothing running last";
}

TEST(SupportRules, StatusButtonsPerRole) {
    using V = std::vector<TicketStatus>;
    EXPECT_EQ(StatusMoves(TicketStatus::WaitingOnCustomer, support::Actor::Customer),
              (V{TicketStatus::Resolved, TicketStatus::Closed}));
    EXPECT_EQ(StatusMoves(TicketStatus::Resolved, support::Actor::Customer),
              (V{TicketStatus::InProgress, TicketStatus::Closed}))
        << "reopen or close";
    EXPECT_EQ(StatusMoves(TicketStatus::WaitingOnCustomer, support::Actor::Support),
              (V{TicketStatus::InProgress, TicketStatus::Resolved, TicketStatus::Closed}));
    EXPECT_TRUE(StatusMoves(TicketStatus::Closed, support::Actor::Support).empty());
}

TEST(SupportRules, DueTimesInWords) {
    Translator tr;
    api::Ticket ticket;
    ticket.status = TicketStatus::New;
    ticket.first_response_due_at = kNow + 3 * kHour + 100;
    ticket.resolution_due_at = kNow + 50 * kHour;
    EXPECT_EQ(DueText(tr, ticket, kNow), "Due in 3 h");
    ticket.first_response_due_at = kNow + 125;
    EXPECT_EQ(DueText(tr, ticket, kNow), "Due in 3 min");
    ticket.first_responded_at = kNow;
    EXPECT_EQ(DueText(tr, ticket, kNow), "Due in 2 d");
    ticket.breached = true;
    EXPECT_EQ(DueText(tr, ticket, kNow), "Breached");
    ticket.status = TicketStatus::Closed;
    EXPECT_EQ(DueText(tr, ticket, kNow), "") << "nothing is due on a closed ticket";
    tr.set_language(Language::French);
    ticket.status = TicketStatus::InProgress;
    ticket.breached = false;
    ticket.paused = true;
    EXPECT_EQ(DueText(tr, ticket, kNow), "En pause");
}

// [SECTION] The Support page

TEST_F(SupportView, TheListShowsTheAccountsTickets) {
    Open("readonly");  // R-SUP-1: every member reads the tickets
    EXPECT_TRUE(Shows("Loading the tickets…"));
    api::Ticket breached = SampleTicket();
    breached.id = 13;
    breached.number = 1013;
    breached.subject = "Projector flickers";
    breached.severity = Severity::Critical;
    breached.status = TicketStatus::InProgress;
    breached.breached = true;
    ASSERT_EQ(
        transport_.Answer(kOpenList, 200, api::TicketListToJson({SampleTicket(), breached}).dump()),
        1);
    Frames();
    EXPECT_TRUE(Shows("#1012"));
    EXPECT_TRUE(Shows("Boardroom is offline"));
    EXPECT_TRUE(Shows("High")) << "the severity in words, on its colour";
    EXPECT_TRUE(Shows("Waiting on customer"));
    EXPECT_TRUE(Shows("Select"));
    EXPECT_TRUE(Shows("Due in 3 h"));
    EXPECT_TRUE(Shows("Breached"));
    EXPECT_TRUE(Shows("Critical"));
    ASSERT_NE(Item("New ticket"), nullptr);
    EXPECT_FALSE(Item("New ticket")->enabled) << "read-only members open none";

    Click("Closed tickets");
    ASSERT_EQ(
        transport_.Answer("/api/v1/accounts/7/tickets?status=closed", 200, R"({"tickets":[]})"), 1);
    Frames();
    EXPECT_TRUE(Shows("No closed ticket yet."));

    Click("Open tickets");
    transport_.Answer(kOpenList, 200, api::TicketListToJson({SampleTicket(), breached}).dump());
    Frames();
    Click("#1013");
    EXPECT_EQ(app_->state().route, (Route{Page::Support, "13", 7}));
    EXPECT_NE(Request("/api/v1/tickets/13"), nullptr);
}

TEST_F(SupportView, AnEmptyListSaysWhatItWillHoldAndOffersNewTicket) {
    Open();
    transport_.Answer(kOpenList, 200, R"({"tickets":[]})");
    Frames();
    EXPECT_TRUE(
        Shows("No open ticket. The tickets opened here, or from a room that is offline or "
              "needs attention, are listed here for the whole team."));
    ASSERT_NE(Item("New ticket"), nullptr);
    EXPECT_TRUE(Item("New ticket")->enabled);
    Click("New ticket");
    Frames(3);
    EXPECT_TRUE(app_->state().support_page.form.open);
    EXPECT_NE(Item("Subject"), nullptr);
}

TEST_F(SupportView, TheNewTicketFormChecksThenKeepsWhatWasTypedWhenRefused) {
    Open();
    transport_.Answer(kOpenList, 200, api::TicketListToJson({SampleTicket()}).dump());
    Frames();
    Click("New ticket");
    Frames(3);  // a form's height settles over a few frames, as in the browser
    Click("Send");
    EXPECT_TRUE(Shows("Enter a subject."));
    EXPECT_EQ(Request("/api/v1/accounts/7/tickets", "POST"), nullptr) << "nothing sent";
    Type("Subject", "Projector flickers");
    Type("Description", "Every few seconds.");
    Type("Meeting link (optional)", "meet.example/abc");
    Click("High");
    Click("Send");
    EXPECT_FALSE(Shows("Enter a subject."));
    EXPECT_TRUE(Shows("Enter an absolute https:// or http:// link, or leave it empty."));
    EXPECT_EQ(Request("/api/v1/accounts/7/tickets", "POST"), nullptr);
    Replace("Meeting link (optional)", "https://meet.example/abc");
    Click("Room (optional)");
    Click("Boardroom · HQ");
    Frames(3);
    EXPECT_TRUE(
        Shows("The room's details and its devices' are attached to the ticket as they are now."));
    Click("Send");
    const auto* sent = Request("/api/v1/accounts/7/tickets", "POST");
    ASSERT_NE(sent, nullptr);
    api::Json body = api::Json::parse(sent->request.body);
    EXPECT_EQ(body["subject"], "Projector flickers");
    EXPECT_EQ(body["description"], "Every few seconds.");
    EXPECT_EQ(body["severity"], "high");
    EXPECT_EQ(body["roomId"], boardroom);
    EXPECT_EQ(body["meetingLink"], "https://meet.example/abc");
    std::string first_key = Header(sent->request, "Idempotency-Key");
    EXPECT_FALSE(first_key.empty());
    transport_.Answer("/api/v1/accounts/7/tickets", 400,
                      R"({"error":{"code":"invalid_request","message":"The ticket is not valid.",)"
                      R"("details":{"fields":[{"field":"meetingLink",)"
                      R"("message":"must be reachable from the portal"}]}}})");
    Frames();
    EXPECT_TRUE(Shows("must be reachable from the portal")) << "the server's words, by the field";
    EXPECT_TRUE(Shows("The ticket is not valid."));
    const TicketForm& form = app_->state().support_page.form;
    EXPECT_TRUE(form.open);
    EXPECT_EQ(std::string(form.subject), "Projector flickers") << "kept as typed";
    EXPECT_EQ(form.description, "Every few seconds.");
    EXPECT_EQ(form.room_id, boardroom);
    Replace("Meeting link (optional)", "https://meet.example/def");
    Click("Send");
    sent = Request("/api/v1/accounts/7/tickets", "POST");
    ASSERT_NE(sent, nullptr);
    EXPECT_NE(Header(sent->request, "Idempotency-Key"), first_key) << "a new change, a new key";
    api::Ticket created = SampleTicket(TicketStatus::New);
    created.id = 14;
    created.number = 1014;
    transport_.Answer("/api/v1/accounts/7/tickets", 201,
                      api::Json({{"ticket", api::TicketToJson(created)}}).dump());
    Frames();
    EXPECT_EQ(app_->state().route, (Route{Page::Support, "14", 7})) << "the new ticket opens";
    EXPECT_FALSE(app_->state().support_page.form.open);
    EXPECT_NE(Request("/api/v1/tickets/14"), nullptr);
}

// [SECTION] The ticket page

TEST_F(SupportView, TheTicketPageAsTheCustomersAdmin) {
    OpenTicketPage("admin", SampleTicket());
    EXPECT_TRUE(Shows("#1012 · Boardroom is offline"));
    EXPECT_TRUE(Shows("Waiting on customer"));
    EXPECT_TRUE(Shows("Service level: Select"));
    EXPECT_TRUE(Shows("Due in 3 h"));
    EXPECT_TRUE(Shows("Is the PoE switch on?"));
    EXPECT_TRUE(Shows("Vendor support")) << "who answered";
    EXPECT_FALSE(Shows("Internal note")) << "no note, and no way to write one, for customers";
    // A customer's admin resolves or closes; other moves are the vendor's.
    ASSERT_NE(Item("Resolve"), nullptr);
    EXPECT_TRUE(Item("Resolve")->enabled);
    EXPECT_NE(Item("Close ticket"), nullptr);
    EXPECT_EQ(Item("Mark in progress"), nullptr);
    EXPECT_EQ(Item("Assign to me"), nullptr);
    // The snapshot, frozen, with the way to the room as it is now.
    EXPECT_TRUE(Shows("SN-1"));
    EXPECT_TRUE(Shows("Rally Bar"));
    EXPECT_TRUE(Shows("no heartbeat"));
    EXPECT_TRUE(Shows("Went offline"));
    EXPECT_TRUE(Shows("Alert fired"));
    EXPECT_TRUE(Shows("Device offline now"));
    EXPECT_TRUE(Shows("Status then: Offline"));
    EXPECT_TRUE(Shows("Entitlements: Insights, Alerts"));

    Type("Reply", "It is on.");
    Click("Send reply");
    api::Json body = Body("/api/v1/tickets/12/comments", "POST");
    EXPECT_EQ(body, api::Json::parse(R"({"body":"It is on.","internal":false})"));
    transport_.Answer("/api/v1/tickets/12/comments", 500,
                      R"({"error":{"code":"internal","message":"Oops."}})");
    Frames();
    EXPECT_EQ(app_->state().support_page.page.reply, "It is on.") << "kept when it failed";
    Click("Send reply");
    transport_.Answer("/api/v1/tickets/12/comments", 201, R"({"comment":{}})");
    Frames();
    EXPECT_EQ(app_->state().support_page.page.reply, "");
    ASSERT_NE(Request(kTicketPath), nullptr) << "read again";
    transport_.Answer(kTicketPath, 200, TicketJson(SampleTicket()));
    Frames();

    Click("Resolve");
    EXPECT_EQ(Body(kTicketPath, "PATCH"), api::Json::parse(R"({"status":"resolved"})"));
    transport_.Answer(kTicketPath, 200, "{}");
    Frames();
    transport_.Answer(kTicketPath, 200, TicketJson(SampleTicket(TicketStatus::Resolved)));
    Frames();
    EXPECT_NE(Item("Reopen"), nullptr) << "a solved ticket reopens";
    EXPECT_EQ(Item("Resolve"), nullptr);

    Click("Change severity");  // the combo, named by its label
    Click("Critical");
    EXPECT_EQ(Body(kTicketPath, "PATCH"), api::Json::parse(R"({"severity":"critical"})"));
    transport_.Answer(kTicketPath, 200, "{}");
    Frames();

    Click("Current state");
    EXPECT_EQ(app_->state().route, (Route{Page::Rooms, std::to_string(boardroom), 7}));
}

TEST_F(SupportView, AttachmentsUploadThroughTheFileDialogAndDownload) {
    OpenTicketPage("admin", SampleTicket());
    EXPECT_TRUE(Shows("photo.png"));
    EXPECT_TRUE(Shows("2 KB"));
    Click("Download");
    ASSERT_FALSE(platform_.downloaded_urls.empty());
    EXPECT_EQ(platform_.downloaded_urls.back(), "/api/v1/attachments/3");

    Click("Upload a file…");
    ASSERT_TRUE(platform_.picker) << "the browser's file dialog";
    platform_.picker("big.zip", std::string(10 * 1024 * 1024 + 1, 'x'));
    Frames();
    EXPECT_TRUE(Shows("big.zip is larger than 10 MB: it was not sent."));
    EXPECT_EQ(Request("/api/v1/tickets/12/attachments?name=big.zip"), nullptr);

    Click("Upload a file…");
    std::string bytes("\x89PNG\r\n\x1a\n\0\x01", 10);  // binary, NUL included
    platform_.picker("salle 1.png", bytes);
    Frames();
    const auto* sent = Request("/api/v1/tickets/12/attachments?name=salle%201.png", "POST");
    ASSERT_NE(sent, nullptr);
    EXPECT_EQ(sent->request.body, bytes) << "the bytes as they are";
    EXPECT_EQ(Header(sent->request, "Content-Type"), "application/octet-stream");
    EXPECT_TRUE(Shows("Uploading salle 1.png…"));
    transport_.Answer("/api/v1/tickets/12/attachments?name=salle%201.png", 415,
                      R"({"error":{"code":"unsupported_type","message":)"
                      R"("This kind of file cannot be attached.",)"
                      R"("details":{"rule":"attachment_type"}}})");
    Frames();
    EXPECT_TRUE(Shows("This kind of file cannot be attached. (attachment_type)"));
}

TEST_F(SupportView, ReadOnlyMembersReadTicketsAndMayFollow) {
    api::Ticket ticket = SampleTicket();
    ticket.followers.clear();
    OpenTicketPage("readonly", ticket);
    EXPECT_TRUE(Shows("Is the PoE switch on?"));
    ASSERT_NE(Item("Send reply"), nullptr);
    EXPECT_FALSE(Item("Send reply")->enabled);
    EXPECT_FALSE(Item("Resolve")->enabled);
    EXPECT_FALSE(Item("Upload a file…")->enabled);
    EXPECT_EQ(Item("Add a follower"), nullptr) << "adding others is the admins'";
    EXPECT_TRUE(Item("Download")->enabled);
    ASSERT_NE(Item("Follow"), nullptr);
    EXPECT_TRUE(Item("Follow")->enabled);
    Click("Follow");
    EXPECT_EQ(Body("/api/v1/tickets/12/followers", "POST"), api::Json::object()) << "the caller";
    transport_.Answer("/api/v1/tickets/12/followers", 201, "{}");
    Frames();
    transport_.Answer(kTicketPath, 200, TicketJson(SampleTicket()));  // Anne follows now
    Frames();
    EXPECT_TRUE(Shows("Anne (you)"));
    Click("Unfollow");
    EXPECT_NE(Request("/api/v1/tickets/12/followers/1", "DELETE"), nullptr);
}

TEST_F(SupportView, AdminsAddMembersAsFollowers) {
    OpenTicketPage("admin", SampleTicket());
    ASSERT_EQ(
        transport_.Answer("/api/v1/accounts/7/members", 200,
                          R"({"members":[{"userId":1,"email":"anne@example.com",)"
                          R"("name":"Anne","role":"admin"},{"userId":4,)"
                          R"("email":"bruno@example.com","name":"Bruno","role":"readonly"}]})"),
        1);
    Frames();
    Click("Add a follower");
    Click("Bruno · bruno@example.com");
    Click("Add");
    EXPECT_EQ(Body("/api/v1/tickets/12/followers", "POST"), api::Json::parse(R"({"userId":4})"));
}

// Operators read internal notes and may write them; customers never get them (the server leaves
// them out; the page has no way to write one for them either).
TEST_F(SupportView, OperatorsSeeAndWriteInternalNotes) {
    OpenAsOperator("#/support/12?account=7");
    ASSERT_NE(Request("/api/v1/accounts/7"), nullptr) << "the account's name, for the banner";
    transport_.Answer("/api/v1/accounts/7", 200,
                      R"({"account":{"id":7,"name":"Northwind HQ","kind":"headquarters",)"
                      R"("country":"FR","city":"Paris","parentEntityId":1,)"
                      R"("parentEntityName":"Northwind","role":"readonly"}})");
    transport_.Answer("/api/v1/accounts/7/state", 200, api::StateToJson(world.state).dump());
    api::Ticket ticket = SampleTicket();
    ticket.comments.push_back(
        {2, {9, "Olivia", "", true}, "Customer's switch is old.", true, kNow - 600});
    ASSERT_EQ(transport_.Answer(kTicketPath, 200, TicketJson(ticket)), 1);
    Frames();
    EXPECT_TRUE(app_->state().SupportView());
    EXPECT_TRUE(Shows("Customer's switch is old."));
    EXPECT_TRUE(Shows("Internal note"));
    EXPECT_TRUE(Shows("Account: Northwind HQ"));
    // The vendor's support makes any move but back to new.
    for (const char* move : {"Mark in progress", "Resolve", "Close ticket"}) {
        ASSERT_NE(Item(move), nullptr) << move;
        EXPECT_TRUE(Item(move)->enabled) << move;
    }
    EXPECT_EQ(Item("Mark new"), nullptr);
    EXPECT_TRUE(Item("Upload a file…")->enabled);

    Type("Reply", "Replace the switch.");
    ClickLast("Internal note");  // the checkbox, after the note's own badge
    Click("Add internal note");
    EXPECT_EQ(Body("/api/v1/tickets/12/comments", "POST"),
              api::Json::parse(R"({"body":"Replace the switch.","internal":true})"));
    transport_.Answer("/api/v1/tickets/12/comments", 201, "{}");
    Frames();
    transport_.Answer(kTicketPath, 200, TicketJson(ticket));
    Frames();
    Click("Assign to me");
    EXPECT_EQ(Body(kTicketPath, "PATCH"), api::Json::parse(R"({"assigneeId":9})"));
}

// [SECTION] One click from a room (R-SUP-2)

TEST_F(SupportView, OpenTicketFromAnOfflineRoomIsPrefilledThenSent) {
    Open("admin", "#/rooms?account=7");
    ASSERT_EQ(transport_.Answer(kStatusPath, 200, Status(telemetry::RoomState::Offline)), 1);
    Frames();
    int buttons = 0;
    for (const BridgeItem& item : app_->bridge().items()) buttons += item.label == "Open ticket";
    EXPECT_EQ(buttons, 1) << "the offline room's only, not the free one's";
    Click("Open ticket");  // the first click
    Frames(3);             // the form's height settles over a few frames, as in the browser
    EXPECT_EQ(app_->state().route, (Route{Page::Support, "", 7}));
    std::string proposal = "/api/v1/rooms/" + std::to_string(boardroom) + "/ticket-proposal";
    ASSERT_NE(Request(proposal), nullptr);
    EXPECT_TRUE(Shows("Preparing the ticket from the room's state…"));
    transport_.Answer(proposal, 200,
                      R"({"subject":"Boardroom is offline: 1 of 1 devices offline since 09:12",)"
                      R"("severity":"critical","serviceLevel":"select"})");
    transport_.Answer(kOpenList, 200, R"({"tickets":[]})");
    Frames();
    const TicketForm& form = app_->state().support_page.form;
    EXPECT_EQ(std::string(form.subject),
              "Boardroom is offline: 1 of 1 devices offline since 09:12");
    EXPECT_EQ(form.severity, Severity::Critical);
    EXPECT_EQ(form.room_id, boardroom);
    EXPECT_TRUE(Shows("Service level: Select"));
    Click("Send");  // the second
    std::string path = "/api/v1/rooms/" + std::to_string(boardroom) + "/tickets";
    EXPECT_EQ(Body(path, "POST"),
              api::Json::parse(R"({"subject":"Boardroom is offline: 1 of 1 devices offline )"
                               R"(since 09:12","severity":"critical"})"));
    transport_.Answer(path, 201, api::Json({{"ticket", api::TicketToJson(SampleTicket())}}).dump());
    Frames();
    EXPECT_EQ(app_->state().route, (Route{Page::Support, "12", 7}));
    EXPECT_EQ(platform_.hashes.back(), "#/support/12?account=7");
    ASSERT_EQ(transport_.Answer(kTicketPath, 200, TicketJson(SampleTicket(TicketStatus::New))), 1);
    Frames();
    EXPECT_TRUE(Shows("#1012 · Boardroom is offline"));
}

TEST_F(SupportView, OpenTicketIsOnTheRoomDetailAndTheAlertsPage) {
    Open("admin", "#/rooms/" + std::to_string(boardroom) + "?account=7");
    transport_.Answer(kStatusPath, 200, Status(telemetry::RoomState::Free, 1));
    Frames();
    int buttons = 0;
    for (const BridgeItem& item : app_->bridge().items()) buttons += item.label == "Open ticket";
    EXPECT_EQ(buttons, 2) << "the table's row and the detail: an alert firing needs attention";

    app_->OnLocationHash("#/alerts?account=7");
    Frames();
    api::Alert alert;
    alert.id = 41;
    alert.account_id = 7;
    alert.rule_id = 3;
    alert.condition = alerts::Condition::RoomOffline;
    alert.severity = alerts::Severity::Critical;
    alert.room_id = boardroom;
    alert.room_name = "Boardroom";
    alert.state = alerts::State::Firing;
    alert.pending_since = kNow - 600;
    alert.started_at = kNow - 600;
    api::AlertList list;
    list.alerts = {alert};
    ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/alerts?state=firing", 200,
                                api::AlertListToJson(list).dump()),
              1);
    Frames();
    Click("Open ticket");
    EXPECT_EQ(app_->state().route.page, Page::Support);
    EXPECT_EQ(app_->state().support_page.form.room_id, boardroom);
}

TEST_F(SupportView, ReadOnlyMembersSeeOpenTicketDisabled) {
    Open("readonly", "#/rooms?account=7");
    transport_.Answer(kStatusPath, 200, Status(telemetry::RoomState::Offline));
    Frames();
    ASSERT_NE(Item("Open ticket"), nullptr);
    EXPECT_FALSE(Item("Open ticket")->enabled);
}

// [SECTION] The vendor's support desk

TEST_F(SupportView, TheQueueIsForOperatorsMostUrgentFirst) {
    OpenAsOperator("#/support-queue");
    ASSERT_NE(Request(kQueuePath), nullptr);
    api::Ticket later = SampleTicket(TicketStatus::New);
    later.id = 20;
    later.number = 1020;
    later.account_name = "Contoso";
    later.first_response_due_at = kNow + 30 * kHour;
    api::Ticket breached = SampleTicket(TicketStatus::InProgress);
    breached.id = 21;
    breached.number = 1021;
    breached.breached = true;
    breached.first_response_due_at = kNow + 40 * kHour;
    breached.assignee = api::TicketPerson{9, "Olivia", "", true};
    // The server's order is not trusted blindly: the page sorts too.
    transport_.Answer(kQueuePath, 200,
                      api::TicketListToJson({later, SampleTicket(), breached}).dump());
    Frames();
    ASSERT_NE(Item("#1021"), nullptr);
    EXPECT_LT(Item("#1021")->y, Item("#1012")->y) << "breached first";
    EXPECT_LT(Item("#1012")->y, Item("#1020")->y) << "then the earliest due";
    EXPECT_TRUE(Shows("Contoso"));
    EXPECT_TRUE(Shows("Olivia"));

    Click("Breached");
    EXPECT_NE(Request(std::string(kQueuePath) + "&breached=true"), nullptr);
    Click("Severity");
    Click("Critical");
    EXPECT_NE(Request(std::string(kQueuePath) + "&severity=critical&breached=true"), nullptr);
    Type("Search", "Opéra");
    Press(ImGuiKey_Enter);
    std::string searched =
        std::string(kQueuePath) + "&severity=critical&breached=true&q=Op%C3%A9ra";
    ASSERT_NE(Request(searched), nullptr);
    transport_.Answer(searched, 200, api::TicketListToJson({breached}).dump());
    Frames();
    Click("#1021");
    EXPECT_EQ(app_->state().route, (Route{Page::Support, "21", 7}));
}

TEST_F(SupportView, CustomersHaveNoQueue) {
    Open("admin", "#/support-queue?account=7");
    EXPECT_TRUE(Shows("The support queue is for the vendor's support staff."));
    EXPECT_EQ(Request(kQueuePath), nullptr);
    int entries = 0;
    for (const BridgeItem& item : app_->bridge().items()) entries += item.label == "Support queue";
    EXPECT_EQ(entries, 1) << "the page's heading; not in a customer's navigation";
}

TEST_F(SupportView, AnAccountSearchOpensTheAccountReadOnly) {
    OpenAsOperator("#/support-queue");
    ASSERT_NE(Item("Support queue"), nullptr) << "in an operator's navigation";
    Type("Account name, city or country", "north");
    Press(ImGuiKey_Enter);
    ASSERT_EQ(transport_.Answer("/api/v1/support/accounts?q=north", 200,
                                R"({"accounts":[{"id":7,"name":"Northwind HQ",)"
                                R"("kind":"headquarters","country":"FR","city":"Paris",)"
                                R"("parentEntityId":1,"parentEntityName":"Northwind"}]})"),
              1);
    Frames();
    Click("Northwind HQ · Paris, FR · Northwind");
    EXPECT_EQ(app_->state().route, (Route{Page::Rooms, "", 7}));
    ASSERT_EQ(
        transport_.Answer("/api/v1/accounts/7/state", 200, api::StateToJson(world.state).dump()),
        1);
    Frames();
    EXPECT_TRUE(app_->state().SupportView());
    EXPECT_TRUE(
        Shows("Read-only: vendor support view of Northwind HQ. Every page read here is "
              "written to the account's audit log."));
    EXPECT_TRUE(Shows("Boardroom")) << "the account's rooms, through their normal GET";
    ASSERT_NE(Item("Add room"), nullptr);
    EXPECT_FALSE(Item("Add room")->enabled) << "read-only";
    EXPECT_NE(app_->StateJson().find("\"supportView\":true"), std::string::npos);

    Click("Leave");
    EXPECT_EQ(app_->state().route.page, Page::SupportQueue);
    EXPECT_FALSE(app_->state().SupportView());
    EXPECT_FALSE(
        Shows("Read-only: vendor support view of Northwind HQ. Every page read here is "
              "written to the account's audit log."));
}

// [SECTION] French

TEST_F(SupportView, EveryLabelHasItsFrench) {
    app_->SetLanguage(Language::French);
    Open();
    std::set<std::string> before = app_->state().tr.missing();  // the shell's, not this page's
    transport_.Answer(kStatusPath, 200, Status(telemetry::RoomState::Offline));
    transport_.Answer(kOpenList, 200, api::TicketListToJson({SampleTicket()}).dump());
    Frames();
    EXPECT_TRUE(Shows("En attente du client"));
    Click("Tickets fermés");
    transport_.Answer("/api/v1/accounts/7/tickets?status=closed", 200, R"({"tickets":[]})");
    Frames();
    Click("Tous les tickets");
    transport_.Answer("/api/v1/accounts/7/tickets?status=all", 200, R"({"tickets":[]})");
    Frames();
    Click("Nouveau ticket");
    Frames(3);
    Type("Lien de réunion (facultatif)", "x");
    Click("Envoyer");
    Frames(3);
    EXPECT_TRUE(Shows("Saisissez un objet."));
    Click("Salle (facultatif)");
    Click("Boardroom · HQ");
    Frames(3);
    app_->OnLocationHash("#/support/12?account=7");
    Frames();
    api::Ticket ticket = SampleTicket();
    // Every kind of event, for the history's words.
    ticket.events.insert(
        ticket.events.end(),
        {Event("status", "in_progress", "waiting_on_customer"),
         Event("severity", "high", "critical"), Event("assigned", "", "Olivia"), Event("assigned"),
         Event("comment"), Event("attachment", "", "photo.png"),
         Event("follower_added", "", "Bruno"), Event("follower_removed", "Bruno")});
    ticket.paused = true;
    ticket.first_responded_at = kNow - kHour;
    ticket.assignee = api::TicketPerson{9, "Olivia", "", true};
    ticket.attachments.push_back({4, "big.log", 3 * 1024 * 1024, "text/plain", {}, kNow});
    ticket.attachments.push_back({5, "tiny.txt", 10, "text/plain", {}, kNow});
    transport_.Answer(kTicketPath, 200, TicketJson(ticket));
    Frames();
    EXPECT_TRUE(Shows("Statut alors : Hors ligne"));
    EXPECT_TRUE(Shows("3,0 Mo"));
    Click("Joindre un fichier…");
    platform_.picker("big.zip", std::string(10 * 1024 * 1024 + 1, 'x'));
    Frames();
    EXPECT_TRUE(Shows("big.zip dépasse 10 Mo : il n'a pas été envoyé."));
    api::Ticket bare = SampleTicket(TicketStatus::Resolved);
    bare.snapshot.reset();
    bare.room_id = 0;
    bare.comments.clear();
    bare.attachments.clear();
    bare.followers.clear();
    bare.resolved_at = kNow;
    app_->OnLocationHash("#/support?account=7");
    Frames();
    app_->OnLocationHash("#/support/12?account=7");
    Frames();
    transport_.Answer(kTicketPath, 200, TicketJson(bare));
    Frames();
    EXPECT_TRUE(Shows("Rouvrir"));
    api::Ticket closed = bare;
    closed.status = TicketStatus::Closed;
    closed.closed_at = kNow;
    app_->OnLocationHash("#/support?account=7");
    Frames();
    app_->OnLocationHash("#/support/12?account=7");
    Frames();
    transport_.Answer(kTicketPath, 200, TicketJson(closed));
    Frames();
    app_->OnLocationHash("#/rooms?account=7");
    Frames();
    EXPECT_TRUE(Shows("Ouvrir un ticket"));
    for (const std::string& text : app_->state().tr.missing()) {
        if (!before.count(text)) ADD_FAILURE() << "no French: " << text;
    }
}

TEST_F(SupportView, EveryOperatorLabelHasItsFrench) {
    app_->SetLanguage(Language::French);
    OpenAsOperator("#/support-queue");
    std::set<std::string> before = app_->state().tr.missing();
    transport_.Answer(kQueuePath, 200, R"({"tickets":[]})");
    Frames();
    EXPECT_TRUE(Shows("Aucun ticket ne correspond à ces filtres."));
    Click("Gravité");
    Click("Élevée");
    Click("Dans les délais");
    Type("Nom du compte, ville ou pays", "zzz");
    Press(ImGuiKey_Enter);
    transport_.Answer("/api/v1/support/accounts?q=zzz", 200, R"({"accounts":[]})");
    Frames();
    EXPECT_TRUE(Shows("Aucun compte ne correspond."));
    app_->OnLocationHash("#/support/12?account=7");
    Frames();
    transport_.Answer("/api/v1/accounts/7", 200,
                      R"({"account":{"id":7,"name":"Northwind HQ","role":"readonly"}})");
    transport_.Answer("/api/v1/accounts/7/state", 200, api::StateToJson(world.state).dump());
    api::Ticket ticket = SampleTicket();
    ticket.comments.push_back({2, {9, "Olivia", "", true}, "Note.", true, kNow - 600});
    transport_.Answer(kTicketPath, 200, TicketJson(ticket));
    Frames();
    EXPECT_TRUE(Shows("Note interne"));
    EXPECT_TRUE(
        Shows("Lecture seule : vue du support éditeur sur Northwind HQ. Chaque page lue "
              "ici est inscrite au journal d'audit du compte."));
    ClickLast("Note interne");
    Frames();
    EXPECT_NE(Item("Ajouter la note interne"), nullptr);
    for (const std::string& text : app_->state().tr.missing()) {
        if (!before.count(text)) ADD_FAILURE() << "no French: " << text;
    }
}

}  // namespace
}  // namespace portal::app
