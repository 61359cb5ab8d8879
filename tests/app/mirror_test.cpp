// The accessible mirror (issue 17), C++ side: the tree the bridge builds from ImGui's items and
// the annotations (roles, names, states, landmarks, dialogs, tables), the batches it publishes
// (only the changes; nothing for an unchanged frame), and the way back (activate, focus). The
// batches are replayed as the page's mirror.js applies them, so what is checked is the wire.
#include <imgui.h>
#include <imgui_internal.h>

#include <map>
#include <nlohmann/json.hpp>

#include "app/a11y.h"
#include "app_fixture.h"

namespace portal::app {
namespace {

using nlohmann::json;

// The page's side of the wire: the nodes as the batches left them.
struct Replay {
    std::map<uint32_t, json> nodes;
    std::vector<uint32_t> order;
    uint32_t focus = 0;       // the last "f"
    uint32_t text_field = 0;  // the last "t"
    std::vector<json> applied;

    void Apply(const std::string& batch) {
        json b = json::parse(batch);
        applied.push_back(b);
        for (const json& node : b.value("u", json::array())) {
            nodes[node["k"].get<uint32_t>()] = node;
        }
        for (const json& key : b.value("x", json::array())) nodes.erase(key.get<uint32_t>());
        if (b.contains("o")) order = b["o"].get<std::vector<uint32_t>>();
        if (b.contains("f")) focus = b["f"].get<uint32_t>();
        if (b.contains("t")) text_field = b["t"].get<uint32_t>();
    }
    // The first node (in document order) of that role and name, or nullptr.
    const json* Find(const std::string& role, const std::string& name) const {
        for (uint32_t key : order) {
            auto found = nodes.find(key);
            if (found == nodes.end()) continue;
            const json& node = found->second;
            if (node.value("r", "") == role && node.value("n", "") == name) return &node;
        }
        return nullptr;
    }
    const json* Node(uint32_t key) const {
        auto found = nodes.find(key);
        return found == nodes.end() ? nullptr : &found->second;
    }
    uint32_t ParentOf(const json& node) const { return node.value("p", 0u); }
    // Every key of `order` is a node, every node is in `order`, parents come first.
    bool Consistent() const {
        if (order.size() != nodes.size()) return false;
        std::map<uint32_t, size_t> position;
        for (size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
        for (const auto& [key, node] : nodes) {
            if (!position.count(key)) return false;
            uint32_t parent = ParentOf(node);
            if (parent != 0 && (!position.count(parent) || position[parent] > position[key])) {
                return false;
            }
        }
        return true;
    }
};

int States(const json* node) {
    return node ? node->value("s", 0) : -1;
}

// The App's real pages, their batches replayed.
class MirrorApp : public AppFrames {
  protected:
    void ReplayBatches() {
        for (; replayed_ < platform_.batches.size(); ++replayed_) {
            mirror_.Apply(platform_.batches[replayed_]);
        }
    }
    void OpenSignedOut() {
        app_->OnLocationHash("#/rooms");
        Frames();
        transport_.Answer("/api/v1/health", 200, kHealth);
        transport_.Answer("/api/v1/catalogue", 200, catalogue_json_);
        ASSERT_EQ(transport_.Answer("/api/v1/me", 401,
                                    R"({"error":{"code":"unauthenticated","message":"Sign in",)"
                                    R"("details":{}}})"),
                  1);
        Frames();
        ReplayBatches();
    }
    Replay mirror_;
    size_t replayed_ = 0;
};

TEST_F(MirrorApp, TheSignInPageHasItsFieldsAndButtonWithRolesAndNames) {
    OpenSignedOut();
    ASSERT_TRUE(mirror_.Consistent());
    const json* email = mirror_.Find("textbox", "Email");
    ASSERT_NE(email, nullptr);
    EXPECT_EQ(States(email) & a11y::state::kSecret, 0);
    const json* password = mirror_.Find("textbox", "Password");
    ASSERT_NE(password, nullptr);
    EXPECT_NE(States(password) & a11y::state::kSecret, 0) << "a password field";
    EXPECT_FALSE(password->contains("v")) << "a secret's text never leaves";
    const json* sign_in = mirror_.Find("button", "Sign in");
    ASSERT_NE(sign_in, nullptr);
    // Its rectangle is the drawn button's.
    const BridgeItem* drawn = Control("Sign in");
    ASSERT_NE(drawn, nullptr);
    EXPECT_NEAR((*sign_in)["x"].get<float>(), drawn->x, 0.01f);
    EXPECT_NEAR((*sign_in)["y"].get<float>(), drawn->y, 0.01f);
    EXPECT_NEAR((*sign_in)["w"].get<float>(), drawn->w, 0.01f);
    EXPECT_NEAR((*sign_in)["h"].get<float>(), drawn->h, 0.01f);
    EXPECT_EQ((*sign_in)["k"].get<uint32_t>(), drawn->id) << "an item's key is its ImGui id";
}

TEST_F(MirrorApp, AnIdleFrameSendsNothing) {
    OpenSignedOut();
    Frames(3);
    size_t before = platform_.batches.size();
    Frames(5);
    EXPECT_EQ(platform_.batches.size(), before);
}

TEST_F(MirrorApp, TypingIntoAFieldSendsItsValueAndTheFieldBeingEdited) {
    OpenSignedOut();
    Type("Email", "ann@example.com");
    ReplayBatches();
    const json* email = mirror_.Find("textbox", "Email");
    ASSERT_NE(email, nullptr);
    EXPECT_EQ(email->value("v", ""), "ann@example.com");
    EXPECT_EQ(mirror_.text_field, (*email)["k"].get<uint32_t>()) << "t: the field edited";
}

TEST_F(MirrorApp, AnnouncementsFollowTheFrameAndTheLanguageIsThePortals) {
    OpenSignedOut();
    EXPECT_EQ(platform_.language, "en");
    app_->Announce("License assigned to Opéra", false);
    app_->Announce("Refused", true);
    EXPECT_TRUE(platform_.announcements.empty()) << "said at the end of the frame";
    Frames(1);
    ASSERT_EQ(platform_.announcements.size(), 2u);
    EXPECT_EQ(platform_.announcements[0].first, "License assigned to Opéra");
    EXPECT_FALSE(platform_.announcements[0].second);
    EXPECT_TRUE(platform_.announcements[1].second);
    app_->SetLanguage(Language::French);
    Frames(1);
    EXPECT_EQ(platform_.language, "fr");
}

TEST_F(MirrorApp, ActivatingTheSignInButtonFromTheMirrorSignsIn) {
    OpenSignedOut();
    Type("Email", "ann@example.com");
    Type("Password", "secret");
    const json* sign_in = mirror_.Find("button", "Sign in");
    ASSERT_NE(sign_in, nullptr);
    app_->ActivateFromMirror((*sign_in)["k"].get<uint32_t>());
    Frames(2);
    EXPECT_NE(Request("/api/v1/auth/login", "POST"), nullptr);
}

// Frames drawn by the test itself into one full-screen window, with a bridge of its own.
class MirrorFrames : public AppFrames {
  protected:
    void SetUp() override {
        AppFrames::SetUp();
        bridge_.Attach(context_);
        ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    }
    // Draws `body` in `frames` frames; returns how many batches they sent.
    int Draw(const std::function<void()>& body, int frames = 1) {
        int sent = 0;
        for (int i = 0; i < frames; ++i) {
            ImGui::NewFrame();
            bridge_.BeginFrame();
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
            ImGui::Begin("Page", nullptr, ImGuiWindowFlags_NoDecoration);
            body();
            ImGui::End();
            ImGui::Render();
            bridge_.EndFrame();
            if (bridge_.HasBatch()) {
                mirror_.Apply(bridge_.batch());
                ++sent;
            }
        }
        return sent;
    }
    uint32_t KeyOf(const std::string& role, const std::string& name) {
        const json* node = mirror_.Find(role, name);
        EXPECT_NE(node, nullptr) << role << " " << name;
        return node ? (*node)["k"].get<uint32_t>() : 0;
    }
    TestBridge bridge_;
    Replay mirror_;
};

TEST_F(MirrorFrames, StatesFollowImGuiAndTheAnnotations) {
    bool on = true;
    char text[32] = "hello";
    auto body = [&] {
        ImGui::Checkbox("Remember me", &on);
        ImGui::BeginDisabled();
        ImGui::Button("Delete");
        ImGui::EndDisabled();
        a11y::SetDescription("Read-only access");
        ImGui::InputText("##name", text, sizeof text);
        a11y::SetName("Name");
        a11y::SetValue(text);
        a11y::AddStates(a11y::state::kRequired | a11y::state::kInvalid);
        ImGui::Button("x##close");
        a11y::SetName("Close");
        ImGui::InvisibleButton("##drag-area", ImVec2(50, 50));  // no control for a reader
        bool open = ImGui::TreeNode("Details");
        if (open) ImGui::TreePop();
    };
    Draw(body, 2);
    ASSERT_TRUE(mirror_.Consistent());
    EXPECT_EQ(States(mirror_.Find("checkbox", "Remember me")), a11y::state::kChecked);
    const json* remove = mirror_.Find("button", "Delete");
    EXPECT_EQ(States(remove), a11y::state::kDisabled);
    EXPECT_EQ(remove->value("d", ""), "Read-only access");
    const json* name = mirror_.Find("textbox", "Name");
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(name->value("v", ""), "hello");
    EXPECT_EQ(States(name), a11y::state::kRequired | a11y::state::kInvalid);
    EXPECT_NE(mirror_.Find("button", "Close"), nullptr) << "an icon button named";
    EXPECT_EQ(mirror_.Find("button", ""), nullptr) << "unnamed plain items stay out";
    EXPECT_EQ(States(mirror_.Find("button", "Details")), a11y::state::kCollapsed);
    on = false;
    Draw(body);
    EXPECT_EQ(States(mirror_.Find("checkbox", "Remember me")), 0);
}

TEST_F(MirrorFrames, LandmarksHoldWhatIsDrawnBetweenTheirBeginAndEnd) {
    Draw([&] {
        a11y::BeginLandmark(a11y::Landmark::Navigation, "Main navigation");
        ImGui::Button("Rooms");
        a11y::SetLink("#/rooms");
        a11y::SetRole(a11y::Role::Link);
        a11y::AddStates(a11y::state::kCurrent);
        a11y::EndLandmark();
        a11y::BeginLandmark(a11y::Landmark::Main, "");
        ImGui::TextUnformatted("Rooms");
        if (auto* bridge = static_cast<TestBridge*>(ImGui::GetCurrentContext()->TestEngine)) {
            bridge->RecordLastItemText("Rooms");
        }
        a11y::SetHeadingLevel(1);
        ImGui::Button("Add a room");
        a11y::EndLandmark();
    });
    ASSERT_TRUE(mirror_.Consistent());
    const json* nav = mirror_.Find("navigation", "Main navigation");
    const json* main = mirror_.Find("main", "");
    ASSERT_NE(nav, nullptr);
    ASSERT_NE(main, nullptr);
    EXPECT_EQ(mirror_.ParentOf(*nav), 0u);
    const json* link = mirror_.Find("link", "Rooms");
    ASSERT_NE(link, nullptr);
    EXPECT_EQ(mirror_.ParentOf(*link), (*nav)["k"].get<uint32_t>());
    EXPECT_EQ(link->value("href", ""), "#/rooms");
    EXPECT_EQ(States(link), a11y::state::kCurrent);
    const json* heading = mirror_.Find("heading", "Rooms");
    ASSERT_NE(heading, nullptr);
    EXPECT_EQ(heading->value("l", 0), 1);
    EXPECT_EQ(mirror_.ParentOf(*heading), (*main)["k"].get<uint32_t>());
    EXPECT_EQ(mirror_.ParentOf(*mirror_.Find("button", "Add a room")),
              (*main)["k"].get<uint32_t>());
    EXPECT_FALSE(mirror_.Find("button", "Add a room")->contains("x") &&
                 !mirror_.Find("button", "Add a room")->contains("w"));
    EXPECT_FALSE(main->contains("w")) << "containers are unpositioned";
}

TEST_F(MirrorFrames, ASecondIdenticalFrameSendsNothingAndALabelChangeOneUpdate) {
    std::string label = "Save###save";  // "###": the id stays when the label changes
    auto body = [&] {
        a11y::BeginLandmark(a11y::Landmark::Main, "");
        ImGui::Button(label.c_str());
        ImGui::Button("Cancel");
        a11y::EndLandmark();
    };
    EXPECT_EQ(Draw(body), 1);
    EXPECT_EQ(Draw(body, 3), 0) << "nothing changed, nothing sent";
    label = "Saved###save";
    EXPECT_EQ(Draw(body), 1);
    const json& batch = mirror_.applied.back();
    ASSERT_TRUE(batch.contains("u"));
    ASSERT_EQ(batch["u"].size(), 1u);
    EXPECT_EQ(batch["u"][0].value("n", ""), "Saved");
    EXPECT_FALSE(batch.contains("x"));
    EXPECT_FALSE(batch.contains("o")) << "same nodes, same order";
    EXPECT_EQ(bridge_.stats().batches, 2u);
}

TEST_F(MirrorFrames, AClippedTableOfTenThousandRowsKeepsItsCountAndRowIndices) {
    constexpr int kRows = 10000;
    float scroll_to = -1;
    auto body = [&] {
        if (!ImGui::BeginTable("rooms", 2, ImGuiTableFlags_ScrollY, ImVec2(600, 400))) return;
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Room");
        ImGui::TableSetupColumn("Action");
        ImGui::TableHeadersRow();
        if (scroll_to >= 0) {
            ImGui::SetScrollY(scroll_to);
            scroll_to = -1;
        }
        ImGuiListClipper clipper;
        clipper.Begin(kRows);
        while (clipper.Step()) {
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
                ImGui::TableNextRow();
                a11y::TableRow(row, kRows);
                ImGui::TableNextColumn();
                std::string name = "Room " + std::to_string(row);
                ImGui::TextUnformatted(name.c_str());
                static_cast<TestBridge*>(ImGui::GetCurrentContext()->TestEngine)
                    ->RecordLastItemText(name.c_str());
                ImGui::TableNextColumn();
                ImGui::PushID(row);
                ImGui::Button("Open");
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    };
    Draw(body, 2);
    ASSERT_TRUE(mirror_.Consistent());
    auto check_row = [&](int row) {
        const json* text = mirror_.Find("text", "Room " + std::to_string(row));
        ASSERT_NE(text, nullptr) << row;
        const json* cell = mirror_.Node(mirror_.ParentOf(*text));
        ASSERT_NE(cell, nullptr);
        EXPECT_EQ(cell->value("r", ""), "cell");
        EXPECT_EQ(cell->value("ci", 0), 1);
        const json* line = mirror_.Node(mirror_.ParentOf(*cell));
        ASSERT_NE(line, nullptr);
        EXPECT_EQ(line->value("r", ""), "row");
        EXPECT_EQ(line->value("ri", 0), row + 2) << "1-based, after the header row";
        const json* table = mirror_.Node(mirror_.ParentOf(*line));
        ASSERT_NE(table, nullptr);
        EXPECT_EQ(table->value("r", ""), "table");
        EXPECT_EQ(table->value("rc", 0), kRows + 1);
        EXPECT_EQ(table->value("cc", 0), 2);
    };
    check_row(0);
    check_row(3);
    const json* header = mirror_.Find("text", "Room");  // not sortable: a header, no button
    ASSERT_NE(header, nullptr);
    EXPECT_EQ(mirror_.Node(mirror_.ParentOf(*header))->value("r", ""), "columnheader");

    size_t nodes_before = mirror_.nodes.size();
    scroll_to = 5000 * ImGui::GetFrameHeight();
    Draw(body, 3);
    ASSERT_TRUE(mirror_.Consistent());
    EXPECT_EQ(mirror_.Find("text", "Room 0"), nullptr) << "scrolled away";
    int first = -1;
    for (int row = 1; row < kRows && first < 0; ++row) {
        if (mirror_.Find("text", "Room " + std::to_string(row))) first = row;
    }
    ASSERT_GT(first, 1000) << "scrolled far";
    check_row(first);
    check_row(first + 2);
    EXPECT_NE(mirror_.Find("text", "Room"), nullptr) << "the frozen header stays";
    EXPECT_LT(mirror_.nodes.size(), nodes_before + 20) << "only the visible rows";
}

TEST_F(MirrorFrames, ActivatingFromTheMirrorPressesTheButtonNextFrame) {
    int presses = 0;
    auto body = [&] {
        if (ImGui::Button("Press me")) ++presses;
    };
    Draw(body, 2);
    bridge_.ActivateFromMirror(KeyOf("button", "Press me"));
    Draw(body, 2);
    EXPECT_EQ(presses, 1);
}

TEST_F(MirrorFrames, FocusFromTheMirrorMovesImGuiAndActivatesATextField) {
    char first[32] = "", second[32] = "";
    auto body = [&] {
        ImGui::Button("Before");
        ImGui::InputText("First", first, sizeof first);
        ImGui::InputText("Second", second, sizeof second);
        ImGui::Button("After");
    };
    Draw(body, 2);
    ImGuiContext& g = *context_;
    uint32_t after = KeyOf("button", "After");
    bridge_.FocusFromMirror(after);
    EXPECT_EQ(Draw(body), 0) << "the page's own focus is never sent back";
    EXPECT_EQ(g.NavId, after);
    EXPECT_FALSE(g.NavDisableHighlight) << "ImGui draws its focus";

    uint32_t field = KeyOf("textbox", "Second");
    bridge_.FocusFromMirror(field);
    Draw(body);
    EXPECT_EQ(g.NavId, field);
    EXPECT_EQ(g.ActiveId, field) << "active in the very frame: the next key types";
    EXPECT_EQ(mirror_.text_field, field);
    ImGui::GetIO().AddInputCharactersUTF8("ab");
    Draw(body, 2);
    EXPECT_STREQ(second, "ab");

    // Focus on a button ends the editing.
    bridge_.FocusFromMirror(KeyOf("button", "Before"));
    Draw(body, 2);
    EXPECT_EQ(g.ActiveId, 0u);
    EXPECT_EQ(mirror_.text_field, 0u);
}

TEST_F(MirrorFrames, ImGuisKeyboardNavigationMovesThePageFocus) {
    auto body = [&] {
        ImGui::Button("One");
        ImGui::Button("Two");
    };
    Draw(body, 2);
    bridge_.FocusFromMirror(KeyOf("button", "One"));
    Draw(body);
    ImGui::GetIO().AddKeyEvent(ImGuiKey_DownArrow, true);
    Draw(body);
    ImGui::GetIO().AddKeyEvent(ImGuiKey_DownArrow, false);
    Draw(body, 2);
    EXPECT_EQ(context_->NavId, KeyOf("button", "Two"));
    EXPECT_EQ(mirror_.focus, KeyOf("button", "Two"));
}

TEST_F(MirrorFrames, ADialogTakesTheFocusAndGivesItBackToItsOpener) {
    bool open_now = false;
    auto body = [&] {
        ImGui::Button("Elsewhere");
        if (ImGui::Button("Delete room")) open_now = true;
        if (open_now) {
            ImGui::OpenPopup("Delete the room?");
            open_now = false;
        }
        if (ImGui::BeginPopupModal("Delete the room?", nullptr,
                                   ImGuiWindowFlags_AlwaysAutoResize)) {
            ImGui::TextUnformatted("Its devices stay.");
            if (ImGui::Button("Delete")) ImGui::CloseCurrentPopup();
            if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
    };
    Draw(body, 2);
    uint32_t opener = KeyOf("button", "Delete room");
    bridge_.FocusFromMirror(opener);
    Draw(body);
    bridge_.ActivateFromMirror(opener);
    Draw(body, 4);
    ASSERT_TRUE(mirror_.Consistent());
    const json* dialog = mirror_.Find("dialog", "Delete the room?");
    ASSERT_NE(dialog, nullptr);
    EXPECT_EQ(mirror_.ParentOf(*dialog), 0u);
    uint32_t remove = KeyOf("button", "Delete");
    EXPECT_EQ(mirror_.ParentOf(*mirror_.Node(remove)), (*dialog)["k"].get<uint32_t>());
    EXPECT_EQ(mirror_.focus, remove) << "the dialog's first control";

    bridge_.ActivateFromMirror(KeyOf("button", "Cancel"));
    Draw(body, 3);
    EXPECT_EQ(mirror_.Find("dialog", "Delete the room?"), nullptr);
    EXPECT_EQ(mirror_.focus, opener) << "back to the control that opened it";
}

TEST_F(MirrorFrames, AComboListIsAListboxOfOptions) {
    int choice = 0;
    const char* kChoices[] = {"Low", "High"};
    bool open_now = false;
    auto body = [&] {
        if (ImGui::BeginCombo("##severity", kChoices[choice])) {
            for (int i = 0; i < 2; ++i) {
                if (ImGui::Selectable(kChoices[i], i == choice)) choice = i;
                if (i == choice) a11y::AddStates(a11y::state::kSelected);
            }
            ImGui::EndCombo();
        }
        a11y::SetRole(a11y::Role::Combobox);
        a11y::SetName("Severity");
        a11y::SetValue(kChoices[choice]);
        (void)open_now;
    };
    Draw(body, 2);
    const json* combo = mirror_.Find("combobox", "Severity");
    ASSERT_NE(combo, nullptr);
    EXPECT_EQ(combo->value("v", ""), "Low");
    EXPECT_EQ(States(combo), a11y::state::kCollapsed);
    bridge_.ActivateFromMirror((*combo)["k"].get<uint32_t>());
    Draw(body, 3);
    ASSERT_TRUE(mirror_.Consistent());
    EXPECT_EQ(States(mirror_.Find("combobox", "Severity")), a11y::state::kExpanded);
    const json* high = mirror_.Find("option", "High");
    ASSERT_NE(high, nullptr);
    const json* list = mirror_.Node(mirror_.ParentOf(*high));
    ASSERT_NE(list, nullptr);
    EXPECT_EQ(list->value("r", ""), "listbox");
    EXPECT_EQ(States(mirror_.Find("option", "Low")), a11y::state::kSelected);
}

TEST_F(MirrorFrames, TextIsEscapedOnTheWire) {
    Draw([&] {
        ImGui::Button("Say \"hi\" \\ now##q");
        ImGui::Button("Line\nbreak##n");
    });
    EXPECT_NE(mirror_.Find("button", "Say \"hi\" \\ now"), nullptr);
    EXPECT_NE(mirror_.Find("button", "Line\nbreak"), nullptr);
}

TEST_F(MirrorFrames, FiguresAndDrawnTextArePublished) {
    Draw([&] {
        ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(300, 100));
        a11y::Figure(at, ImVec2(at.x + 300, at.y + 100), "Occupancy, last 7 days",
                     "Occupancy rose from 20% to 65%.");
        a11y::PublishText(ImVec2(10, 300), ImVec2(200, 330), "Room A · Free");
        a11y::SetHeadingLevel(2);
    });
    const json* figure = mirror_.Find("img", "Occupancy, last 7 days");
    ASSERT_NE(figure, nullptr);
    EXPECT_EQ(figure->value("d", ""), "Occupancy rose from 20% to 65%.");
    EXPECT_EQ((*figure)["w"].get<float>(), 300.0f);
    const json* text = mirror_.Find("heading", "Room A · Free");
    ASSERT_NE(text, nullptr);
    EXPECT_EQ(text->value("l", 0), 2);
}

}  // namespace
}  // namespace portal::app
