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
    for (Page page : {Page::Overview, Page::ServiceOrders, Page::Rooms, Page::Devices,
                      Page::Insights, Page::Alerts, Page::Support, Page::People}) {
        Route route{page, "x-1"};
        EXPECT_EQ(ParseRoute(FormatRoute(route)), route) << FormatRoute(route);
    }
    EXPECT_EQ(FormatRoute({Page::Rooms, ""}), "#/rooms");
}

}  // namespace
}  // namespace portal::app
