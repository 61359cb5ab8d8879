// The page around the canvas: the address bar's hash, the loading screen, and the JavaScript
// entry points of the test bridge (window.portalItems / window.portalState).
#pragma once

#include <string>

namespace portal::platform {

class WebShell;

namespace browser {

// Installs window.portalItems(), window.portalState() and the hashchange listener, and reports
// the current hash once. `shell` is handed back to the exported C functions.
void InstallHooks(WebShell* shell);
void SetLocationHash(const std::string& hash, bool push);
void HideLoadingScreen();
// localStorage; "" when absent or when storage is refused (private mode).
std::string LoadSetting(const std::string& key);
void SaveSetting(const std::string& key, const std::string& value);
void CopyText(const std::string& text);
void DownloadFile(const std::string& name, const std::string& mime, const std::string& content);
// Opens the file dialog; the file comes back through portal_on_file(shell, request, name, text).
void PickFile(WebShell* shell, int request, const std::string& accept);
void ShowFatalError(const std::string& message);

}  // namespace browser
}  // namespace portal::platform
