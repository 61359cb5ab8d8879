// The page around the canvas: the address bar's hash, the loading screen, localStorage, the
// clipboard, downloads, the file dialog, the hidden text field that takes the keyboard while an
// ImGui text field is active, and the JavaScript entry points of the test bridge
// (window.portalItems / window.portalState).
#pragma once

#include <string>

namespace portal::platform {

class WebShell;

namespace browser {

// Installs window.portalItems(), window.portalState(), window.portalMemory() and the hashchange
// listener, and reports the current hash once. `shell` is handed back to the exported C functions.
void InstallHooks(WebShell* shell);
void SetLocationHash(const std::string& hash, bool push);
void HideLoadingScreen();
// navigator.languages joined by commas ("fr-FR,en-US"; navigator.language when the list is
// missing); and the local time's offset from UTC at a moment, in minutes
// east (Paris in winter: 60).
std::string Language();
int UtcOffsetMinutes(double epoch_seconds);
// localStorage; "" when absent or when storage is refused (private mode).
std::string LoadSetting(const std::string& key);
void SaveSetting(const std::string& key, const std::string& value);
void CopyText(const std::string& text);
void DownloadFile(const std::string& name, const std::string& mime, const std::string& content);
// Saves what a same-origin GET of `url` answers, as the answer's Content-Disposition names it
// (a link with `download`, clicked: the session's cookie goes with it, the bytes never enter
// the wasm heap).
void DownloadUrl(const std::string& url);
// Leaves the page for `url` (window.location.assign): single sign-on's start, a provider's
// sign-out page.
void Navigate(const std::string& url);
// Opens the file dialog; the file comes back through portal_on_file(shell, request, name, text).
void PickFile(WebShell* shell, int request, const std::string& accept);
void ShowFatalError(const std::string& message);
// macOS and iOS: Cmd instead of Ctrl for shortcuts, and the keyup events a browser there never
// sends while Cmd is held.
bool IsApplePlatform();

// Text entry. A canvas receives no text from dead keys, input methods (IME), on-screen
// keyboards or scripted `insertText`, so while an ImGui text field is active the keyboard focus
// moves to a visually hidden <textarea id="text-input">, whose `input` / `compositionend`
// events bring the text back through portal_on_text(shell, utf8). Keys still reach ImGui
// through GLFW's window listeners. `paste` events come back through
// portal_on_paste(shell, utf8); `copy` and `cut` ask portal_copy_text(shell) for what ImGui
// copies, and put it on the clipboard while the event lasts.
void InstallTextInput(WebShell* shell);
// After every frame: `active` while an ImGui text field is active (the text field takes the
// focus; otherwise the canvas does), `secret` for a password field (never copied), its caret at
// (x, y) with this line height in CSS pixels, where an IME shows its candidates. Touches the
// page only when something changed.
void SyncTextInput(bool active, bool read_only, bool secret, float x, float y, float line_height);
// True while the hidden text field has the focus: its `input` event, not GLFW's keypress,
// delivers the characters typed.
bool TextInputFocused();

}  // namespace browser
}  // namespace portal::platform
