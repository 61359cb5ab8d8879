// What the pages give the accessible mirror (issue 17), headless: the shell's landmarks and its
// navigation as links with the current page marked, a clipped 10,000-room table whose rows keep
// their place in the whole list after a scroll, fields that say their value, their required
// state and their error, and headings for page titles.
#include <cstdio>
#include <span>

#include "../core/world.h"
#include "api/state_json.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

using portal::testing::D;

class ViewsMirror : public AppFrames {
  protected:
    std::span<const MirrorNode> Nodes() { return app_->bridge().nodes(); }
    const MirrorNode* Node(MirrorRole role, const std::string& name) {
        return app_->bridge().FindNode(role, name);
    }
    const MirrorNode* Parent(const MirrorNode* node) {
        return node && node->parent ? app_->bridge().FindNode(node->parent) : nullptr;
    }
    // The nearest container of `role` around `node`, or nullptr.
    const MirrorNode* Around(const MirrorNode* node, MirrorRole role) {
        for (const MirrorNode* up = Parent(node); up; up = Parent(up)) {
            if (up->role == role) return up;
        }
        return nullptr;
    }
    std::vector<const MirrorNode*> All(MirrorRole role) {
        std::vector<const MirrorNode*> found;
        for (const MirrorNode& node : Nodes()) {
            if (node.mirrored && node.role == role) found.push_back(&node);
        }
        return found;
    }
};

// The shell: a banner, a navigation landmark of links (href: the page's URL) with the current
// page marked, and the page in the main landmark.
TEST_F(ViewsMirror, TheNavigationIsLinksWithTheCurrentPageMarked) {
    app_->OnLocationHash("#/rooms?account=7");
    portal::testing::World world;
    world.Room(world.Account(world.Parent("Northwind")), "Boardroom");
    StartWithAccount(api::StateToJson(world.state).dump());
    Frames();

    const MirrorNode* nav = Node(MirrorRole::Navigation, "Main navigation");
    ASSERT_NE(nav, nullptr);
    std::vector<const MirrorNode*> links = All(MirrorRole::Link);
    ASSERT_GE(links.size(), 9u) << "one link a page";
    int current = 0;
    for (const MirrorNode* link : links) {
        EXPECT_EQ(Around(link, MirrorRole::Navigation), nav) << link->name;
        EXPECT_EQ(link->href.rfind("#/", 0), 0u) << link->name << ": " << link->href;
        current += (link->states & a11y::state::kCurrent) != 0;
    }
    EXPECT_EQ(current, 1) << "exactly one page is the current one";
    const MirrorNode* rooms = Node(MirrorRole::Link, "Rooms");
    ASSERT_NE(rooms, nullptr);
    EXPECT_EQ(rooms->href, "#/rooms?account=7");
    EXPECT_NE(rooms->states & a11y::state::kCurrent, 0u);
    const MirrorNode* devices = Node(MirrorRole::Link, "Devices");
    ASSERT_NE(devices, nullptr);
    EXPECT_EQ(devices->href, "#/devices?account=7");
    EXPECT_EQ(devices->states & a11y::state::kCurrent, 0u);

    // The account switcher is in the banner, the page's title (level 1) in the main landmark.
    const MirrorNode* account = nullptr;
    for (const MirrorNode& node : Nodes()) {
        if (node.mirrored && node.kind == MirrorNode::Kind::Item && node.name == "Account") {
            account = &node;
        }
    }
    ASSERT_NE(account, nullptr);
    EXPECT_NE(Around(account, MirrorRole::Banner), nullptr);
    const MirrorNode* title = Node(MirrorRole::Heading, "Rooms");
    ASSERT_NE(title, nullptr);
    EXPECT_EQ(title->level, 1);
    EXPECT_NE(Around(title, MirrorRole::Main), nullptr);
    EXPECT_EQ(Node(MirrorRole::Heading, "Service Portal"), nullptr)
        << "the portal's name is not a second level-1 heading";

    // Following a link moves the mark.
    Click("Devices");
    EXPECT_EQ(platform_.hashes.back(), "#/devices?account=7");
    ASSERT_NE(Node(MirrorRole::Link, "Devices"), nullptr);
    EXPECT_NE(Node(MirrorRole::Link, "Devices")->states & a11y::state::kCurrent, 0u);
    EXPECT_EQ(Node(MirrorRole::Link, "Rooms")->states & a11y::state::kCurrent, 0u);
}

// A clipped list draws only the rows on screen; each says where it is in the whole list
// (aria-rowindex: the header is row 1) and the table how many rows it has (aria-rowcount).
TEST_F(ViewsMirror, ARoomTableOf10000RowsKeepsTheRowIndicesAfterAScroll) {
    constexpr int kRooms = 10000;
    portal::testing::World world;
    Id account = world.Account(world.Parent("Northwind"));
    for (int i = 0; i < kRooms; ++i) {
        char name[16];
        std::snprintf(name, sizeof name, "Room %05d", i);  // sorted by name: index i
        world.Room(account, name);
    }
    app_->OnLocationHash("#/rooms?account=7");
    StartWithAccount(api::StateToJson(world.state).dump());
    Frames();

    // The row index of the row holding "Select Room <i>", or -1 when it is not drawn.
    auto row_of = [&](int i) {
        char name[24];
        std::snprintf(name, sizeof name, "Select Room %05d", i);
        const MirrorNode* box = Node(MirrorRole::Checkbox, name);
        const MirrorNode* row = Around(box, MirrorRole::Row);
        return row ? row->row_index : -1;
    };
    const MirrorNode* first = Node(MirrorRole::Checkbox, "Select Room 00000");
    ASSERT_NE(first, nullptr);
    const MirrorNode* table = Around(first, MirrorRole::Table);
    ASSERT_NE(table, nullptr);
    EXPECT_EQ(table->row_count, kRooms + 1) << "10,000 rooms and the header row";
    EXPECT_EQ(row_of(0), 2);
    EXPECT_EQ(row_of(3), 5);
    EXPECT_EQ(row_of(5000), -1) << "not drawn before the scroll";

    // Scroll the table down by the wheel over it.
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(first->x + 200, first->y + 40);
    Frames(1);
    io.AddMouseWheelEvent(0, -150);
    Frames(3);
    EXPECT_EQ(row_of(0), -1) << "scrolled away";
    int drawn = 0;
    for (const MirrorNode* box : All(MirrorRole::Checkbox)) {
        int index = 0;
        if (std::sscanf(box->name.c_str(), "Select Room %d", &index) != 1) continue;
        const MirrorNode* row = Around(box, MirrorRole::Row);
        ASSERT_NE(row, nullptr) << box->name;
        EXPECT_EQ(row->row_index, index + 2) << box->name;
        EXPECT_GT(index, 100) << "the rows drawn are far down the list";
        ++drawn;
    }
    EXPECT_GT(drawn, 5);
    table = Around(All(MirrorRole::Checkbox).back(), MirrorRole::Table);
    ASSERT_NE(table, nullptr);
    EXPECT_EQ(table->row_count, kRooms + 1);
}

// A text field says its text (never a password's), that it is required, and its error.
TEST_F(ViewsMirror, SignInFieldsSayTheirValueRequiredStateAndError) {
    Frames();
    transport_.Answer("/api/v1/health", 200, kHealth);
    transport_.Answer("/api/v1/catalogue", 200, catalogue_json_);
    ASSERT_EQ(transport_.Answer("/api/v1/me", 401,
                                R"({"error":{"code":"unauthenticated","message":"Sign in",)"
                                R"("details":{}}})"),
              1);
    Frames();
    ASSERT_TRUE(app_->state().signed_out);
    const MirrorNode* email = Node(MirrorRole::Textbox, "Email");
    ASSERT_NE(email, nullptr);
    EXPECT_NE(email->states & a11y::state::kRequired, 0u);
    EXPECT_EQ(email->states & a11y::state::kInvalid, 0u);
    Type("Email", "anne@example.com");
    email = Node(MirrorRole::Textbox, "Email");
    ASSERT_NE(email, nullptr);
    EXPECT_EQ(email->value, "anne@example.com");

    // An attempt with the password empty: that field is invalid and says why.
    ClickControl("Sign in");
    const MirrorNode* password = Node(MirrorRole::Textbox, "Password");
    ASSERT_NE(password, nullptr);
    EXPECT_NE(password->states & a11y::state::kInvalid, 0u);
    EXPECT_EQ(password->description, "Enter your email and your password.");
    EXPECT_EQ(Node(MirrorRole::Textbox, "Email")->states & a11y::state::kInvalid, 0u);

    Type("Password", "secret words");
    password = Node(MirrorRole::Textbox, "Password");
    ASSERT_NE(password, nullptr);
    EXPECT_NE(password->states & a11y::state::kSecret, 0u);
    EXPECT_EQ(password->value, "") << "a password is never published";
    EXPECT_EQ(password->states & a11y::state::kInvalid, 0u) << "filled in: no longer invalid";
}

}  // namespace
}  // namespace portal::app
