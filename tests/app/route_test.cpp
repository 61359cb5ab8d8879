#include "app/route.h"

#include <gtest/gtest.h>

namespace portal::app {
namespace {

TEST(Route, EmptyHashIsTheOverview) {
    EXPECT_EQ(ParseRoute(""), (Route{Page::Overview, ""}));
    EXPECT_EQ(ParseRoute("#"), (Route{Page::Overview, ""}));
    EXPECT_EQ(ParseRoute("#/"), (Route{Page::Overview, ""}));
}

TEST(Route, ParsesPagesAndDetail) {
    EXPECT_EQ(ParseRoute("#/rooms"), (Route{Page::Rooms, ""}));
    EXPECT_EQ(ParseRoute("#/rooms/"), (Route{Page::Rooms, ""}));
    EXPECT_EQ(ParseRoute("#/rooms/room-42"), (Route{Page::Rooms, "room-42"}));
    EXPECT_EQ(ParseRoute("/orders"), (Route{Page::ServiceOrders, ""}));
    EXPECT_EQ(ParseRoute("people"), (Route{Page::People, ""}));
}

TEST(Route, UnknownKeepsWhatWasAskedFor) {
    Route route = ParseRoute("#/billing/2026");
    EXPECT_EQ(route.page, Page::NotFound);
    EXPECT_EQ(route.detail, "billing/2026");
    EXPECT_EQ(FormatRoute(route), "#/billing/2026");
}

TEST(Route, FormatParsesBack) {
    for (Page page :
         {Page::Overview, Page::ServiceOrders, Page::Rooms, Page::Devices, Page::Insights,
          Page::Alerts, Page::Support, Page::SupportQueue, Page::People}) {
        Route route{page, "x-1"};
        EXPECT_EQ(ParseRoute(FormatRoute(route)), route) << FormatRoute(route);
    }
    EXPECT_EQ(FormatRoute({Page::Rooms, ""}), "#/rooms");
}

}  // namespace
}  // namespace portal::app

namespace portal::app {
namespace {

// A shared link names the account, so that a partner's colleague lands on the same customer.
TEST(Route, CarriesTheAccount) {
    EXPECT_EQ(ParseRoute("#/rooms/42?account=12"), (Route{Page::Rooms, "42", 12}));
    EXPECT_EQ(ParseRoute("#/?account=7"), (Route{Page::Overview, "", 7}));
    EXPECT_EQ(ParseRoute("#/rooms?x=1&account=3"), (Route{Page::Rooms, "", 3}));
    EXPECT_EQ(ParseRoute("#/rooms?account=abc"), (Route{Page::Rooms, "", 0}));
    EXPECT_EQ(FormatRoute({Page::Devices, "", 9}), "#/devices?account=9");
    EXPECT_EQ(ParseRoute(FormatRoute({Page::Rooms, "5", 12})), (Route{Page::Rooms, "5", 12}));
}

// The link of a ticket mail (issue 14) names the ticket and its account; the operators' queue
// is a page of its own, not a ticket of the Support page.
TEST(Route, SupportLinks) {
    EXPECT_EQ(ParseRoute("#/support/12?account=3"), (Route{Page::Support, "12", 3}));
    EXPECT_EQ(FormatRoute({Page::Support, "12", 3}), "#/support/12?account=3");
    EXPECT_EQ(ParseRoute("#/support-queue"), (Route{Page::SupportQueue, ""}));
    EXPECT_EQ(FormatRoute({Page::SupportQueue, ""}), "#/support-queue");
    EXPECT_EQ(PageSlug(Page::SupportQueue), std::string("support-queue"));
}

TEST(Route, QueryEscape) {
    EXPECT_EQ(QueryEscape("rapport 1.pdf"), "rapport%201.pdf");
    EXPECT_EQ(QueryEscape("Opéra&x=1"), "Op%C3%A9ra%26x%3D1");
    EXPECT_EQ(QueryEscape("a-b_c.d~e"), "a-b_c.d~e");
}

TEST(Route, InvitationLinks) {
    Route route = ParseRoute("#/invite/Zm9vYmFy_-x");
    EXPECT_EQ(route.page, Page::Invite);
    EXPECT_EQ(route.detail, "Zm9vYmFy_-x");
}

}  // namespace
}  // namespace portal::app

namespace portal::app {
namespace {

// A kiosk link: the token, and a theme that overrides the link's; a kiosk names no account.
TEST(Route, KioskLinks) {
    Route route = ParseRoute("#/kiosk/ksk_Zm9v-_x");
    EXPECT_EQ(route.page, Page::Kiosk);
    EXPECT_EQ(route.detail, "ksk_Zm9v-_x");
    EXPECT_EQ(route.account, 0);
    EXPECT_EQ(FormatRoute(route), "#/kiosk/ksk_Zm9v-_x");
    EXPECT_EQ(KioskThemeOf("#/kiosk/ksk_Zm9v-_x"), "");

    Route light = ParseRoute("#/kiosk/ksk_abc?theme=light");
    EXPECT_EQ(light.page, Page::Kiosk);
    EXPECT_EQ(light.detail, "ksk_abc");
    EXPECT_EQ(KioskThemeOf("#/kiosk/ksk_abc?theme=light"), "light");
    EXPECT_EQ(KioskThemeOf("#/kiosk/ksk_abc?account=4&theme=dark"), "dark");
    EXPECT_EQ(ParseRoute("#/kiosk/ksk_abc?account=4&theme=dark").account, 0);
    EXPECT_EQ(KioskThemeOf("#/kiosk/ksk_abc?theme=purple"), "");
    EXPECT_EQ(KioskThemeOf("#/kiosk/ksk_abc?themes=light"), "");
    // Other pages take no theme.
    EXPECT_EQ(KioskThemeOf("#/rooms?theme=light"), "");
    EXPECT_EQ(ParseRoute("#/rooms?theme=light").page, Page::Rooms);
}

}  // namespace
}  // namespace portal::app

namespace portal::app {
namespace {

// Single sign-on comes back to a route (issue 15, R-ACC-5): a refused sign-in to
// "/#/?sso=<code>", a Test sign-in to the page it was started from with "sso=tested" added.
// The code stays in the route so that the page can say what happened.
TEST(Route, KeepsTheSsoOutcome) {
    EXPECT_EQ(ParseRoute("#/?sso=not_invited"), (Route{Page::Overview, "", 0, "not_invited"}));
    EXPECT_EQ(ParseRoute("#/?sso=state_invalid").sso, "state_invalid");
    Route tested = ParseRoute("#/people?account=7&sso=tested");
    EXPECT_EQ(tested, (Route{Page::People, "", 7, "tested"}));
    EXPECT_EQ(FormatRoute(tested), "#/people?account=7&sso=tested");
    EXPECT_EQ(ParseRoute(FormatRoute(tested)), tested);
    EXPECT_EQ(FormatRoute({Page::Overview, "", 0, "disabled"}), "#/overview?sso=disabled");
    EXPECT_EQ(ParseRoute("#/people?sso=tested&account=7"), tested) << "in any order";
    // Only a code as the server writes it: the text is shown, a link must not bring its own.
    EXPECT_EQ(ParseRoute("#/?sso=%3Cb%3E").sso, "");
    EXPECT_EQ(ParseRoute("#/?sso=Tested").sso, "");
    EXPECT_EQ(ParseRoute("#/?sso=" + std::string(41, 'a')).sso, "");
    // A kiosk link takes none.
    EXPECT_EQ(ParseRoute("#/kiosk/ksk_abc?sso=tested").sso, "");
    // Without it, routes are written as before.
    EXPECT_EQ(FormatRoute({Page::People, "", 7}), "#/people?account=7");
}

// The Overview's figures open a page filtered (issue 16): "?filter=<name>" rides along like the
// account, and only a name as the app writes it is kept.
TEST(Route, KeepsAPageFilter) {
    Route offline = ParseRoute("#/rooms?account=7&filter=offline");
    EXPECT_EQ(offline, (Route{Page::Rooms, "", 7, "", "offline"}));
    EXPECT_EQ(FormatRoute(offline), "#/rooms?account=7&filter=offline");
    EXPECT_EQ(ParseRoute("#/support?filter=breached&account=3").filter, "breached");
    EXPECT_EQ(ParseRoute("#/devices?filter=warranty-60").filter, "warranty-60");
    EXPECT_EQ(ParseRoute("#/rooms?filter=Offline").filter, "");
    EXPECT_EQ(ParseRoute("#/rooms?filter=%3Cb%3E").filter, "");
    EXPECT_EQ(ParseRoute("#/rooms?filter=" + std::string(41, 'a')).filter, "");
    EXPECT_EQ(ParseRoute("#/kiosk/ksk_abc?filter=offline").filter, "");
}

// The catalogue has its own page (issue 16); the Overview is the fleet's home.
TEST(Route, HasACataloguePage) {
    EXPECT_EQ(ParseRoute("#/catalogue").page, Page::Catalogue);
    EXPECT_EQ(FormatRoute({Page::Catalogue, "", 4}), "#/catalogue?account=4");
    EXPECT_STREQ(PageSlug(Page::Catalogue), "catalogue");
}

}  // namespace
}  // namespace portal::app
