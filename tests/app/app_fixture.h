// The app drawn headless, frame by frame, against a scripted server: the fixture shared by the
// app's view tests (a transport that holds requests until the test answers them, a fake
// browser, ImGui without a renderer, and a way to click and type as a user does).
#pragma once

#include <gtest/gtest.h>
#include <imgui.h>

#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../support/headless_imgui.h"
#include "app/app.h"
#include "app/fonts.h"
#include "app/theme.h"
#include "app/views/views.h"

namespace portal::app {

using test_support::ReadFile;

// Holds requests until the test answers them, as a real network would.
class PendingTransport : public api::Transport {
  public:
    struct Pending {
        api::HttpRequest request;
        std::function<void(api::HttpResponse)> done;
    };
    std::deque<Pending> pending;

    void Send(api::HttpRequest request, std::function<void(api::HttpResponse)> done) override {
        pending.push_back({std::move(request), std::move(done)});
    }
    // Answers every pending request for `path`; returns how many there were.
    int Answer(const std::string& path, int status, const std::string& body) {
        int answered = 0;
        for (auto it = pending.begin(); it != pending.end();) {
            if (it->request.path == path) {
                auto done = std::move(it->done);
                it = pending.erase(it);
                done({status, body, status == 0 ? "refused" : ""});
                ++answered;
            } else {
                ++it;
            }
        }
        return answered;
    }
};

// Keeps one timer, as the browser platform does: an earlier pending wake-up wins over a later
// request, and a wake-up is gone once its time has passed.
class FakePlatform : public Platform {
  public:
    double now = 100.0;
    std::vector<std::string> hashes;
    int redraws = 0;
    double wake_in = -1;  // the last request
    double wake_at = -1;  // the pending timer; -1: none
    double NowSeconds() override { return now; }
    double EpochSeconds() override { return 1795000000.0 + now; }  // 2026-11-19
    std::map<std::string, std::string> settings;
    std::vector<std::string> copied;
    std::vector<std::pair<std::string, std::string>> downloads;  // name, content
    std::vector<std::string> downloaded_urls;
    std::function<void(std::string, std::string)> picker;
    std::string LoadSetting(const std::string& key) override { return settings[key]; }
    void SaveSetting(const std::string& key, const std::string& value) override {
        settings[key] = value;
    }
    void CopyText(const std::string& text) override { copied.push_back(text); }
    void DownloadFile(const std::string& name, const std::string&,
                      const std::string& content) override {
        downloads.emplace_back(name, content);
    }
    void DownloadUrl(const std::string& url) override { downloaded_urls.push_back(url); }
    // Where the app left for (single sign-on's start, a provider's sign-out page).
    std::vector<std::string> navigated;
    void Navigate(const std::string& url) override { navigated.push_back(url); }
    void PickFile(const std::string&,
                  std::function<void(std::string, std::string)> picked) override {
        picker = std::move(picked);
    }
    void SetLocationHash(const std::string& hash, bool) override { hashes.push_back(hash); }
    void RequestRedraw() override { ++redraws; }
    void RedrawAfter(double seconds) override {
        wake_in = seconds;
        if (wake_at >= 0 && wake_at <= now + seconds) return;
        wake_at = now + seconds;
    }
    void FireDueTimer() {
        if (wake_at >= 0 && now >= wake_at) wake_at = -1;
    }
    // The accessible mirror: every batch published, what was announced, the page's language.
    std::vector<std::string> batches;
    std::vector<std::pair<std::string, bool>> announcements;  // text, assertive
    std::string language;
    void PublishAccessibility(const std::string& batch) override { batches.push_back(batch); }
    void Announce(const std::string& text, bool assertive) override {
        announcements.emplace_back(text, assertive);
    }
    void SetDocumentLanguage(const std::string& code) override { language = code; }
};

inline const char* kHealth =
    R"({"status":"ok","version":"9.8.7","database":{"state":"ok","schemaVersion":1,"backend":"sqlite"}})";

inline const char* kMe =
    R"({"user":{"id":1,"email":"anne@example.com","name":"Anne","language":"en"},)"
    R"("memberships":[],"delegations":[],"operator":false})";

// The vendor's support (an operator), member of no account.
inline const char* kOperatorMe =
    R"({"user":{"id":9,"email":"olivia@vendor.example","name":"Olivia","language":"en"},)"
    R"("memberships":[],"delegations":[],"operator":true})";

class AppFrames : public ::testing::Test {
  protected:
    void SetUp() override {
        // The bundle's subset font when it has been built, so that what is tested is what the
        // browser draws with; Debian's full font otherwise.
        std::string font = ReadFile(PORTAL_BUNDLE_FONT);
        if (font.empty()) font = ReadFile(PORTAL_TEST_FONT);
        ASSERT_TRUE(
            test_support::StartHeadlessImGui(context_, ImVec2(1280, 800), font, fonts_, palette_));
        catalogue_json_ = ReadFile(std::string(PORTAL_ASSETS_DIR) + "/catalogue.json");
        app_ = std::make_unique<App>(transport_, platform_);
        app_->state().fonts = fonts_;
        app_->bridge().Attach(context_);
    }
    void TearDown() override {
        app_.reset();
        ImGui::DestroyContext(context_);
    }

    void Frames(int count = 3) {
        platform_.FireDueTimer();
        for (int i = 0; i < count; ++i) {
            app_->ProcessEvents();
            ImGui::NewFrame();
            app_->Draw();
            ImGui::Render();
            app_->EndFrame();
        }
    }
    // A new app whose chosen language is French (nothing of the previous one is pending).
    void UseFrench() {
        platform_.settings["portal.language"] = "fr";
        transport_.pending.clear();
        app_ = std::make_unique<App>(transport_, platform_);
        app_->state().fonts = fonts_;
        app_->bridge().Attach(context_);
    }
    // The English texts drawn without a French translation, one a line.
    std::string Missing() {
        std::string missing;
        for (const std::string& text : app_->state().tr.missing()) missing += "\n  " + text;
        return missing;
    }
    // The server says who is signed in; the user has no account yet (the overview needs none).
    void StartSignedIn() {
        Frames();
        ASSERT_EQ(transport_.Answer("/api/v1/me", 200, kMe), 1);
        Frames();
        ASSERT_EQ(transport_.Answer("/api/v1/accounts?health=1", 200, R"({"accounts":[]})"), 1);
        Frames(1);
    }
    // Signed in as `me` (kOperatorMe, or one whose accounts are not needed), member of no
    // account; also answers health and the catalogue.
    void StartWithoutAccount(const char* me = kOperatorMe) {
        Frames();
        transport_.Answer("/api/v1/health", 200, kHealth);
        transport_.Answer("/api/v1/catalogue", 200, catalogue_json_);
        ASSERT_EQ(transport_.Answer("/api/v1/me", 200, me), 1);
        Frames();
        ASSERT_EQ(transport_.Answer("/api/v1/accounts?health=1", 200, R"({"accounts":[]})"), 1);
        Frames();
    }
    // Signed in, with one account (id 7) whose state is `state_json` (api::StateToJson), as
    // `role` ("admin" or "readonly"); also answers health and the catalogue.
    void StartWithAccount(const std::string& state_json, const std::string& role = "admin") {
        Frames();
        transport_.Answer("/api/v1/health", 200, kHealth);
        transport_.Answer("/api/v1/catalogue", 200, catalogue_json_);
        ASSERT_EQ(transport_.Answer("/api/v1/me", 200, kMe), 1);
        Frames();
        std::string accounts =
            R"({"accounts":[{"id":7,"name":"Northwind HQ","kind":"headquarters",)"
            R"("country":"FR","city":"Paris","parentEntityId":1,)"
            R"("parentEntityName":"Northwind","role":")" +
            role +
            R"(","health":{"rooms":2,"licensesFree":3,)"
            R"("contractsEndingSoon":0}}]})";
        ASSERT_EQ(transport_.Answer("/api/v1/accounts?health=1", 200, accounts), 1);
        Frames();
        ASSERT_EQ(transport_.Answer("/api/v1/accounts/7/state", 200, state_json), 1);
        Frames();
    }
    // Clicks the middle of `item` (`what` names it when it is missing).
    void ClickItem(const BridgeItem* item, const std::string& what) {
        ASSERT_NE(item, nullptr) << "no item " << what;
        ImGuiIO& io = ImGui::GetIO();
        io.AddMousePosEvent(item->x + item->w / 2, item->y + item->h / 2);
        Frames(1);
        io.AddMouseButtonEvent(0, true);
        Frames(1);
        io.AddMouseButtonEvent(0, false);
        Frames(2);
    }
    // The last item with this label: a dialog's button drawn over the page's of the same name.
    void ClickLast(const std::string& label) {
        const BridgeItem* last = nullptr;
        for (const BridgeItem& item : app_->bridge().items()) {
            if (item.label == label) last = &item;
        }
        ClickItem(last, label);
    }
    // The n-th (0-based) published control (not text) with this label, or nullptr: "Read-only"
    // is both a member's role and a choice in a dialog.
    const BridgeItem* Control(const std::string& label, int n = 0) {
        for (const BridgeItem& item : app_->bridge().items()) {
            if (item.label == label && !item.text && n-- == 0) return &item;
        }
        return nullptr;
    }
    void ClickControl(const std::string& label, int n = 0) {
        ClickItem(Control(label, n), "control " + label + " #" + std::to_string(n));
    }
    // The last control with this label, or nullptr.
    const BridgeItem* LastControl(const std::string& label) {
        const BridgeItem* last = nullptr;
        for (const BridgeItem& item : app_->bridge().items()) {
            if (item.label == label && !item.text) last = &item;
        }
        return last;
    }
    // Clicks a field and types, as a keyboard does; over what it holds when `replace` (it is
    // selected first).
    void TypeInto(const BridgeItem* field, const std::string& what, const std::string& text,
                  bool replace = false) {
        ClickItem(field, what);
        ImGuiIO& io = ImGui::GetIO();
        if (replace) {
            io.AddKeyEvent(ImGuiMod_Ctrl, true);
            io.AddKeyEvent(ImGuiKey_A, true);
            Frames(1);
            io.AddKeyEvent(ImGuiKey_A, false);
            io.AddKeyEvent(ImGuiMod_Ctrl, false);
            Frames(1);
        }
        io.AddInputCharactersUTF8(text.c_str());
        Frames(2);
    }
    void Type(const std::string& label, const std::string& text) {
        TypeInto(Item(label), label, text);
    }
    // Selects what a field holds and types over it.
    void Replace(const std::string& label, const std::string& text) {
        TypeInto(Item(label), label, text, /*replace=*/true);
    }
    void Press(ImGuiKey key) {
        ImGui::GetIO().AddKeyEvent(key, true);
        Frames(1);
        ImGui::GetIO().AddKeyEvent(key, false);
        Frames(2);
    }
    // The pending request to `path` (method too when given), or nullptr.
    const PendingTransport::Pending* Request(const std::string& path,
                                             const std::string& method = "") {
        for (const auto& pending : transport_.pending) {
            if (pending.request.path == path &&
                (method.empty() || pending.request.method == method)) {
                return &pending;
            }
        }
        return nullptr;
    }
    // The JSON body of the pending request to `path` by `method` (null when it has none); a
    // failure when there is no such request.
    nlohmann::json BodyOf(const std::string& path, const std::string& method) {
        const PendingTransport::Pending* pending = Request(path, method);
        if (!pending) {
            ADD_FAILURE() << "no " << method << " " << path;
            return nullptr;
        }
        if (pending->request.body.empty()) return nullptr;
        return nlohmann::json::parse(pending->request.body);
    }
    const BridgeItem* Item(const std::string& label) { return app_->bridge().Find(label); }
    void Click(const std::string& label) { ClickItem(Item(label), label); }

    ImGuiContext* context_ = nullptr;
    Fonts fonts_;
    // io.UserData until the app draws its first frame (App::Draw sets its own palette).
    theme::Palette palette_ = theme::LightPalette();
    PendingTransport transport_;
    FakePlatform platform_;
    std::string catalogue_json_;
    std::unique_ptr<App> app_;
};

}  // namespace portal::app
