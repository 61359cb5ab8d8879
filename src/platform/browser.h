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
void ShowFatalError(const std::string& message);

}  // namespace browser
}  // namespace portal::platform
