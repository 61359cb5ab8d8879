// Support tickets (issue 14): the status workflow, the service level a ticket gets (R-SUP-3,
// R-GATE-4), its business-time due times against hand-made tables (weekends, nights, pauses,
// severity changes, a change of clocks in Paris, 24/7), and the one-click proposal (R-SUP-2).
#include "core/support.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "world.h"

namespace portal::support {
namespace {

using insights::TimeZone;
using testing::At;
using testing::D;
using testing::World;

// Hand-made tables, independent of assets/catalogue.json. January 2026: Monday the 5th,
// Friday the 9th, Saturday the 10th, Sunday the 11th, Monday the 12th.
ServiceLevelSpec OfficeHours() {
    ServiceLevelSpec level;
    level.id = "standard";
    level.name = "Standard";
    level.name_fr = "Standard";
    level.hours = {false, {1, 2, 3, 4, 5}, 9 * 60, 17 * 60};
    level.targets = {{"critical", 60, 240}, {"high", 120, 480}, {"normal", 240, 960}};
    // No "low" target: the clock never ends.
    return level;
}

ServiceLevelSpec AroundTheClock() {
    ServiceLevelSpec level;
    level.id = "select";
    level.name = "Select";
    level.name_fr = "Select";
    level.program = "select";
    level.hours.always = true;
    level.targets = {{"critical", 60, 240}, {"normal", 240, 1440}};
    return level;
}

// Europe/Paris for 2026 by hand: CET, CEST from 29 March 01:00 UTC, CET from 25 October.
TimeZone Paris2026() {
    TimeZone zone;
    zone.name = "Europe/Paris";
    zone.initial_offset = 3600;
    zone.transitions = {At("2026-03-29T01:00:00Z"), At("2026-10-25T01:00:00Z")};
    zone.offsets = {7200, 3600};
    return zone;
}

ClockInput Ticket(const ServiceLevelSpec& level, Severity severity, const char* created,
                  const char* now) {
    ClockInput input;
    input.level = &level;
    input.severity = severity;
    input.created_at = At(created);
    input.now = At(now);
    return input;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Words and the status workflow

TEST(SupportWords, IdsRoundTrip) {
    for (Severity severity :
         {Severity::Critical, Severity::High, Severity::Normal, Severity::Low}) {
        Severity back;
        ASSERT_TRUE(SeverityFromId(SeverityId(severity), back));
        EXPECT_EQ(back, severity);
    }
    for (TicketStatus status :
         {TicketStatus::New, TicketStatus::InProgress, TicketStatus::WaitingOnCustomer,
          TicketStatus::Resolved, TicketStatus::Closed}) {
        TicketStatus back;
        ASSERT_TRUE(StatusFromId(StatusId(status), back));
        EXPECT_EQ(back, status);
    }
    EXPECT_STREQ(StatusId(TicketStatus::WaitingOnCustomer), "waiting_on_customer");
    Severity severity;
    TicketStatus status;
    EXPECT_FALSE(SeverityFromId("urgent", severity));
    EXPECT_FALSE(StatusFromId("open", status));
    EXPECT_TRUE(IsOpen(TicketStatus::WaitingOnCustomer));
    EXPECT_FALSE(IsOpen(TicketStatus::Resolved));
    EXPECT_FALSE(IsOpen(TicketStatus::Closed));
    EXPECT_TRUE(ClockRuns(TicketStatus::New));
    EXPECT_TRUE(ClockRuns(TicketStatus::InProgress));
    EXPECT_FALSE(ClockRuns(TicketStatus::WaitingOnCustomer));
    EXPECT_FALSE(ClockRuns(TicketStatus::Resolved));
    EXPECT_FALSE(ClockRuns(TicketStatus::Closed));
}

TEST(SupportStatus, TheVendorsSupportMayMakeAnyMoveButBackToNewAndOutOfClosed) {
    using S = TicketStatus;
    const S all[] = {S::New, S::InProgress, S::WaitingOnCustomer, S::Resolved, S::Closed};
    for (S from : all) {
        for (S to : all) {
            bool expected = from != to && from != S::Closed && to != S::New;
            EXPECT_EQ(StatusChangeAllowed(from, to, Actor::Support), expected)
                << StatusId(from) << " -> " << StatusId(to);
        }
    }
}

TEST(SupportStatus, TheCustomerResolvesClosesAndReopens) {
    using S = TicketStatus;
    const S all[] = {S::New, S::InProgress, S::WaitingOnCustomer, S::Resolved, S::Closed};
    // Rows: from; columns: to, in the order of `all`.
    const bool table[5][5] = {
        /* new */ {false, false, false, true, true},
        /* in_progress */ {false, false, false, true, true},
        /* waiting_on_customer */ {false, false, false, true, true},
        /* resolved */ {false, true, false, false, true},
        /* closed */ {false, false, false, false, false},
    };
    for (int f = 0; f < 5; ++f) {
        for (int t = 0; t < 5; ++t) {
            EXPECT_EQ(StatusChangeAllowed(all[f], all[t], Actor::Customer), table[f][t])
                << StatusId(all[f]) << " -> " << StatusId(all[t]);
        }
    }
}

TEST(SupportStatus, APublicCommentMovesTheTicketOn) {
    using S = TicketStatus;
    // A customer's comment reopens a resolved ticket and resumes one waiting on them.
    EXPECT_EQ(StatusAfterComment(S::Resolved, Actor::Customer), S::InProgress);
    EXPECT_EQ(StatusAfterComment(S::WaitingOnCustomer, Actor::Customer), S::InProgress);
    EXPECT_EQ(StatusAfterComment(S::New, Actor::Customer), std::nullopt);
    EXPECT_EQ(StatusAfterComment(S::InProgress, Actor::Customer), std::nullopt);
    EXPECT_EQ(StatusAfterComment(S::Closed, Actor::Customer), std::nullopt);
    // The vendor's first public reply takes a new ticket in hand; later ones change nothing.
    EXPECT_EQ(StatusAfterComment(S::New, Actor::Support), S::InProgress);
    EXPECT_EQ(StatusAfterComment(S::InProgress, Actor::Support), std::nullopt);
    EXPECT_EQ(StatusAfterComment(S::WaitingOnCustomer, Actor::Support), std::nullopt);
    EXPECT_EQ(StatusAfterComment(S::Resolved, Actor::Support), std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] The service level a ticket gets (R-SUP-3, R-GATE-4)

class SupportLevel : public ::testing::Test {
  protected:
    void SetUp() override {
        Id parent = world_.Parent("Northwind");
        account_ = world_.Account(parent);
        room_ = world_.Room(account_, "Opéra");
    }
    std::string Level(Id room, Date today) {
        return ChooseServiceLevel(world_.state, world_.catalogue, account_, room, today);
    }
    void License(const char* sku, Date bought) {
        Id contract = world_.Contract(account_, sku, 1, bought);
        ASSERT_TRUE(world_.Do(Action::Assign(room_, contract), bought).ok());
    }

    World world_;
    Id account_ = 0;
    Id room_ = 0;
};

TEST_F(SupportLevel, TheShippedCatalogueHasTheThreeLevels) {
    const Catalogue& catalogue = world_.catalogue;
    ASSERT_NE(catalogue.FindServiceLevel(kSelectLevel), nullptr);
    ASSERT_NE(catalogue.FindServiceLevel(kJumpstartLevel), nullptr);
    ASSERT_NE(catalogue.FindServiceLevel(kStandardLevel), nullptr);
    EXPECT_EQ(catalogue.FindServiceLevel(kSelectLevel)->program, "select");
    EXPECT_TRUE(catalogue.FindServiceLevel(kSelectLevel)->hours.always);
    EXPECT_EQ(catalogue.FindServiceLevel(kJumpstartLevel)->setup_days, 90);
    EXPECT_EQ(catalogue.rules.ticket_auto_close_days, 7);
    EXPECT_EQ(catalogue.FindServiceLevel("gold"), nullptr);
}

TEST_F(SupportLevel, ARoomWithoutLicenseOrNewDevicesGetsStandard) {
    // R-GATE-4: support needs no license at all; a ticket is possible, at the standard level.
    EXPECT_EQ(Level(room_, D("2026-03-01")), kStandardLevel);
    world_.Device(account_, "SN-OLD", room_, D("2024-01-10"));
    EXPECT_EQ(Level(room_, D("2026-03-01")), kStandardLevel);
}

TEST_F(SupportLevel, ARoomHoldingSelectGetsSelect) {
    License("SELECT-1Y", D("2026-01-10"));
    EXPECT_EQ(Level(room_, D("2026-03-01")), kSelectLevel);
    // The license's term over (R-TERM-2), the room is back to standard.
    EXPECT_EQ(Level(room_, D("2027-06-01")), kStandardLevel);
}

TEST_F(SupportLevel, ADeviceWithinItsNinetySetupDaysGivesJumpstart) {
    world_.Device(account_, "SN-NEW", room_, D("2026-01-10"));
    EXPECT_EQ(Level(room_, D("2026-01-09")), kStandardLevel);   // not bought yet
    EXPECT_EQ(Level(room_, D("2026-01-10")), kJumpstartLevel);  // day 0
    EXPECT_EQ(Level(room_, D("2026-04-09")), kJumpstartLevel);  // day 89
    EXPECT_EQ(Level(room_, D("2026-04-10")), kStandardLevel);   // day 90: over
    // A device of another room does not count.
    Id other = world_.Room(account_, "Bastille");
    world_.Device(account_, "SN-ELSEWHERE", other, D("2026-04-01"));
    EXPECT_EQ(Level(room_, D("2026-04-15")), kStandardLevel);
    EXPECT_EQ(Level(other, D("2026-04-15")), kJumpstartLevel);
}

TEST_F(SupportLevel, SelectWinsOverJumpstart) {
    // R-SUP-3: a JumpStart customer who buys Select gets the Select service level.
    world_.Device(account_, "SN-NEW", room_, D("2026-01-10"));
    License("SELECT-3Y", D("2026-01-20"));
    EXPECT_EQ(Level(room_, D("2026-02-01")), kSelectLevel);
}

TEST_F(SupportLevel, SyncPlusAloneGivesNoSelectSupport) {
    // R-GATE-4: support does not depend on Sync: a room with Sync Plus only is served at the
    // standard level, or jumpstart while a device is new; never select.
    License("SYNCPLUS-1Y", D("2026-01-10"));
    EXPECT_EQ(Level(room_, D("2026-03-01")), kStandardLevel);
    world_.Device(account_, "SN-NEW", room_, D("2026-02-20"));
    EXPECT_EQ(Level(room_, D("2026-03-01")), kJumpstartLevel);
}

TEST_F(SupportLevel, WithoutARoomTheAccountsActiveSelectContractDecides) {
    // No room: no device to be new, so jumpstart never applies.
    world_.Device(account_, "SN-NEW", room_, D("2026-01-10"));
    EXPECT_EQ(Level(0, D("2026-02-01")), kStandardLevel);
    // An active Select contract of the account, even with no license assigned, gives select:
    // unassigned, its term starts after the grace days (R-TERM-1); pending until then.
    world_.Contract(account_, "SELECT-1Y", 5, D("2026-01-10"));
    EXPECT_EQ(Level(0, D("2026-02-01")), kStandardLevel);
    EXPECT_EQ(Level(0, D("2026-06-01")), kSelectLevel);
    // Sync Plus does not (R-GATE-4), nor another account's Select.
    World other;
    Id other_account = other.Account(other.Parent("Contoso"));
    other.Contract(other_account, "SYNCPLUS-1Y", 5, D("2026-01-10"));
    EXPECT_EQ(ChooseServiceLevel(other.state, other.catalogue, other_account, 0, D("2026-06-01")),
              kStandardLevel);
    EXPECT_EQ(
        ChooseServiceLevel(world_.state, world_.catalogue, account_ + 1000, 0, D("2026-06-01")),
        kStandardLevel);
}

TEST_F(SupportLevel, AnExpiredSelectContractGivesStandard) {
    // Bought 2024-01-10, never assigned: the term starts after the grace days (R-TERM-1) and
    // ends a year later, well before 2026.
    world_.Contract(account_, "SELECT-1Y", 5, D("2024-01-10"));
    EXPECT_EQ(Level(0, D("2024-06-01")), kSelectLevel);
    EXPECT_EQ(Level(0, D("2026-02-01")), kStandardLevel);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Due times (business time, pauses, severity)

TEST(SupportDue, AWeekendIsSkipped) {
    ServiceLevelSpec level = OfficeHours();
    // Friday 16:00: one hour on Friday, the rest from Monday 09:00.
    DueTimes due = ComputeDueTimes(
        Ticket(level, Severity::Normal, "2026-01-09T16:00:00Z", "2026-01-09T16:30:00Z"));
    EXPECT_EQ(due.first_response_due, At("2026-01-12T12:00:00Z"));  // 1 h + 3 h
    EXPECT_EQ(due.resolution_due, At("2026-01-13T16:00:00Z"));      // 1 h + 8 h + 7 h
    EXPECT_FALSE(due.paused);
    EXPECT_FALSE(due.breached());
}

TEST(SupportDue, NightsAreSkipped) {
    ServiceLevelSpec level = OfficeHours();
    // Tuesday 20:00: the clock starts Wednesday 09:00.
    DueTimes due = ComputeDueTimes(
        Ticket(level, Severity::Critical, "2026-01-06T20:00:00Z", "2026-01-06T20:00:00Z"));
    EXPECT_EQ(due.first_response_due, At("2026-01-07T10:00:00Z"));
    EXPECT_EQ(due.resolution_due, At("2026-01-07T13:00:00Z"));
    // Before opening, the same.
    due = ComputeDueTimes(
        Ticket(level, Severity::Critical, "2026-01-07T06:00:00Z", "2026-01-07T06:00:00Z"));
    EXPECT_EQ(due.first_response_due, At("2026-01-07T10:00:00Z"));
    EXPECT_EQ(BusinessSecondsBetween(level, insights::Utc(), At("2026-01-06T16:00:00Z"),
                                     At("2026-01-07T10:00:00Z")),
              2 * 3600);
    EXPECT_EQ(BusinessSecondsBetween(level, insights::Utc(), At("2026-01-09T00:00:00Z"),
                                     At("2026-01-13T00:00:00Z")),
              2 * 8 * 3600);  // Friday and Monday
}

TEST(SupportDue, TheClockPausesWhileWaitingOnTheCustomer) {
    ServiceLevelSpec level = OfficeHours();
    ClockInput input =
        Ticket(level, Severity::Normal, "2026-01-05T09:00:00Z", "2026-01-06T12:00:00Z");
    input.changes = {{At("2026-01-05T10:00:00Z"), TicketStatus::InProgress},
                     {At("2026-01-05T11:00:00Z"), TicketStatus::WaitingOnCustomer},
                     {At("2026-01-06T10:00:00Z"), TicketStatus::InProgress}};
    input.first_response_at = At("2026-01-05T10:00:00Z");
    DueTimes due = ComputeDueTimes(input);
    // 2 h on Monday, paused from Monday 11:00 to Tuesday 10:00, then running again.
    EXPECT_EQ(due.first_response_due, At("2026-01-06T12:00:00Z"));
    EXPECT_EQ(due.resolution_due, At("2026-01-07T16:00:00Z"));  // 2 h + 7 h + 7 h
    EXPECT_FALSE(due.paused);
    EXPECT_FALSE(due.breached());

    // Still waiting: the due times are projected as if the clock ran again from now.
    input.changes.pop_back();
    input.now = At("2026-01-05T15:00:00Z");
    due = ComputeDueTimes(input);
    EXPECT_TRUE(due.paused);
    EXPECT_EQ(due.resolution_due, At("2026-01-07T13:00:00Z"));  // 2 h, then 2 + 8 + 4 from now
    input.now = At("2026-01-06T09:30:00Z");
    due = ComputeDueTimes(input);
    EXPECT_EQ(due.resolution_due, At("2026-01-07T15:30:00Z"));  // 2 h, then 7.5 h + 6.5 h
    EXPECT_FALSE(due.breached());

    // Not answered before the pause: the first-response clock pauses too.
    input.first_response_at.reset();
    input.now = At("2026-01-05T15:00:00Z");
    due = ComputeDueTimes(input);
    EXPECT_EQ(due.first_response_due, At("2026-01-05T17:00:00Z"));
    EXPECT_FALSE(due.first_response_breached);
}

TEST(SupportDue, ASeverityChangeMovesTheDueTimesFromCreation) {
    ServiceLevelSpec level = OfficeHours();
    ClockInput input =
        Ticket(level, Severity::Normal, "2026-01-05T09:00:00Z", "2026-01-05T11:00:00Z");
    DueTimes due = ComputeDueTimes(input);
    EXPECT_EQ(due.first_response_due, At("2026-01-05T13:00:00Z"));
    EXPECT_FALSE(due.breached());
    // Raised to critical at 10:30: the critical targets count from 09:00, already late.
    input.severity = Severity::Critical;
    due = ComputeDueTimes(input);
    EXPECT_EQ(due.first_response_due, At("2026-01-05T10:00:00Z"));
    EXPECT_EQ(due.resolution_due, At("2026-01-05T13:00:00Z"));
    EXPECT_TRUE(due.first_response_breached);
    EXPECT_FALSE(due.resolution_breached);
}

TEST(SupportDue, FirstResponseMetOrBreached) {
    ServiceLevelSpec level = OfficeHours();
    ClockInput input =
        Ticket(level, Severity::Critical, "2026-01-05T09:00:00Z", "2026-01-05T12:00:00Z");
    input.first_response_at = At("2026-01-05T09:59:59Z");
    EXPECT_FALSE(ComputeDueTimes(input).first_response_breached);
    input.first_response_at = At("2026-01-05T10:00:00Z");  // on the dot: met
    EXPECT_FALSE(ComputeDueTimes(input).first_response_breached);
    input.first_response_at = At("2026-01-05T10:00:01Z");
    EXPECT_TRUE(ComputeDueTimes(input).first_response_breached);
    EXPECT_TRUE(ComputeDueTimes(input).breached());
    // Not answered: breached from the due moment on.
    input.first_response_at.reset();
    input.now = At("2026-01-05T09:59:59Z");
    EXPECT_FALSE(ComputeDueTimes(input).first_response_breached);
    input.now = At("2026-01-05T10:00:00Z");
    EXPECT_TRUE(ComputeDueTimes(input).first_response_breached);
}

TEST(SupportDue, AResolvedTicketIsBreachedOnlyIfResolvedLate) {
    ServiceLevelSpec level = OfficeHours();
    // Critical: resolution due Monday 13:00.
    ClockInput input =
        Ticket(level, Severity::Critical, "2026-01-05T09:00:00Z", "2026-01-09T12:00:00Z");
    input.first_response_at = At("2026-01-05T09:30:00Z");
    input.changes = {{At("2026-01-05T09:30:00Z"), TicketStatus::InProgress},
                     {At("2026-01-05T12:00:00Z"), TicketStatus::Resolved}};
    DueTimes due = ComputeDueTimes(input);
    EXPECT_TRUE(due.paused);
    EXPECT_FALSE(due.breached());
    EXPECT_GT(due.resolution_due, input.now);  // projected: never reached while resolved

    // Resolved at 15:00, two hours late: the due moment stays where it was reached.
    input.changes.back().at = At("2026-01-05T15:00:00Z");
    input.changes.push_back({At("2026-01-08T15:00:00Z"), TicketStatus::Closed});
    due = ComputeDueTimes(input);
    EXPECT_EQ(due.resolution_due, At("2026-01-05T13:00:00Z"));
    EXPECT_TRUE(due.resolution_breached);
    EXPECT_FALSE(due.first_response_breached);

    // Reopened by a customer's comment after a timely resolution, the clock runs on.
    input.changes = {{At("2026-01-05T09:30:00Z"), TicketStatus::InProgress},
                     {At("2026-01-05T11:00:00Z"), TicketStatus::Resolved},
                     {At("2026-01-06T09:00:00Z"), TicketStatus::InProgress}};
    input.now = At("2026-01-06T12:00:00Z");
    due = ComputeDueTimes(input);
    EXPECT_EQ(due.resolution_due, At("2026-01-06T11:00:00Z"));  // 2 h Monday + 2 h Tuesday
    EXPECT_TRUE(due.resolution_breached);
}

TEST(SupportDue, BusinessHoursFollowParisAcrossTheChangesOfClocks) {
    ServiceLevelSpec level = OfficeHours();
    TimeZone paris = Paris2026();
    // Friday 27 March 16:00 CET (15:00 UTC): one hour on Friday; the clocks go forward on
    // Sunday, so Monday opens at 09:00 CEST, 07:00 UTC.
    ClockInput input =
        Ticket(level, Severity::High, "2026-03-27T15:00:00Z", "2026-03-27T15:00:00Z");
    input.zone = &paris;
    DueTimes due = ComputeDueTimes(input);
    EXPECT_EQ(due.first_response_due, At("2026-03-30T08:00:00Z"));
    // Friday 23 October 16:00 CEST (14:00 UTC); back to CET on Sunday: Monday 09:00 is 08:00 UTC.
    input.created_at = input.now = At("2026-10-23T14:00:00Z");
    due = ComputeDueTimes(input);
    EXPECT_EQ(due.first_response_due, At("2026-10-26T09:00:00Z"));

    // Hours that fall in the hour the clocks skip, or repeat.
    ServiceLevelSpec night = level;
    night.hours = {false, {1, 2, 3, 4, 5, 6, 7}, 2 * 60, 3 * 60};
    EXPECT_EQ(BusinessSecondsBetween(night, paris, At("2026-03-28T00:00:00Z"),
                                     At("2026-03-29T23:00:00Z")),
              3600);  // Saturday's hour; Sunday's 02:00-03:00 does not exist
    EXPECT_EQ(BusinessSecondsBetween(night, paris, At("2026-10-24T23:00:00Z"),
                                     At("2026-10-25T23:00:00Z")),
              2 * 3600);  // 02:00 CEST to 03:00 CET
    // Every day, all day: the Sunday of each change lasts 23 and 25 hours.
    ServiceLevelSpec all_day = level;
    all_day.hours = {false, {1, 2, 3, 4, 5, 6, 7}, 0, 24 * 60};
    EXPECT_EQ(BusinessSecondsBetween(all_day, paris, At("2026-03-28T23:00:00Z"),
                                     At("2026-03-29T22:00:00Z")),
              23 * 3600);
    EXPECT_EQ(BusinessSecondsBetween(all_day, paris, At("2026-10-24T22:00:00Z"),
                                     At("2026-10-25T23:00:00Z")),
              25 * 3600);
}

TEST(SupportDue, SelectRunsAroundTheClock) {
    ServiceLevelSpec level = AroundTheClock();
    TimeZone paris = Paris2026();
    // Saturday 23:30: weekends and nights count.
    ClockInput input =
        Ticket(level, Severity::Critical, "2026-01-10T23:30:00Z", "2026-01-11T00:45:00Z");
    DueTimes due = ComputeDueTimes(input);
    EXPECT_EQ(due.first_response_due, At("2026-01-11T00:30:00Z"));
    EXPECT_EQ(due.resolution_due, At("2026-01-11T03:30:00Z"));
    EXPECT_TRUE(due.first_response_breached);
    // The night the clocks go forward changes nothing to elapsed time.
    input = Ticket(level, Severity::Normal, "2026-03-29T00:00:00Z", "2026-03-29T00:00:00Z");
    input.zone = &paris;
    due = ComputeDueTimes(input);
    EXPECT_EQ(due.first_response_due, At("2026-03-29T04:00:00Z"));
    EXPECT_EQ(due.resolution_due, At("2026-03-30T00:00:00Z"));
    // A pause stops it too.
    input.changes = {{At("2026-03-29T01:00:00Z"), TicketStatus::WaitingOnCustomer},
                     {At("2026-03-29T03:00:00Z"), TicketStatus::InProgress}};
    input.now = At("2026-03-29T03:00:00Z");
    due = ComputeDueTimes(input);
    EXPECT_EQ(due.first_response_due, At("2026-03-29T06:00:00Z"));
}

TEST(SupportDue, NoTargetOrNoHoursMeansNoDueTime) {
    ServiceLevelSpec level = OfficeHours();
    // "low" has no target in this table.
    DueTimes due = ComputeDueTimes(
        Ticket(level, Severity::Low, "2026-01-05T09:00:00Z", "2030-01-05T09:00:00Z"));
    EXPECT_EQ(due.first_response_due, kNeverDue);
    EXPECT_EQ(due.resolution_due, kNeverDue);
    EXPECT_FALSE(due.breached());
    // Hours that never open end the search rather than loop.
    level.hours.weekdays.clear();
    due = ComputeDueTimes(
        Ticket(level, Severity::Critical, "2026-01-05T09:00:00Z", "2026-01-05T09:00:00Z"));
    EXPECT_EQ(due.resolution_due, kNeverDue);
    EXPECT_FALSE(due.breached());
    // A target beyond the 400-day horizon: the same.
    level = OfficeHours();
    level.targets = {{"critical", 60, 60 * 8 * 1000}};
    due = ComputeDueTimes(
        Ticket(level, Severity::Critical, "2026-01-05T09:00:00Z", "2026-01-05T09:00:00Z"));
    EXPECT_EQ(due.first_response_due, At("2026-01-05T10:00:00Z"));
    EXPECT_EQ(due.resolution_due, kNeverDue);
    // No level at all.
    ClockInput input;
    input.created_at = input.now = At("2026-01-05T09:00:00Z");
    EXPECT_EQ(ComputeDueTimes(input).first_response_due, kNeverDue);
}

TEST(SupportDue, TheShippedLevelsAreOrderedBySpeed) {
    Catalogue catalogue = testing::ShippedCatalogue();
    // A critical ticket on a Friday evening: Select answers the same night, the others Monday.
    Seconds created = At("2026-01-09T19:00:00Z");
    Seconds previous = 0;
    for (const char* id : {kSelectLevel, kJumpstartLevel, kStandardLevel}) {
        const ServiceLevelSpec* level = catalogue.FindServiceLevel(id);
        ASSERT_NE(level, nullptr) << id;
        ClockInput input;
        input.level = level;
        input.severity = Severity::Critical;
        input.created_at = input.now = created;
        DueTimes due = ComputeDueTimes(input);
        EXPECT_LT(due.first_response_due, due.resolution_due) << id;
        EXPECT_GE(due.first_response_due, previous) << id;
        previous = due.first_response_due;
    }
    ClockInput select;
    select.level = catalogue.FindServiceLevel(kSelectLevel);
    select.severity = Severity::Critical;
    select.created_at = select.now = created;
    EXPECT_LT(ComputeDueTimes(select).first_response_due, At("2026-01-10T00:00:00Z"));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] One click from a room (R-SUP-2)

// A room named Opéra with `devices` devices, `offline` of them offline since `since` (local
// time; empty: unknown).
RoomFacts Opera(int devices, int offline = 0, const std::string& since = "") {
    RoomFacts facts;
    facts.name = "Opéra";
    facts.devices = devices;
    facts.devices_offline = offline;
    facts.offline_since_local = since;
    return facts;
}

// The subject proposed in English, then in French.
using Subjects = std::pair<std::string, std::string>;
Subjects SubjectsOf(const RoomFacts& facts) {
    return {ProposeTicket(facts, Language::English).subject,
            ProposeTicket(facts, Language::French).subject};
}

TEST(SupportProposal, SomeDevicesOffline) {
    RoomFacts facts = Opera(3, 2, "09:12");
    EXPECT_EQ(SubjectsOf(facts),
              Subjects("Opéra is offline: 2 of 3 devices offline since 09:12",
                       "Opéra est hors ligne : 2 appareils sur 3 hors ligne depuis 09:12"));
    EXPECT_EQ(ProposeTicket(facts, Language::English).severity, Severity::High);
    EXPECT_EQ(ProposeTicket(facts, Language::French).severity, Severity::High);
    EXPECT_EQ(SubjectsOf(Opera(3, 1)),
              Subjects("Opéra is offline: 1 of 3 devices offline",
                       "Opéra est hors ligne : 1 appareil sur 3 hors ligne"));
}

TEST(SupportProposal, EveryDeviceOfflineIsCritical) {
    RoomFacts facts = Opera(3, 3, "09:12");
    EXPECT_EQ(SubjectsOf(facts),
              Subjects("Opéra is offline: all 3 devices offline since 09:12",
                       "Opéra est hors ligne : les 3 appareils hors ligne depuis 09:12"));
    EXPECT_EQ(ProposeTicket(facts, Language::English).severity, Severity::Critical);
    EXPECT_EQ(SubjectsOf(Opera(1, 1, "09:12")),
              Subjects("Opéra is offline: its device offline since 09:12",
                       "Opéra est hors ligne : son appareil hors ligne depuis 09:12"));
}

TEST(SupportProposal, FiringAlertsNeedAttention) {
    RoomFacts facts = Opera(3);
    facts.alerts_firing = 2;
    EXPECT_EQ(SubjectsOf(facts), Subjects("Opéra needs attention: 2 alerts firing",
                                          "Opéra demande votre attention : 2 alertes en cours"));
    EXPECT_EQ(ProposeTicket(facts, Language::English).severity, Severity::Normal);
    facts.alerts_firing = 1;
    facts.alert_critical = true;
    EXPECT_EQ(SubjectsOf(facts), Subjects("Opéra needs attention: 1 alert firing",
                                          "Opéra demande votre attention : 1 alerte en cours"));
    EXPECT_EQ(ProposeTicket(facts, Language::French).severity, Severity::High);
}

TEST(SupportProposal, AHealthyRoomGetsANeutralSubject) {
    RoomFacts facts = Opera(2);
    EXPECT_EQ(SubjectsOf(facts), Subjects("Support for Opéra", "Assistance pour Opéra"));
    EXPECT_EQ(ProposeTicket(facts, Language::English).severity, Severity::Normal);
    // A room without devices is not "every device offline".
    facts.devices = 0;
    EXPECT_EQ(ProposeTicket(facts, Language::English).severity, Severity::Normal);
}

}  // namespace
}  // namespace portal::support
