// The browser entry point: GLFW + WebGL2 through Emscripten's built-in GLFW, Dear ImGui's GLFW
// and OpenGL3 backends, and a frame scheduler that draws only when something changed.
//
// Emscripten 3.1.6's GLFW knows nothing of the device pixel ratio, so this file sizes the
// canvas backing store itself (CSS size x ratio), tells ImGui the CSS size and the ratio, and
// scales mouse coordinates (which GLFW reports in backing-store pixels) back to CSS pixels.
//
// Text and the clipboard go around GLFW (see browser.h): while an ImGui text field is active a
// hidden <textarea> has the focus and hands over what is typed, composed or pasted; GLFW still
// brings the keys (Backspace, arrows, Enter, Tab, Escape, shortcuts) but no longer the
// characters, which would otherwise arrive twice.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/emmalloc.h>
#include <emscripten/heap.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "app/app.h"
#include "app/fonts.h"
#include "app/state/kiosk.h"
#include "app/theme.h"
#include "platform/browser.h"
#include "platform/display_preferences.h"
#include "platform/fetch_transport.h"
#include "platform/mirror_web.h"

namespace portal::platform {

constexpr const char* kCanvas = "#canvas";
// After input or new data, keep drawing this long: ImGui settles layout and hover state over a
// few frames. Then stop: an idle portal draws nothing.
constexpr double kSettleSeconds = 0.3;
// The longest step of ImGui's clock between two frames that take input queued before the first
// (see Frame()).
constexpr float kMaxCatchUpStep = 0.05f;

class WebShell final : public app::Platform {
  public:
    bool Start();

    // app::Platform
    double NowSeconds() override { return emscripten_get_now() / 1000.0; }
    void SetLocationHash(const std::string& hash, bool push) override {
        browser::SetLocationHash(hash, push);
    }
    void RequestRedraw() override;
    void RedrawAfter(double seconds) override;
    double EpochSeconds() override { return emscripten_date_now() / 1000.0; }
    std::string LoadSetting(const std::string& key) override { return browser::LoadSetting(key); }
    void SaveSetting(const std::string& key, const std::string& value) override {
        browser::SaveSetting(key, value);
    }
    void CopyText(const std::string& text) override { browser::CopyText(text); }
    void DownloadFile(const std::string& name, const std::string& mime,
                      const std::string& content) override {
        browser::DownloadFile(name, mime, content);
    }
    void DownloadUrl(const std::string& url) override { browser::DownloadUrl(url); }
    void Navigate(const std::string& url) override { browser::Navigate(url); }
    void PublishAccessibility(const std::string& batch) override { mirror::Publish(batch); }
    void Announce(const std::string& text, bool assertive) override {
        mirror::Announce(text, assertive);
    }
    void SetDocumentLanguage(const std::string& language) override {
        mirror::SetLanguage(language);
    }
    void PickFile(const std::string& accept,
                  std::function<void(std::string, std::string)> picked) override {
        int request = ++file_requests_;
        pickers_[request] = std::move(picked);
        browser::PickFile(this, request, accept);
    }
    // A file picked in the dialog of request `request`.
    void OnFilePicked(int request, std::string name, std::string content) {
        auto found = pickers_.find(request);
        if (found == pickers_.end()) return;
        auto picked = std::move(found->second);
        pickers_.erase(found);
        picked(std::move(name), std::move(content));
        RequestRedraw();
    }

    // Text from the hidden text field: typed, composed (IME, dead keys) or inserted.
    void OnText(const char* text) {
        ImGui::GetIO().AddInputCharactersUTF8(text);
        RequestRedraw();
    }
    void OnPaste(std::string text);
    // For the page's copy / cut event: what ImGui copies, or nullptr outside a text field and
    // in a password field (the browser then does as it always does).
    const char* CopyForEvent();

    // The accessible mirror's element of `key` was activated, or took the page's focus.
    void OnMirrorActivate(unsigned key) {
        CatchUpInput();
        app_->ActivateFromMirror(key);
    }
    void OnMirrorFocus(unsigned key);

    app::App& app() { return *app_; }
    std::string& scratch() { return scratch_; }

  private:
    void LoadFont(const char* url, std::string& into);
    void OnFontLoaded();
    void ScheduleFrame();
    void Frame();
    void UpdateCanvasSize();
    void InstallInputCallbacks();
    void InstallClipboard();
    void SyncTextInput();
    void NoteKey(int key, int action, int mods);
    void CatchUpInput();

    static EM_BOOL OnAnimationFrame(double, void* user);
    static void OnTimer(void* user);
    static WebShell* From(GLFWwindow* window) {
        return static_cast<WebShell*>(glfwGetWindowUserPointer(window));
    }

    GLFWwindow* window_ = nullptr;
    FetchTransport transport_;
    std::unique_ptr<app::App> app_;

    std::string font_regular_, font_bold_;
    int fonts_pending_ = 2;
    bool ready_ = false;
    bool shown_ = false;
    float font_ratio_ = 0;
    float font_kiosk_scale_ = 0;

    double css_width_ = 0, css_height_ = 0, pixel_ratio_ = 1;
    int backing_width_ = 0, backing_height_ = 0;

    bool frame_scheduled_ = false;
    bool in_frame_ = false;     // mirror.js may call back while a frame publishes its batch
    bool catching_up_ = false;  // the last frame left input events queued for the next
    double draw_until_ = 0;
    long timer_id_ = 0;
    double timer_at_ = 0;
    std::string scratch_;  // keeps the last JSON handed to JavaScript alive
    int file_requests_ = 0;
    std::map<int, std::function<void(std::string, std::string)>> pickers_;

    // Paste: the keys of a paste shortcut come first (GLFW's keydown), then, in the same
    // browser task, the paste event with the text. ImGui reads that text once, when it handles
    // the shortcut; after it has handled every queued input event the text is dropped, so a
    // shortcut without a paste event can never bring back an older text.
    bool apple_ = false;           // Cmd, not Ctrl, is the shortcut key
    bool paste_shortcut_ = false;  // a paste shortcut went to ImGui, its paste event is due
    bool paste_ready_ = false;     // paste_text_ waits for ImGui's paste
    std::string paste_text_;
    // Copy: the event comes in the same browser task as the shortcut's keys, before ImGui has
    // seen them. ImGui's copy is taken while the event lasts (copy_capture_), when browsers let
    // a page write the clipboard without asking.
    bool copy_capture_ = false;
    bool copy_captured_ = false;
    std::string copy_text_;
    ImVec2 caret_{0, 0};  // the active field's caret, for the IME's candidate window
    float caret_height_ = 16;
};

void WebShell::RequestRedraw() {
    // A kiosk takes no input: one frame per change, not a settle time's worth (a wall display
    // must stay idle).
    double settle = app_ && app_->KioskMode() ? 0.0 : kSettleSeconds;
    draw_until_ = std::max(draw_until_, NowSeconds() + settle);
    ScheduleFrame();
}

void WebShell::ScheduleFrame() {
    if (frame_scheduled_ || !ready_) return;
    frame_scheduled_ = true;
    // requestAnimationFrame does not fire in a hidden tab: nothing is drawn there.
    emscripten_request_animation_frame(&WebShell::OnAnimationFrame, this);
}

void WebShell::RedrawAfter(double seconds) {
    double at = NowSeconds() + seconds;
    if (timer_id_ != 0 && timer_at_ <= at) return;  // an earlier wake-up is already planned
    if (timer_id_ != 0) emscripten_clear_timeout(timer_id_);
    timer_at_ = at;
    timer_id_ = emscripten_set_timeout(&WebShell::OnTimer, seconds * 1000.0, this);
}

void WebShell::OnTimer(void* user) {
    auto* shell = static_cast<WebShell*>(user);
    shell->timer_id_ = 0;
    // A kiosk's wake-up (a poll due, the next minute) draws only when it changed something.
    if (shell->ready_ && shell->app_->KioskMode() && !shell->app_->ProcessEvents()) return;
    shell->RequestRedraw();
}

EM_BOOL WebShell::OnAnimationFrame(double, void* user) {
    auto* shell = static_cast<WebShell*>(user);
    shell->frame_scheduled_ = false;
    shell->Frame();
    return EM_FALSE;
}

void WebShell::UpdateCanvasSize() {
    double width = 0, height = 0;
    emscripten_get_element_css_size(kCanvas, &width, &height);
    double ratio = emscripten_get_device_pixel_ratio();
    if (ratio <= 0) ratio = 1;
    int backing_width = static_cast<int>(std::lround(width * ratio));
    int backing_height = static_cast<int>(std::lround(height * ratio));
    if (backing_width != backing_width_ || backing_height != backing_height_) {
        // Not glfwSetWindowSize: 3.1.6's GLFW goes fullscreen when the size equals the screen's.
        emscripten_set_canvas_element_size(kCanvas, backing_width, backing_height);
        backing_width_ = backing_width;
        backing_height_ = backing_height;
    }
    css_width_ = width;
    css_height_ = height;
    pixel_ratio_ = ratio;
    // A kiosk's type is rasterised at the size its layout draws it (app/fonts.h).
    float kiosk_scale =
        app_->KioskMode()
            ? app::PlanKioskLayout(static_cast<float>(width), static_cast<float>(height), 0).scale
            : 0.0f;
    if (static_cast<float>(ratio) != font_ratio_ || kiosk_scale != font_kiosk_scale_) {
        // Zoom, a move to another screen, or into or out of the kiosk: rasterise the fonts
        // again.
        ImGuiIO& io = ImGui::GetIO();
        if (app::LoadFonts(io, font_regular_, font_bold_, static_cast<float>(ratio),
                           app_->state().fonts, kiosk_scale)) {
            // The first texture is made by the backend's first NewFrame; later ones here.
            if (font_ratio_ != 0) {
                ImGui_ImplOpenGL3_DestroyFontsTexture();
                ImGui_ImplOpenGL3_CreateFontsTexture();
            }
            font_ratio_ = static_cast<float>(ratio);
            font_kiosk_scale_ = kiosk_scale;
        }
    }
}

// The mirror's Tab and Enter jump ImGui's input queue: what was typed just before them (still
// queued, ImGui takes it over several frames) goes first to the field it was typed into, not to
// the next one. Bounded, like the copy shortcut's catch-up.
void WebShell::CatchUpInput() {
    constexpr int kMaxCatchUpFrames = 32;
    for (int i = 0; i < kMaxCatchUpFrames && ready_ && !in_frame_ &&
                    ImGui::GetCurrentContext()->InputEventsQueue.Size > 0;
         ++i) {
        Frame();
    }
}

void WebShell::OnMirrorFocus(unsigned key) {
    CatchUpInput();
    app_->FocusFromMirror(key);
    // A text field is activated and drawn at once, as a click on it is (see the mouse button
    // callback): the hidden text input then has the focus before the next key.
    const app::MirrorNode* node = app_->bridge().FindNode(key);
    if (ready_ && !in_frame_ && node && node->role == app::MirrorRole::Textbox &&
        app_->MirrorFocusPending()) {
        Frame();
    }
}

void WebShell::Frame() {
    in_frame_ = true;
    UpdateCanvasSize();
    app_->ProcessEvents();

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(css_width_), static_cast<float>(css_height_));
    io.DisplayFramebufferScale =
        ImVec2(static_cast<float>(pixel_ratio_), static_cast<float>(pixel_ratio_));
    // ImGui repeats a held key from how long it has been down. On a slow machine a key's press
    // and release, queued together, can be taken two slow frames apart: one Backspace would
    // delete twice. Such catch-up frames advance ImGui's clock by little; the first frame after
    // a pause keeps its true step (double-click timing needs it).
    if (catching_up_) io.DeltaTime = std::min(io.DeltaTime, kMaxCatchUpStep);
    // The frame's CPU time, for the benchmark (window.portalFrameTimes()).
    double frame_start = emscripten_get_now();
    ImGui::NewFrame();
    app_->Draw();
    ImGui::Render();
    app_->RecordFrameTime(emscripten_get_now() - frame_start);

    glViewport(0, 0, backing_width_, backing_height_);
    glClearColor(1, 1, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    app_->EndFrame();
    SyncTextInput();
    in_frame_ = false;

    if (!shown_) {
        shown_ = true;
        browser::HideLoadingScreen();
    }
    // ImGui spreads quick input over several frames (a key's press, its character and its
    // release in turn): keep drawing until it has taken every queued event, however long that
    // outlasts the settle time.
    bool was_catching_up = catching_up_;
    catching_up_ = ImGui::GetCurrentContext()->InputEventsQueue.Size > 0;
    // The frame that took the last queued event (a click) may have changed what the next one
    // shows (a message under the button): settle again from there.
    if (was_catching_up && !catching_up_) {
        draw_until_ = std::max(draw_until_, NowSeconds() + kSettleSeconds);
    }
    if (NowSeconds() < draw_until_ || catching_up_ || app_->WantsAnimation()) ScheduleFrame();
}

void WebShell::SyncTextInput() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    // Set by the active text field during this frame: io.WantTextInput of the next one.
    bool active = g.WantTextInputNextFrame == 1;
    const ImGuiInputTextState* field = ImGui::GetInputTextState(g.ActiveId);
    bool read_only = field && (field->Flags & ImGuiInputTextFlags_ReadOnly);
    bool secret = field && (field->Flags & ImGuiInputTextFlags_Password);
    if (g.PlatformImeData.WantVisible) {
        caret_ = g.PlatformImeData.InputPos;
        caret_height_ = g.PlatformImeData.InputLineHeight;
    }
    browser::SyncTextInput(active, read_only, secret, caret_.x, caret_.y, caret_height_);
    if (g.InputEventsQueue.Size == 0) {
        // ImGui has seen every key so far: a paste it did not claim by now is not its.
        paste_shortcut_ = false;
        paste_ready_ = false;
    }
}

void WebShell::NoteKey(int key, int action, int mods) {
    if (action == GLFW_RELEASE) return;
    int shortcut = apple_ ? GLFW_MOD_SUPER : GLFW_MOD_CONTROL;
    // The keys ImGui's InputText pastes on.
    if ((key == GLFW_KEY_V && (mods & shortcut)) ||
        (key == GLFW_KEY_INSERT && (mods & GLFW_MOD_SHIFT))) {
        paste_shortcut_ = true;
    }
}

void WebShell::OnPaste(std::string text) {
    if (paste_shortcut_) {
        // ImGui will handle the shortcut in its next frames: it reads this text then, once.
        paste_text_ = std::move(text);
        paste_ready_ = true;
    } else {
        // A paste from the browser's menu: ImGui sees no shortcut, so the text comes as typed.
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
    }
    paste_shortcut_ = false;
    RequestRedraw();
}

const char* WebShell::CopyForEvent() {
    // ImGui first takes what is still queued: the characters typed just before, the selection
    // keys, and the copy shortcut itself, whose copy lands in copy_text_ rather than on the
    // clipboard a frame later. A handful of frames is enough for a shortcut; the bound only
    // keeps a flood of queued input from holding the event.
    constexpr int kMaxCatchUpFrames = 16;
    copy_capture_ = true;
    copy_captured_ = false;
    for (int i = 0; i < kMaxCatchUpFrames && ready_ && !copy_captured_ &&
                    ImGui::GetCurrentContext()->InputEventsQueue.Size > 0;
         ++i) {
        Frame();
    }
    copy_capture_ = false;
    if (copy_captured_) return copy_text_.c_str();

    // No shortcut reached ImGui (the browser's Edit menu): the active field's selection, or
    // all of its text when nothing is selected, as ImGui copies.
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiInputTextState* field = ImGui::GetInputTextState(g.ActiveId);
    if (!field || (field->Flags & ImGuiInputTextFlags_Password)) return nullptr;
    int begin = 0, end = field->CurLenW;
    if (field->HasSelection()) {
        begin = std::min(field->Stb.select_start, field->Stb.select_end);
        end = std::max(field->Stb.select_start, field->Stb.select_end);
    }
    const ImWchar* text = field->TextW.Data;
    copy_text_.assign(
        static_cast<size_t>(ImTextCountUtf8BytesFromStr(text + begin, text + end)) + 1, '\0');
    int size = ImTextStrToUtf8(copy_text_.data(), static_cast<int>(copy_text_.size()), text + begin,
                               text + end);
    copy_text_.resize(static_cast<size_t>(size));
    return copy_text_.c_str();
}

void WebShell::InstallClipboard() {
    // After the backend's init, which installs GLFW's clipboard (a page-local string in 3.1.6).
    ImGuiIO& io = ImGui::GetIO();
    io.ClipboardUserData = this;
    io.SetClipboardTextFn = [](void* user, const char* text) {
        auto* shell = static_cast<WebShell*>(user);
        if (shell->copy_capture_) {
            shell->copy_text_ = text ? text : "";
            shell->copy_captured_ = true;
            return;
        }
        browser::CopyText(text ? text : "");
    };
    // Only the text of a paste event, once: never an older text, never twice.
    io.GetClipboardTextFn = [](void* user) -> const char* {
        auto* shell = static_cast<WebShell*>(user);
        if (!shell->paste_ready_) return "";
        shell->paste_ready_ = false;
        return shell->paste_text_.c_str();
    };
    browser::InstallTextInput(this);
}

void WebShell::InstallInputCallbacks() {
    // Each callback converts to CSS pixels where needed, forwards to ImGui's GLFW backend, and
    // asks for frames.
    glfwSetCursorPosCallback(window_, [](GLFWwindow* window, double x, double y) {
        WebShell* shell = From(window);
        ImGui_ImplGlfw_CursorPosCallback(window, x / shell->pixel_ratio_, y / shell->pixel_ratio_);
        shell->RequestRedraw();
    });
    glfwSetCursorEnterCallback(window_, [](GLFWwindow* window, int entered) {
        // Leaving: hide the mouse from ImGui without letting its backend fall back to GLFW's
        // raw (backing-store) cursor position.
        if (!entered) ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
        From(window)->RequestRedraw();
    });
    glfwSetMouseButtonCallback(window_, [](GLFWwindow* window, int button, int action, int mods) {
        ImGui_ImplGlfw_MouseButtonCallback(window, button, action, mods);
        WebShell* shell = From(window);
        // A press that may activate a text field is drawn at once, inside the mousedown event,
        // so that the hidden text field has the focus before the next key: what is typed right
        // after the click would otherwise reach the canvas, which gets no text from dead keys,
        // IMEs or inserted characters.
        if (action == GLFW_PRESS && shell->ready_ && !browser::TextInputFocused()) shell->Frame();
        shell->RequestRedraw();
    });
    glfwSetKeyCallback(window_,
                       [](GLFWwindow* window, int key, int scancode, int action, int mods) {
                           WebShell* shell = From(window);
                           shell->NoteKey(key, action, mods);
                           ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
                           shell->RequestRedraw();
                       });
    glfwSetCharCallback(window_, [](GLFWwindow* window, unsigned int c) {
        // While the text field has the focus its input event brings this character (and those
        // a keypress never carries); taking it here too would type it twice.
        if (browser::TextInputFocused()) return;
        ImGui_ImplGlfw_CharCallback(window, c);
        From(window)->RequestRedraw();
    });
    glfwSetWindowFocusCallback(window_, [](GLFWwindow* window, int focused) {
        ImGui_ImplGlfw_WindowFocusCallback(window, focused);
        From(window)->RequestRedraw();
    });
    // The wheel comes from the DOM directly: GLFW's emulation quantises small deltas.
    emscripten_set_wheel_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, nullptr);
    emscripten_set_wheel_callback(
        kCanvas, this, true, [](int, const EmscriptenWheelEvent* event, void* user) -> EM_BOOL {
            float step = event->deltaMode == DOM_DELTA_PIXEL  ? 1.0f / 100.0f
                         : event->deltaMode == DOM_DELTA_LINE ? 1.0f / 3.0f
                                                              : 80.0f;
            ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(-event->deltaX) * step,
                                              static_cast<float>(-event->deltaY) * step);
            static_cast<WebShell*>(user)->RequestRedraw();
            return EM_TRUE;
        });
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, false,
                                   [](int, const EmscriptenUiEvent*, void* user) -> EM_BOOL {
                                       static_cast<WebShell*>(user)->RequestRedraw();
                                       return EM_FALSE;
                                   });
    emscripten_set_visibilitychange_callback(
        this, false, [](int, const EmscriptenVisibilityChangeEvent* event, void* user) -> EM_BOOL {
            if (!event->hidden) static_cast<WebShell*>(user)->RequestRedraw();
            return EM_FALSE;
        });
}

void WebShell::LoadFont(const char* url, std::string& into) {
    transport_.Send(api::GetRequest(url), [this, &into, url](api::HttpResponse response) {
        if (response.status != 200) {
            browser::ShowFatalError(std::string("The portal's font could not be loaded (") + url +
                                    "). Check the connection and reload the page.");
            return;
        }
        into = std::move(response.body);
        if (--fonts_pending_ == 0) OnFontLoaded();
    });
}

void WebShell::OnFontLoaded() {
    ready_ = true;
    RequestRedraw();
}

bool WebShell::Start() {
    if (!glfwInit()) return false;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    window_ = glfwCreateWindow(1280, 720, "Service Portal", nullptr, nullptr);
    if (!window_) return false;
    glfwSetWindowUserPointer(window_, this);
    glfwMakeContextCurrent(window_);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no file system in the browser; layout is code
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.ConfigInputTextCursorBlink = false;  // a blinking cursor would need frames while idle
    apple_ = browser::IsApplePlatform();
    io.ConfigMacOSXBehaviors = apple_;  // Cmd shortcuts, Option word moves: decided at run time
    io.SetPlatformImeDataFn = nullptr;  // the caret is read after each frame (SyncTextInput)
    // The theme (app::theme::Apply) is the app's: applied on its first frame and whenever the
    // display preferences change (platform/display_preferences.h).
    ImGui_ImplGlfw_InitForOpenGL(window_, /*install_callbacks=*/false);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    // Mark the mouse as inside from the start so ImGui's backend never substitutes GLFW's
    // unscaled cursor position.
    ImGui_ImplGlfw_CursorEnterCallback(window_, 1);
    InstallInputCallbacks();
    InstallClipboard();

    app_ = std::make_unique<app::App>(transport_, *this);
    // A kiosk has no signed-in user: it speaks the browser's language and shows local time.
    app_->SetLocale(browser::Language(),
                    [](double epoch_seconds) { return browser::UtcOffsetMinutes(epoch_seconds); });
    app_->bridge().Attach(ImGui::GetCurrentContext());
    browser::InstallHooks(this);
    mirror::Install(this);
    display_preferences::Install(this);
    LoadFont("fonts/ui-regular.ttf", font_regular_);
    LoadFont("fonts/ui-bold.ttf", font_bold_);
    return true;
}

}  // namespace portal::platform

// Exported to JavaScript (see browser.cpp). The shell pointer comes back from the page, so no
// state lives in statics here.
extern "C" {

EMSCRIPTEN_KEEPALIVE const char* portal_items_json(portal::platform::WebShell* shell) {
    shell->scratch() = shell->app().bridge().ItemsJson();
    return shell->scratch().c_str();
}

EMSCRIPTEN_KEEPALIVE const char* portal_frame_times_json(portal::platform::WebShell* shell) {
    shell->scratch() = shell->app().TakeFrameTimesJson();
    return shell->scratch().c_str();
}

EMSCRIPTEN_KEEPALIVE const char* portal_state_json(portal::platform::WebShell* shell) {
    shell->scratch() = shell->app().StateJson();
    return shell->scratch().c_str();
}

// window.portalMemory(): the wasm heap (it only ever grows) and the bytes malloc holds now, for
// the tests and the benchmark that watch a kiosk for weeks' worth of updates.
EMSCRIPTEN_KEEPALIVE const char* portal_memory_json(portal::platform::WebShell* shell) {
    size_t used = emmalloc_dynamic_heap_size() - emmalloc_free_dynamic_memory();
    shell->scratch() = "{\"heapBytes\":" + std::to_string(emscripten_get_heap_size()) +
                       ",\"mallocBytes\":" + std::to_string(used) + "}";
    return shell->scratch().c_str();
}

EMSCRIPTEN_KEEPALIVE void portal_on_file(portal::platform::WebShell* shell, int request,
                                         const char* name, const char* data, int size) {
    shell->OnFilePicked(request, name ? name : "", std::string(data, static_cast<size_t>(size)));
}

EMSCRIPTEN_KEEPALIVE void portal_on_text(portal::platform::WebShell* shell, const char* text) {
    shell->OnText(text ? text : "");
}

EMSCRIPTEN_KEEPALIVE void portal_on_paste(portal::platform::WebShell* shell, const char* text) {
    shell->OnPaste(text ? text : "");
}

EMSCRIPTEN_KEEPALIVE const char* portal_copy_text(portal::platform::WebShell* shell) {
    return shell->CopyForEvent();
}

// The accessible mirror (shell/mirror.js): an element activated or focused by the page, and the
// C++ side's counters for the benchmark (window.portalMirrorStats()).
EMSCRIPTEN_KEEPALIVE void portal_a11y_activate(portal::platform::WebShell* shell, unsigned key) {
    shell->OnMirrorActivate(key);
}

EMSCRIPTEN_KEEPALIVE void portal_a11y_focus(portal::platform::WebShell* shell, unsigned key) {
    shell->OnMirrorFocus(key);
}

EMSCRIPTEN_KEEPALIVE const char* portal_mirror_stats_json(portal::platform::WebShell* shell) {
    shell->scratch() = shell->app().TakeMirrorStatsJson();
    return shell->scratch().c_str();
}

EMSCRIPTEN_KEEPALIVE void portal_on_hash(portal::platform::WebShell* shell, const char* hash) {
    shell->app().OnLocationHash(hash ? hash : "");
}

// The display preferences changed (or are reported at start): see display_preferences.h.
EMSCRIPTEN_KEEPALIVE void portal_on_display_preferences(portal::platform::WebShell* shell,
                                                        int flags, const char* colors) {
    shell->app().SetDisplayPreferences(
        portal::platform::display_preferences::Parse(flags, colors ? colors : ""));
}

}  // extern "C"

int main() {
    // Lives as long as the page: the browser's event loop keeps calling into it after main returns.
    auto* shell = new portal::platform::WebShell();
    if (!shell->Start()) {
        portal::platform::browser::ShowFatalError(
            "This browser cannot run the portal: WebGL 2 is not available.");
    }
    return 0;
}
