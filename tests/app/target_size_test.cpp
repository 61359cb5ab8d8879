// WCAG 2.5.8 (target size, minimum): every control of the main pages is at least 24 x 24 CSS
// px (ImGui's coordinates are CSS px). Style: 15 px text, FramePadding 6 (27 px buttons, fields,
// check boxes, combos), ItemSpacing.y 9 (selectables span 24 px); Copy buttons in rows are
// CompactButton (24 px) rather than ImGui's 15 px SmallButton.
//
// Exempt: an item cut by the edge of the screen or of a scrolled region (its visible part is
// smaller than the control), and ImGui's unnamed scrollbars (not in the mirror: the wheel, the
// keys and the mirror's focus, which scrolls a control into view, do their work).
#include "../core/world.h"
#include "api/state_json.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

using portal::testing::D;

constexpr float kTarget = 24.0f;

// The interactive items of the last frame smaller than 24 x 24, one a line.
std::string SmallTargets(const TestBridge& bridge, const std::string& page) {
    std::string small;
    float bottom = ImGui::GetIO().DisplaySize.y;
    for (const BridgeItem& item : bridge.items()) {
        if (item.text) continue;
        // Unnamed items are not in the mirror: ImGui's scrollbars, which the wheel, the keys
        // and the mirror's focus (scrolling a control into view) replace.
        if (item.label.empty()) continue;
        if (item.cut || item.y + item.h >= bottom - 1.0f) continue;  // cut by an edge
        if (item.w + 0.01f >= kTarget && item.h + 0.01f >= kTarget) continue;
        char size[64];
        std::snprintf(size, sizeof size, " (%.1f x %.1f at %.0f, %.0f)", item.w, item.h, item.x,
                      item.y);
        small += "\n  " + page + ": \"" + item.label + "\"" + size;
    }
    return small;
}

TEST_F(AppFrames, EveryControlOfTheMainPagesIsAtLeast24Px) {
    portal::testing::World world;
    Id account = world.Account(world.Parent("Northwind"));
    Id room = world.Room(account, "Salle Étoile");
    Id free_room = world.Room(account, "Opéra");
    world.Device(account, "SN-1", room, D("2026-01-10"));
    Id contract = world.Contract(account, "SELECT-3Y", 4, D("2026-06-01"));
    ASSERT_TRUE(world.Do(Action::Assign(room, contract), D("2026-06-02")).ok());
    StartWithAccount(api::StateToJson(world.state).dump());

    std::string small;
    for (const char* hash :
         {"#/overview", "#/orders", "#/rooms", "#/devices", "#/insights", "#/alerts", "#/support",
          "#/people", "#/intake", "#/catalogue", "#/kiosk-links"}) {
        app_->OnLocationHash(std::string(hash) + "?account=7");
        Frames();
        small += SmallTargets(app_->bridge(), hash);
    }
    app_->OnLocationHash("#/rooms/" + std::to_string(free_room) + "?account=7");
    Frames();
    small += SmallTargets(app_->bridge(), "room page");
    Click("Assign license");
    Frames();
    small += SmallTargets(app_->bridge(), "assign dialog");
    Press(ImGuiKey_Escape);
    app_->SignOut();
    Frames();
    small += SmallTargets(app_->bridge(), "sign in");
    EXPECT_TRUE(small.empty()) << "controls smaller than 24 x 24 CSS px:" << small;
}

}  // namespace
}  // namespace portal::app
