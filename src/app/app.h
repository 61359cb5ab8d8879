// The portal app: owns the state, the API client and the between-frames queue; draws the UI.
// The platform layer calls, per frame: ProcessEvents() before NewFrame, Draw() between
// NewFrame and Render, EndFrame() after Render, and asks WantsAnimation() to decide whether to
// keep drawing.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/client.h"
#include "app/app_state.h"
#include "app/platform.h"
#include "app/test_bridge.h"

namespace portal::app {

class App : public AppController {
  public:
    App(api::Transport& transport, Platform& platform);

    // Thread-safe: runs `work` on the main thread before the next frame.
    void Post(std::function<void()> work);

    // The browser's languages in order ("fr-FR,en-US") and its offset from UTC at a moment. The
    // portal speaks the first of French or English the browser asks for until the user chooses
    // (the switch, the invitation page; issue 16). Without it: the saved language or English,
    // and UTC.
    void SetLocale(const std::string& language,
                   std::function<int(double epoch_seconds)> utc_offset_minutes);

    // The browser's hash changed (back, forward, a typed or shared link).
    void OnLocationHash(const std::string& hash);

    // The browser's display preferences (forced colours, more contrast, reduced motion), at
    // start and whenever they change: the palette follows (theme::PaletteFor), ImGui's style
    // with it from the next frame, which is asked for.
    void SetDisplayPreferences(const theme::DisplayPreferences& preferences);

    // Between frames: applies finished requests and due retries. True when anything changed
    // on screen. A kiosk's answer that changes nothing, and its wake-ups that find nothing
    // due, return false: a platform may then skip drawing (a wall display must stay idle).
    bool ProcessEvents();
    void Draw();
    // After ImGui::Render(): the frame's items become window.portalItems().
    void EndFrame();
    // True while something on screen moves by itself (a spinner): keep drawing frames. Never
    // in kiosk mode, whose changes are planned wake-ups (PlanNextWake).
    bool WantsAnimation() const;
    bool KioskMode() const { return state_.route.page == Page::Kiosk; }
    // The number of things the app keeps between frames (requests known, changes waiting,
    // frame times, queued work): a long-running test checks it does not grow.
    size_t RetainedItems() const;

    AppState& state() { return state_; }
    TestBridge& bridge() { return bridge_; }
    // window.portalState() as JSON.
    std::string StateJson() const;

    // Frame CPU time (NewFrame..Render), measured by the platform, for the benchmark's
    // window.portalFrameTimes(): the last kFrameTimes frames, handed out and forgotten.
    static constexpr size_t kFrameTimes = 4096;
    void RecordFrameTime(double milliseconds);
    std::string TakeFrameTimesJson();

    // The accessible mirror's way back (window.portalMirror): the page activated the element
    // of `key` (ImGui presses the item in the next frame), or its focus moved there (ImGui's
    // navigation follows when the item is next drawn; a text field becomes active). Both ask
    // for a frame.
    void ActivateFromMirror(uint32_t key);
    void FocusFromMirror(uint32_t key);
    // True while a focus from the page waits for its frame: the web platform draws it at once,
    // so that a text field has the hidden text input before the next key.
    bool MirrorFocusPending() const { return bridge_.FocusPending(); }
    // window.portalMirrorStats(), for the benchmark: {frames, batches, bytes, nodes,
    // lastDiffMs, lastPublishMs, diffMs: [...], publishMs: [...]}: the mirror's C++ time per
    // frame (the tree's end, the difference and its JSON) and the time the page took to apply
    // each batch, since the last call (then forgotten, like the frame times).
    std::string TakeMirrorStatsJson();

    // AppController
    void Navigate(const Route& route) override;
    void RetryNow() override;
    void Refresh() override;
    double Now() override { return platform_.NowSeconds(); }
    double EpochSeconds() override { return platform_.EpochSeconds(); }
    Date Today() override;
    int UtcOffsetMinutes(double epoch_seconds) override {
        return utc_offset_ ? utc_offset_(epoch_seconds) : 0;
    }
    void SignIn() override;
    void SignOut() override;
    void SetLanguage(Language language) override;
    void SwitchAccount(Id account_id) override;
    void OpenSupportAccount(const AccountSummary& account) override;
    void LeaveSupportView() override;
    void StartSession(const Route& route) override;
    void ReloadAccount() override;
    void FetchJson(RemoteBase& remote, std::string path, JsonReader read) override;
    void Submit(Submission& submission, std::string method, std::string path, api::Json body,
                Finished finished, bool reload_account) override;
    void SubmitText(Submission& submission, std::string method, std::string path,
                    std::string content_type, std::string body, Finished finished) override;
    void CopyText(const std::string& text) override { platform_.CopyText(text); }
    void DownloadFile(const std::string& name, const std::string& mime,
                      const std::string& content) override {
        platform_.DownloadFile(name, mime, content);
    }
    void DownloadUrl(const std::string& url) override { platform_.DownloadUrl(url); }
    void NavigateAway(const std::string& url) override { platform_.Navigate(url); }
    void PickFile(const std::string& accept,
                  std::function<void(std::string, std::string)> picked) override {
        platform_.PickFile(accept, std::move(picked));
    }
    void Announce(const std::string& text, bool assertive) override;

  private:
    struct PendingSubmit;
    void StartSubmit(Submission& submission, std::shared_ptr<PendingSubmit> pending);
    void SendSubmit(std::shared_ptr<PendingSubmit> pending);
    void AfterFailure(RemoteBase& remote);
    void SessionEnded();
    void LoadPageData();
    void ChooseAccount();
    // An operator's link names an account they are no member of: opened read-only, its name
    // read from GET /accounts/{id}.
    void LoadSupportAccount(Id account_id);
    void ForgetAccount();
    // The account's live status: one long-polled request at a time while an account is open.
    void StartStatus();
    void PollStatus();
    void ScheduleStatus();
    void ScheduleRetries();
    void Heartbeat();
    void PlanNextWake();
    // The first load: when the browser reports the route, or before the first frame.
    void Start();
    // The kiosk's dashboard loop: one long-polled request at a time, with the link's token.
    void StartKiosk();
    void StopKiosk();
    void PollKiosk();
    void OnKioskAnswer(unsigned generation, api::Result<api::Json> result);
    void ScheduleKiosk();
    // Queues work without asking for a frame: the work asks for one if it changes the screen.
    void PostQuiet(std::function<void()> work);
    std::string NewIdempotencyKey();

    Platform& platform_;
    api::Client client_;
    api::Client kiosk_client_;  // answers posted quietly (PostQuiet)
    AppState state_;
    bool started_ = false;
    Page data_page_ = Page::NotFound;  // the page LoadPageData last loaded for
    std::string hash_theme_;           // a kiosk link's "?theme=" (KioskThemeOf)
    bool style_stale_ = true;          // the palette changed: ImGui's style follows in Draw()
    bool screen_changed_ = false;      // set between frames by quiet work that did change it
    std::function<int(double)> utc_offset_;
    TestBridge bridge_;
    double next_heartbeat_ = 0;
    unsigned long long submissions_sent_ = 0;
    std::vector<RemoteBase*> remotes_;  // every remote ever fetched, for retries and status
    std::vector<std::shared_ptr<PendingSubmit>> waiting_submits_;  // network retries due
    std::vector<float> frame_times_;                   // bounded: a wall display runs for weeks
    std::vector<float> mirror_times_, publish_times_;  // bounded as frame_times_
    double last_mirror_ms_ = 0, last_publish_ms_ = 0;
    std::vector<std::pair<std::string, bool>> announcements_;  // said at the end of the frame
    std::string document_language_;                            // the last sent to the page
    Submission language_change_;  // PATCH /me when a signed-in user switches language

    std::mutex queue_mutex_;
    std::vector<std::function<void()>> queue_;
    size_t quiet_work_ = 0;                    // of queue_, posted by PostQuiet
    std::vector<std::function<void()>> work_;  // the queue being run, reused frame to frame
};

}  // namespace portal::app
