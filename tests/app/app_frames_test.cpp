// The app drawn headless, frame by frame, against a scripted server: what a user would see
// while data loads, when it arrives, when the server fails and when it comes back.
#include "app_fixture.h"

namespace portal::app {
namespace {

TEST_F(AppFrames, ShowsLoadingThenTheCatalogue) {
    app_->OnLocationHash("#/catalogue");  // the catalogue has its own page (issue 16)
    StartSignedIn();
    EXPECT_NE(Item("Loading the service catalogue…"), nullptr);
    EXPECT_TRUE(app_->WantsAnimation()) << "the spinner must keep frames coming";
    EXPECT_EQ(transport_.Answer("/api/v1/health", 200, kHealth), 1);
    EXPECT_EQ(transport_.Answer("/api/v1/catalogue", 200, catalogue_json_), 1);
    Frames();
    EXPECT_EQ(Item("Loading the service catalogue…"), nullptr);
    EXPECT_NE(Item("Service programs"), nullptr);
    EXPECT_NE(Item("Select"), nullptr);
    EXPECT_NE(Item("Sync Plus"), nullptr);
    EXPECT_NE(Item("1, 2, 3, 4, 5 years"), nullptr);
    EXPECT_NE(Item("Service Portal 9.8.7 · database ok (schema 1)"), nullptr);
    EXPECT_FALSE(app_->WantsAnimation()) << "an idle page must not ask for frames";
    EXPECT_GT(app_->state().first_data_frame_seconds, 0);
}

TEST_F(AppFrames, NavigationIsExposedAndPushesTheHash) {
    StartSignedIn();
    for (const char* label : {"Overview", "Service Orders", "Rooms", "Devices", "Insights",
                              "Alerts", "Support", "People & access"}) {
        const BridgeItem* item = Item(label);
        ASSERT_NE(item, nullptr) << label;
        EXPECT_TRUE(item->enabled);
        EXPECT_GT(item->w, 0);
    }
    Click("Support");
    EXPECT_EQ(app_->state().route.page, Page::Support);
    ASSERT_FALSE(platform_.hashes.empty());
    EXPECT_EQ(platform_.hashes.back(), "#/support");
    // Support tickets belong to an account: a user with none is told so.
    EXPECT_NE(Item("No account is shared with you yet."), nullptr);
    // Back button: the browser reports the old hash.
    app_->OnLocationHash("#/overview");
    Frames();
    EXPECT_EQ(app_->state().route.page, Page::Overview);
}

TEST_F(AppFrames, ServerErrorIsShownAndRetriedUntilItRecovers) {
    app_->OnLocationHash("#/catalogue");  // the catalogue has its own page (issue 16)
    StartSignedIn();
    transport_.Answer("/api/v1/health", 200, kHealth);
    transport_.Answer(
        "/api/v1/catalogue", 500,
        R"({"error":{"code":"internal","message":"The catalogue is unavailable.","details":{}}})");
    Frames();
    EXPECT_NE(Item("Could not load the service catalogue."), nullptr);
    EXPECT_NE(Item("Retry"), nullptr);
    EXPECT_TRUE(app_->state().has_error);
    EXPECT_EQ(app_->state().last_error.code, "internal");
    EXPECT_NE(app_->StateJson().find("\"failing\":[\"catalogue\"]"), std::string::npos);
    // A 5xx is retried by itself after a backoff, without a click.
    EXPECT_NEAR(platform_.wake_in, 1.0, 0.02);
    platform_.now += 1.5;
    Frames();
    EXPECT_EQ(transport_.Answer("/api/v1/catalogue", 200, catalogue_json_), 1);
    Frames();
    EXPECT_EQ(Item("Could not load the service catalogue."), nullptr);
    EXPECT_NE(Item("Service programs"), nullptr);
}

TEST_F(AppFrames, LostServerShowsTheBannerAndRetryNowWorks) {
    app_->OnLocationHash("#/catalogue");  // the catalogue has its own page (issue 16)
    StartSignedIn();
    transport_.Answer("/api/v1/health", 0, "");
    transport_.Answer("/api/v1/catalogue", 0, "");
    Frames();
    EXPECT_TRUE(app_->state().offline);
    EXPECT_NE(Item("Retry now"), nullptr);
    EXPECT_NE(app_->StateJson().find("\"online\":false"), std::string::npos);
    Click("Retry now");
    EXPECT_EQ(transport_.pending.size(), 2u) << "Retry now sends each failed request once";
    transport_.Answer("/api/v1/health", 200, kHealth);
    transport_.Answer("/api/v1/catalogue", 200, catalogue_json_);
    Frames();
    EXPECT_FALSE(app_->state().offline);
    EXPECT_EQ(Item("Retry now"), nullptr);
    EXPECT_NE(Item("Service programs"), nullptr);
}

TEST_F(AppFrames, ClientErrorIsNotRetriedBlindly) {
    app_->OnLocationHash("#/catalogue");  // the catalogue has its own page (issue 16)
    StartSignedIn();
    transport_.Answer("/api/v1/health", 200, kHealth);
    transport_.Answer("/api/v1/catalogue", 404,
                      R"({"error":{"code":"not_found","message":"Not here.","details":{}}})");
    Frames();
    platform_.now += 60;
    Frames();
    for (const auto& pending : transport_.pending) {
        EXPECT_NE(pending.request.path, "/api/v1/catalogue") << "a 404 must not be retried";
    }
    EXPECT_NE(Item("Not here."), nullptr);
}

TEST_F(AppFrames, UnknownRouteSaysSoAndOffersAWayBack) {
    app_->OnLocationHash("#/billing");
    StartSignedIn();
    EXPECT_NE(Item("There is no page at \"#/billing\"."), nullptr);
    Click("Go to Overview");
    EXPECT_EQ(app_->state().route.page, Page::Overview);
}

}  // namespace
}  // namespace portal::app

namespace portal::app {
namespace {

TEST_F(AppFrames, HeartbeatNoticesALostServer) {
    app_->OnLocationHash("#/catalogue");  // the catalogue has its own page (issue 16)
    StartSignedIn();
    transport_.Answer("/api/v1/health", 200, kHealth);
    transport_.Answer("/api/v1/catalogue", 200, catalogue_json_);
    Frames();
    EXPECT_TRUE(transport_.pending.empty()) << "an idle, healthy portal sends nothing";
    platform_.now += 31;
    Frames(1);
    ASSERT_EQ(transport_.pending.size(), 1u);
    EXPECT_EQ(transport_.pending.front().request.path, "/api/v1/health");
    transport_.Answer("/api/v1/health", 0, "");
    Frames();
    EXPECT_TRUE(app_->state().offline);
    EXPECT_NE(Item("Retry now"), nullptr);
    EXPECT_NE(Item("Service programs"), nullptr) << "what was loaded stays on screen";
    EXPECT_NE(Item("Shown as last loaded: the server cannot be reached right now."), nullptr);
    EXPECT_EQ(Item("Could not load server status."), nullptr) << "the banner says it once";
}

TEST_F(AppFrames, RefreshIsDisabledWhileLoading) {
    StartSignedIn();
    const BridgeItem* refresh = Item("Refresh");
    ASSERT_NE(refresh, nullptr);
    EXPECT_FALSE(refresh->enabled);
    transport_.Answer("/api/v1/health", 200, kHealth);
    transport_.Answer("/api/v1/catalogue", 200, catalogue_json_);
    Frames();
    ASSERT_NE(Item("Refresh"), nullptr);
    EXPECT_TRUE(Item("Refresh")->enabled);
    Click("Refresh");
    EXPECT_EQ(transport_.pending.size(), 3u) << "health, catalogue and the accounts";
    EXPECT_FALSE(Item("Refresh")->enabled);
}

}  // namespace
}  // namespace portal::app

namespace portal::app {
namespace {

TEST_F(AppFrames, TheFontHasTheAccentsOfFrench) {
    for (ImWchar c : {0x00E9, 0x00E8, 0x00EA, 0x00E0, 0x00E7, 0x00F4, 0x00FB, 0x0153, 0x00C9,
                      0x00AB, 0x00BB, 0x20AC, 0x2026, 0x2019}) {
        EXPECT_NE(fonts_.body->FindGlyphNoFallback(c), nullptr) << "U+" << std::hex << c;
        EXPECT_NE(fonts_.heading->FindGlyphNoFallback(c), nullptr) << "U+" << std::hex << c;
    }
}

}  // namespace
}  // namespace portal::app

namespace portal::app {
namespace {

// The browser keeps one timer, so every frame must ask for the earliest moment the app has to
// run by itself. A retry whose wake-up was dropped would wait for a click (seen in CI).
TEST_F(AppFrames, EveryFrameAsksToWakeForTheEarliestRetry) {
    app_->OnLocationHash("#/catalogue");  // the catalogue has its own page (issue 16)
    StartSignedIn();
    transport_.Answer("/api/v1/health", 0, "");
    transport_.Answer("/api/v1/catalogue", 0, "");
    Frames();
    platform_.now += 1.1;
    Frames();                                       // both retried
    transport_.Answer("/api/v1/catalogue", 0, "");  // still down: next try in 2 s
    Frames();  // the offline banner's one-second tick is the pending timer now
    platform_.now += 0.95;
    transport_.Answer("/api/v1/health", 200, kHealth);
    Frames();  // the tick fired; the health check got through: online again
    EXPECT_FALSE(app_->state().offline);
    ASSERT_GE(platform_.wake_at, 0) << "nothing would wake the app for the catalogue's retry";
    EXPECT_LE(platform_.wake_at, app_->state().catalogue.retry_at + 0.02);
    platform_.now = platform_.wake_at;
    Frames();
    ASSERT_EQ(transport_.pending.size(), 1u);
    EXPECT_EQ(transport_.pending.front().request.path, "/api/v1/catalogue");
    transport_.Answer("/api/v1/catalogue", 200, catalogue_json_);
    Frames();
    EXPECT_NE(Item("Service programs"), nullptr);
    EXPECT_LE(platform_.wake_in, 30.02) << "then only the heartbeat";
}

}  // namespace
}  // namespace portal::app
